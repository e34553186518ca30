"""race.py: 200 clients (every one on its own connection, all released at
once) book the same slot, which has 3 places. Exactly three get 201, the rest
409 slot_full, and the database (opened read-only) holds three rows."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import threading

import fhtest
from fhtest import booking

CLIENTS = 200
START = "2026-03-03T10:00:00+08:00"


def main(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary(), capacity=3))
    try:
        srv.start()
        slots = ("/api/v1/offices/%s/slots?service=marriage&from=2026-03-03&to=2026-03-03"
                 % fhtest.OFFICE)
        # Asked before the race, so that a cached listing must be let go after.
        st, _, body = srv.request("GET", slots)
        c.check(START in [s["start"] for s in body["slots"]], "the slot is listed before")
        results = [None] * CLIENTS
        # Every client connects first, then all send together: at least 50
        # (here all 200) connections are open at once.
        barrier = threading.Barrier(CLIENTS)

        def client(i):
            conn = srv.connection(timeout=60)
            try:
                conn.connect()
                barrier.wait(timeout=60)
                st, _, body = srv.request("POST", "/api/v1/bookings",
                                          booking(START, 1000 + i), conn=conn)
                results[i] = (st, body.get("error", {}).get("code") if st != 201 else None)
            except Exception as e:  # noqa: BLE001 - reported as a failure below
                results[i] = ("exception", repr(e))
            finally:
                conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        created = sum(1 for r in results if r and r[0] == 201)
        full = sum(1 for r in results if r == (409, "slot_full"))
        other = [r for r in results if not r or (r[0] != 201 and r != (409, "slot_full"))]
        c.eq(created, 3, "201 answers")
        c.eq(full, CLIENTS - 3, "409 slot_full answers")
        c.eq(other[:5], [], "other answers")
        c.eq(srv.rows(), 3, "rows in the database")
        c.eq(srv.rows("status IN ('confirmed','pending')"), 3, "active rows")
        st, _, body = srv.request("GET", slots)
        c.check(START not in [s["start"] for s in body["slots"]], "the full slot is not listed")
    finally:
        srv.cleanup()


fhtest.run(main)
