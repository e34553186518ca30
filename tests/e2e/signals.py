"""signals.py: SIGHUP reloads the configuration without stopping (it used
to end the server with status 129, losing the last log lines): a good file
is put in force, a bad one is logged with its fault and the one in force
kept; SIGTERM still stops the server with status 0.

The reload under load: client threads book and list slots without pause,
each over one keep-alive connection, while the test rewrites the file
(window capacity, a service's name, the rate limits) and sends SIGHUP
several times, with a bad file in between. No request may fail (no
connection reset, no 5xx, no answer other than the expected ones), the
answers after each reload show its configuration, and the server is the
same process throughout."""
import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import copy
import json
import os
import signal
import threading
import time

import fhtest
from fhtest import booking

CLIENTS = 4
# Days the clients book on; the capacity is read on another day.
BOOK_DAYS = ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]
QUIET_DAY = "2026-03-09"
HOURS = ["08:00", "09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]


def wait_for(srv, text, count=1, timeout=20):
    """Whether the server's log holds text count times within timeout
    seconds (the log is flushed every second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if srv.log().count(text) >= count:
            return True
        time.sleep(0.1)
    return False


def slots_path(day_from, day_to):
    return ("/api/v1/offices/%s/slots?service=marriage&from=%s&to=%s"
            % (fhtest.OFFICE, day_from, day_to))


def capacity_seen(srv):
    """The most places a slot of the quiet day offers: the window capacity
    in force."""
    st, _, body = srv.request("GET", slots_path(QUIET_DAY, QUIET_DAY))
    if st != 200 or not body.get("slots"):
        return (st, body)
    return max(s["remaining"] for s in body["slots"])


def marriage_name(srv):
    st, _, body = srv.request("GET", "/api/v1/offices/%s/services" % fhtest.OFFICE)
    if st != 200:
        return (st, body)
    return [s["name"]["en"] for s in body if s["id"] == "marriage"][0]


def write_config(srv, cfg):
    # Written aside and renamed, as an editor or a deployment does: the
    # server never reads half a file.
    with open(srv.config_path + ".new", "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False)
    os.replace(srv.config_path + ".new", srv.config_path)


def threads_open_to(pid, signo):
    """The threads of the process, but the main one, that do not block
    signal signo (Linux's /proc): a process-directed signal may go to any of
    them. The main thread waits for it (sigtimedwait, which lets the waited
    signals through while it waits)."""
    open_to = []
    for tid in os.listdir("/proc/%d/task" % pid):
        if int(tid) == pid:
            continue
        with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        if not int(fields["SigBlk"].strip(), 16) & (1 << (signo - 1)):
            open_to.append("%s (%s)" % (tid, fields["Name"].strip()))
    return open_to


def simple_reloads(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary())).start()
    try:
        # SIGHUP and SIGTERM are waited for by one thread: every thread
        # blocks them, or the kernel may hand one to a thread whose default
        # action ends the process (the store's checkpointer once did).
        for signo in (signal.SIGHUP, signal.SIGTERM):
            c.eq(threads_open_to(srv.proc.pid, signo), [],
                 "threads that do not block %s" % signal.Signals(signo).name)
        srv.proc.send_signal(signal.SIGHUP)
        c.check(wait_for(srv, "event=reload outcome=applied"),
                "SIGHUP with a good file: put in force")
        st, _, _ = srv.request("GET", "/healthz")
        c.eq((srv.proc.poll(), st), (None, 200), "...and the server still serves")

        with open(srv.config_path, "w") as f:
            json.dump({"offices": [], "listen": "127.0.0.1:1"}, f)
        srv.proc.send_signal(signal.SIGHUP)
        c.check(wait_for(srv, "event=reload outcome=invalid kept=previous") and
                "offices: must be a non-empty array" in srv.log(),
                "SIGHUP with a bad file: its fault named, the old configuration kept")
        st, _, body = srv.request("GET", "/api/v1/offices")
        c.eq((srv.proc.poll(), st), (None, 200), "...and the server still serves the old offices")
        c.eq([o.get("id") for o in body] if isinstance(body, list) else body,
             [fhtest.OFFICE], "the office is still there")
        c.eq(srv.stop(), 0, "SIGTERM after SIGHUPs: a clean stop")
    finally:
        srv.cleanup()


def reload_under_load(c):
    base = fhtest.test_config(fhtest.binary(), capacity=3)
    srv = fhtest.Server(base).start()
    stop = threading.Event()
    lock = threading.Lock()
    counts = {"requests": 0, "bookings": 0, "listings": 0}
    failures = []

    def client(k):
        conn = srv.connection(timeout=60)
        n = 0
        try:
            while not stop.is_set():
                n += 1
                day = BOOK_DAYS[n % len(BOOK_DAYS)]
                start = "%sT%s:00+08:00" % (day, HOURS[(n + k) % len(HOURS)])
                person = 100000 * (k + 1) + n
                try:
                    st, hdrs, body = srv.request("POST", "/api/v1/bookings",
                                                 booking(start, person), conn=conn)
                    code = body.get("error", {}).get("code") if isinstance(body, dict) else None
                    ok = st == 201 or (st in (409, 422) and code is not None)
                    if ok:
                        st, hdrs, body = srv.request("GET", slots_path(BOOK_DAYS[0], BOOK_DAYS[-1]),
                                                     conn=conn)
                        ok = st == 200 and isinstance(body, dict) and "slots" in body
                        kind = "listings"
                    else:
                        kind = "bookings"
                    # One connection throughout: a close would show here.
                    if hdrs.get("connection", "").lower() == "close":
                        ok = False
                    with lock:
                        counts["requests"] += 2 if kind == "listings" else 1
                        counts["bookings"] += 1
                        counts["listings"] += 1 if kind == "listings" else 0
                        if not ok:
                            failures.append((k, n, kind, st, body if st >= 400 else None))
                except Exception as e:  # noqa: BLE001 - every failure is reported below
                    with lock:
                        failures.append((k, n, "exception", repr(e)))
                    return
        finally:
            conn.close()

    try:
        pid = srv.proc.pid
        c.eq(capacity_seen(srv), 3, "before any reload: the capacity the server started with")
        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        applied = 0
        for step, capacity in enumerate([5, 7, 4, 9]):
            cfg = copy.deepcopy(base)
            office = cfg["offices"][0]
            for w in office["windows"]:
                w["capacity"] = capacity
            for s in office["services"]:
                if s["id"] == "marriage":
                    s["name"]["en"] = "Marriage registration (reload %d)" % step
            # Limits that follow the reload, none of which refuses the
            # clients' requests (one address, thousands a second).
            cfg["rate_limit"] = {"per_minute": 0, "failures_per_minute": 1000 + step,
                                 "connections_per_client": 64 + step}
            write_config(srv, cfg)
            with lock:
                before = counts["requests"]
            srv.proc.send_signal(signal.SIGHUP)
            applied += 1
            c.check(wait_for(srv, "event=reload outcome=applied", applied),
                    "reload %d applied" % step)
            c.eq(capacity_seen(srv), capacity, "after reload %d: the new capacity" % step)
            c.eq(marriage_name(srv), "Marriage registration (reload %d)" % step,
                 "after reload %d: the new service name" % step)
            # Let the clients run under the new configuration for a while.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with lock:
                    if counts["requests"] >= before + 50:
                        break
                time.sleep(0.05)
            if step == 1:
                # A bad file in between: logged, nothing changes.
                with open(srv.config_path, "w") as f:
                    f.write('{"offices": [{"id": "taichung-south", "windows": 3}]')
                srv.proc.send_signal(signal.SIGHUP)
                c.check(wait_for(srv, "event=reload outcome=invalid kept=previous"),
                        "a bad file between reloads: logged")
                c.eq(capacity_seen(srv), capacity, "...and the capacity in force kept")
                c.eq(marriage_name(srv), "Marriage registration (reload %d)" % step,
                     "...and the name in force kept")
        stop.set()
        for t in threads:
            t.join(60)
        c.eq(failures[:5], [], "requests that failed during the reloads")
        c.check(counts["requests"] >= 200,
                "the clients kept working through the reloads (%d requests, %d bookings tried)"
                % (counts["requests"], counts["bookings"]))
        print("# reload under load: %d requests (%d booking attempts, %d listings) over %d "
              "reloads, %d failed" % (counts["requests"], counts["bookings"], counts["listings"],
                                      applied, len(failures)))
        c.eq(srv.proc.pid, pid, "the same process")
        c.eq(srv.proc.poll(), None, "still running")
        # What a restart would need is named, not applied.
        cfg = copy.deepcopy(base)
        cfg["key_file"] = "elsewhere.key"
        write_config(srv, cfg)
        srv.proc.send_signal(signal.SIGHUP)
        c.check(wait_for(srv, "event=reload key=key_file outcome=changed applies=restart"),
                "a new key file: logged as taking effect at restart")
        c.eq(srv.request("GET", "/healthz")[0], 200, "...while the rest is in force")
        c.eq(srv.stop(), 0, "SIGTERM after the reloads: a clean stop")
    finally:
        stop.set()
        srv.cleanup()


def main(c):
    simple_reloads(c)
    reload_under_load(c)


fhtest.run(main)
