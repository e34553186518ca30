"""durability.py: clients keep booking while the server is killed with
SIGKILL; after a restart on the same database, every booking that was
answered 201 is there and readable with its manage token."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import threading
import time

import fhtest
from fhtest import booking

CLIENTS = 8
# Weekday regular and noon/evening starts over the days booking is open.
DAYS = ["2026-03-0%d" % d for d in (3, 4, 5, 6)] + ["2026-03-09"]
TIMES = ["08:00", "09:00", "10:00", "11:00", "12:00", "14:00", "15:00", "16:00", "17:30"]


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=400,
                             limits={"per_person_per_day": 0, "per_person_per_service": 0})
    srv = fhtest.Server(cfg)
    try:
        srv.start()
        acked = []  # (code, token, start) answered 201
        lock = threading.Lock()
        stop = threading.Event()
        errors = []

        def client(k):
            n = 0
            while not stop.is_set():
                n += 1
                slot = "%sT%s:00+08:00" % (DAYS[n % len(DAYS)], TIMES[(n + k) % len(TIMES)])
                try:
                    st, _, body = srv.request("POST", "/api/v1/bookings",
                                              booking(slot, k * 100000 + n), timeout=10)
                except OSError:
                    return  # the server is gone
                if st == 201:
                    with lock:
                        acked.append((body["code"], body["manage_token"], body["start"]))
                elif st != 409:
                    errors.append((st, body))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        # Kill once bookings are flowing, while clients are mid-request.
        deadline = time.monotonic() + 20
        while len(acked) < 300 and time.monotonic() < deadline:
            time.sleep(0.01)
        srv.kill9()
        stop.set()
        for t in threads:
            t.join(30)
        c.check(len(acked) >= 50, "bookings were acknowledged before the kill (%d)" % len(acked))
        c.eq(errors[:3], [], "unexpected answers")

        srv.start()
        missing = []
        for code, token, start in acked:
            st, _, body = srv.request("GET", "/api/v1/bookings/" + code,
                                      headers={"X-Manage-Token": token})
            if st != 200 or body.get("start") != start or body.get("status") != "confirmed":
                missing.append((code, st))
        c.eq(missing[:5], [], "acknowledged bookings after the restart (%d checked)" % len(acked))
        c.check(srv.rows() >= len(acked), "rows >= acknowledged bookings")
        c.eq(srv.stop(), 0, "clean stop after the restart")
    finally:
        srv.cleanup()


fhtest.run(main)
