"""durability_sync.py: what a kill -9 cannot show (durability.py): that every
booking answered 201 had reached the disk before its answer left. The server
runs with tests/e2e/fhsync.so preloaded, which numbers, in the order they
happen, the writes to the database's WAL (their bytes kept), the fsync and
fdatasync calls on the WAL and the database, and the answers leaving with a
booking code. For each acknowledged booking: its code is in a WAL write, a
sync of the WAL follows that write, and the answer leaves after that sync.
Also checked: the database file is in WAL mode, and every connection the
store closed ran with the journal mode WAL, the writer with synchronous FULL
(or EXTRA), the others read-only."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import os
import threading

import fhtest
from fhtest import booking

CLIENTS = 6
PER_CLIENT = 12
DAYS = ["2026-03-0%d" % d for d in (3, 4, 5, 6)]
TIMES = ["08:00", "09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]


def shim():
    path = os.path.join(os.environ.get("FLEXHOURS_BUILDDIR", "."), "tests", "e2e", "fhsync.so")
    if not os.path.exists(path):
        raise fhtest.Failure("tests/e2e/fhsync.so is not built (make check builds it)")
    return os.path.abspath(path)


def events(d):
    out = []
    with open(os.path.join(d, "events")) as f:
        for line in f:
            parts = line.split()
            out.append((int(parts[0]), parts[1], parts[2:]))
    return out


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=400,
                             limits={"per_person_per_day": 0, "per_person_per_service": 0})
    srv = fhtest.Server(cfg)
    trace = os.path.join(srv.dir, "trace")
    os.mkdir(trace)
    srv.env = {"LD_PRELOAD": shim(), "FH_SYNC_DIR": trace,
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
    try:
        srv.start()
        acked, lock = [], threading.Lock()

        def client(k):
            for n in range(PER_CLIENT):
                slot = "%sT%s:00+08:00" % (DAYS[(n + k) % len(DAYS)], TIMES[(n * 3 + k) % len(TIMES)])
                st, _, body = srv.request("POST", "/api/v1/bookings", booking(slot, k * 1000 + n))
                if c.eq(st, 201, "booking %d of client %d" % (n, k)):
                    with lock:
                        acked.append(body["code"])

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        c.eq(srv.stop(), 0, "a clean stop")
        check_trace(c, srv, trace, acked)
    finally:
        srv.cleanup()


def check_trace(c, srv, trace, acked):
    ev = events(trace)
    with open(os.path.join(trace, "wal"), "rb") as f:
        wal = f.read()
    writes = [(n, int(a[0]), int(a[1])) for n, kind, a in ev if kind == "walwrite"]
    wal_syncs = [n for n, kind, a in ev if kind == "sync" and a[0] == "wal"]
    answers = {}
    for n, kind, a in ev:
        if kind == "answer":
            answers.setdefault(a[0], n)  # the first answer naming the code
    c.check(len(acked) == CLIENTS * PER_CLIENT, "every booking acknowledged (%d)" % len(acked))
    c.check(len(wal_syncs) > 0, "the WAL was synced (%d times)" % len(wal_syncs))
    print("%d WAL writes, %d WAL syncs for %d bookings (group commit)"
          % (len(writes), len(wal_syncs), len(acked)))
    unsynced = []
    for code in acked:
        # The first WAL write holding the booking's code.
        written = next((n for n, off, ln in writes if code.encode() in wal[off:off + ln]), None)
        synced = next((s for s in wal_syncs if written is not None and s > written), None)
        answered = answers.get(code)
        if written is None or synced is None or answered is None or answered < synced:
            unsynced.append((code, written, synced, answered))
    c.eq(unsynced[:5], [], "bookings answered before their WAL write was synced "
                           "(code, write, sync, answer event numbers)")

    # The modes the store ran with, read as each connection closed.
    closes = [a for n, kind, a in ev if kind == "close"]
    c.check(len(closes) >= 2, "the store's connections closed (%d)" % len(closes))
    writers = [a for a in closes if a[2] == "0"]
    c.check(len(writers) >= 1, "a writer connection among them: %s" % closes)
    for sync, journal, _ in writers:
        c.check(sync in ("2", "3"), "the writer runs with synchronous FULL or EXTRA, not %s" % sync)
    for _, journal, _ in closes:
        c.eq(journal, "wal", "journal_mode")
    with open(srv.db, "rb") as f:
        header = f.read(20)
    c.eq((header[18], header[19]), (2, 2), "the database file's header says WAL")


fhtest.run(main)
