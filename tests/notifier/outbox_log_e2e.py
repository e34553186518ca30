"""outbox_log_e2e.py: without an SMTP server or SMS gateway, messages go to
the outbox file, a pass's messages under one fsync, recorded sent only
after it. 60 bookings queue 120 messages (an e-mail and an SMS each); a
server writes them, then `flexhours outbox send` runs passes with
tests/e2e/fhsync.so preloaded, which logs every write and fsync of the
file and can make its fsync fail:
- the file's folder is a plain file (the file cannot be opened): every
  message stays queued, with the reason, none recorded sent;
- the fsync fails after the messages were written: every message stays
  queued all the same (written is not durable);
- the folder is there: two passes (the command's batch is 100), two fsyncs
  of the file (and one of its folder, which it made), every message in the
  file, every one recorded sent, and no row of the outbox changed before
  the fsync of the pass that wrote it.
Each failed pass tries each message once: a retry is never due again in
the same run of passes.
The clock is the test's (FLEXHOURS_NOW), moved two hours between passes so
that the retries are due; nothing is timed."""
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import fhtest  # noqa: E402
from fhtest import booking  # noqa: E402

NOW = "2026-03-02T10:00:00+08:00"  # a Monday morning: no quiet hours for SMS
LATER = ["2026-03-02T12:00:00+08:00", "2026-03-02T14:00:00+08:00", "2026-03-02T16:00:00+08:00"]
BOOKINGS = 60
DAYS = (3, 4, 5, 6, 9)
HOURS = (8, 9, 10, 11, 13, 14, 15, 16)


def shim():
    path = os.path.join(os.environ.get("FLEXHOURS_BUILDDIR", "."), "tests", "e2e", "fhsync.so")
    if not os.path.exists(path):
        raise fhtest.Failure("tests/e2e/fhsync.so is not built (make check builds it)")
    return os.path.abspath(path)


def send(srv, now, trace, fail_fsync=False):
    """`flexhours outbox send` at now, traced into the folder trace (made
    here); with fail_fsync, the fsync of the outbox file fails."""
    os.makedirs(trace)
    if fail_fsync:
        open(os.path.join(trace, "fail-log"), "w").close()
    env = dict(os.environ, FLEXHOURS_NOW=now, LD_PRELOAD=shim(), FH_SYNC_DIR=trace,
               ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0")
    r = subprocess.run([srv.bin, "outbox", "send", "--config", srv.config_path, "--db", srv.db],
                       cwd=srv.dir, env=env, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise fhtest.Failure("outbox send: %s" % r.stderr)
    return r.stdout, events(trace)


def events(trace):
    out = []
    with open(os.path.join(trace, "events")) as f:
        for line in f:
            parts = line.split()
            out.append((int(parts[0]), parts[1], parts[2:]))
    return out


def messages(srv):
    """[(id, status, attempts, last error)] of the outbox, by `outbox list`."""
    r = fhtest.cli(srv, "outbox", "list", "--limit", "1000")
    if r.returncode != 0:
        raise fhtest.Failure("outbox list: %s" % r.stderr)
    out = []
    for line in r.stdout.splitlines()[1:-1]:
        f = line.split(None, 7)  # id, about, kind, via, status, attempts, due, error
        out.append((int(f[0]), f[4], int(f[5]), f[7] if len(f) > 7 else ""))
    return out


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["outbox_log"] = "spool/outbox.log"
    # A worker that waits a minute between passes, no reminders: the
    # messages are the bookings' and wait for the command's passes.
    cfg["notifier"] = {"poll_ms": 60000, "reminders": False, "retry_seconds": 60,
                       "max_attempts": 10}
    srv = fhtest.Server(cfg, now=NOW)
    spool = os.path.join(srv.dir, "spool")
    log = os.path.join(spool, "outbox.log")
    with open(spool, "w"):
        pass  # a plain file where the folder should be: the outbox file cannot be opened
    try:
        srv.start()
        for n in range(BOOKINGS):
            start = "2026-03-%02dT%02d:00:00+08:00" % (DAYS[n % 5], HOURS[n // 5 % 8])
            st, _, body = srv.request("POST", "/api/v1/bookings",
                                      booking(start, 500 + n, service="household_transcript"))
            c.eq(st, 201, "booking %d (%s)" % (n, body))
        c.eq(srv.stop(), 0, "a clean stop")
        queued = messages(srv)
        c.eq(len(queued), 2 * BOOKINGS, "an e-mail and an SMS for each booking")
        c.check(all(m[1] == "queued" for m in queued), "all queued")

        # 1. The file cannot be opened.
        out, ev = send(srv, LATER[0], os.path.join(srv.dir, "trace1"))
        c.check("%d messages handled" % (2 * BOOKINGS) in out, "the passes handled all: " + out)
        after = messages(srv)
        c.eq(sorted({m[1] for m in after}), ["queued"], "none recorded sent when it cannot open")
        c.check(all("outbox file: open: Not a directory" in m[3] for m in after),
                "each with the reason: %s" % after[:2])
        # Tried once by this command: a retry is not due again in the same
        # run of passes (an SMS's retry time once rounded down to its minute).
        tried = {m[0]: m[2] for m in queued}
        c.check(all(m[2] == tried[m[0]] + 1 for m in after),
                "each tried exactly once more: %s" % [m for m in after if m[2] != tried[m[0]] + 1][:3])
        c.eq([e for e in ev if e[1] in ("logwrite", "sync") and e[2][:1] == ["log"]], [],
             "nothing written to or synced of the outbox file")

        # 2. Written, but the fsync fails: not durable, so not sent.
        os.remove(spool)
        os.mkdir(spool)
        out, ev = send(srv, LATER[1], os.path.join(srv.dir, "trace2"), fail_fsync=True)
        writes = [e for e in ev if e[1] == "logwrite"]
        c.check(len(writes) >= 2 * BOOKINGS, "the messages were written (%d writes)" % len(writes))
        after = messages(srv)
        c.eq(sorted({m[1] for m in after}), ["queued"], "none recorded sent when the fsync fails")
        c.check(all("outbox file: fsync: Input/output error" in m[3] for m in after),
                "each with the reason: %s" % after[:2])
        attempts = {m[0]: m[2] for m in after}

        # 3. The folder is there and the disk obliges.
        os.remove(log)  # what the failed pass left (it may stay; here the count is exact)
        out, ev = send(srv, LATER[2], os.path.join(srv.dir, "trace3"))
        after = messages(srv)
        c.eq(sorted({m[1] for m in after}), ["sent"], "every message recorded sent")
        c.check(all(m[2] == attempts[m[0]] + 1 for m in after), "each tried once more")
        with open(log, encoding="utf-8") as f:
            text = f.read()
        ids = [int(i) for i in re.findall(r"^==== \S+ (?:email|sms) #(\d+) ", text, re.M)]
        c.eq(sorted(ids), sorted(m[0] for m in after), "each message in the file, once")
        log_syncs = [e[0] for e in ev if e[1] == "sync" and e[2][0] == "log"]
        dir_syncs = [e[0] for e in ev if e[1] == "sync" and e[2][0] == "dir" and
                     os.path.realpath(e[2][1]) == os.path.realpath(spool)]
        c.eq(len(log_syncs), 2, "one fsync of the file a pass (100 and 20 messages)")
        c.check(len(dir_syncs) >= 1, "its folder synced once the file was made")
        # The outcomes go to the database after the pass's fsync: no WAL
        # write of the command comes between the first write to the file
        # and the fsync that makes it durable.
        first_write = min(e[0] for e in ev if e[1] == "logwrite")
        wal = [e[0] for e in ev if e[1] == "walwrite"]
        c.check(not [w for w in wal if first_write < w < log_syncs[0]],
                "no outcome recorded between a pass's writes and its fsync")
        c.check(any(w > log_syncs[0] for w in wal), "the outcomes recorded after it")
        print("outbox file: %d messages, %d fsyncs of the file, %d writes"
              % (len(ids), len(log_syncs), len([e for e in ev if e[1] == "logwrite"])))
    finally:
        srv.cleanup()


fhtest.run(main)
