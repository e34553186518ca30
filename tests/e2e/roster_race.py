"""roster_race.py: a manager shrinks a published noon window while couples
rush for it. Rounds of 40 clients book one noon slot (3 counters, 3 on
duty) on connections all released at once, while a manager's edit takes the
duty down to one person in the middle of the rush. Whatever the order, no
slot ends with more active bookings than places: either the edit was refused
(409 roster_overbooked, three places stay) or it went through and at most
one booking holds the slot."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import datetime
import threading
import time

import fhtest
from fhtest import OFFICE, booking

CLIENTS = 40
MONTH = "2026-03"
# Working days of the week after NOW (a Monday): each round takes its own,
# with the couples a little later each time, so that the edit lands before,
# among and after the bookings.
DAYS = ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]
DELAYS = [0.0, 0.004, 0.015, 0.1]
STAFF = ["s%d" % i for i in range(12)]


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    office = cfg["offices"][0]
    office["staff"] = [{"id": s, "name": "職員 %s" % s, "skills": "all"} for s in STAFF]
    office["roster"] = {"min_staff": {"noon": 3, "evening": 1, "saturday": 1, "holiday": 0},
                        "max_duties_per_month": 20}
    return cfg


def on_duty(srv, day):
    st, _, doc = srv.request("GET", "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH),
                             headers=srv.manager())
    return [a["staff"] for a in doc["assignments"] if (a["date"], a["duty"]) == (day, "noon")]


def round_(c, srv, day, n, delay):
    start = day + "T12:00:00+08:00"
    staff = on_duty(srv, day)
    c.eq(len(staff), 3, "%s: three on duty before the rush" % day)
    barrier = threading.Barrier(CLIENTS + 1)
    results = [None] * CLIENTS
    edit = {}

    def client(i):
        conn = srv.connection(timeout=60)
        try:
            conn.connect()
            barrier.wait(timeout=60)
            time.sleep(delay)
            st, _, body = srv.request("POST", "/api/v1/bookings",
                                      booking(start, n * 1000 + i, service="name_change"),
                                      conn=conn)
            results[i] = (st, body.get("error", {}).get("code") if st != 201 else None)
        except Exception as e:  # noqa: BLE001 - reported as a failure below
            results[i] = ("exception", repr(e))
        finally:
            conn.close()

    def manager():
        conn = srv.connection(timeout=60)
        try:
            conn.connect()
            barrier.wait(timeout=60)
            st, _, body = srv.request("POST", "/api/v1/offices/%s/roster/%s/duties"
                                      % (OFFICE, MONTH),
                                      {"date": day, "duty": "noon", "staff": staff[:1]},
                                      srv.manager(), conn=conn)
            edit["status"] = st
            edit["code"] = body.get("error", {}).get("code") if st != 200 else None
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    threads.append(threading.Thread(target=manager))
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    created = sum(1 for r in results if r and r[0] == 201)
    other = [r for r in results if not r or (r[0] != 201 and r != (409, "slot_full"))]
    c.eq(other[:5], [], "%s: only 201 or 409 slot_full" % day)
    # What the database holds at that slot, read-only beside the server.
    y, mo, d = (int(x) for x in day.split("-"))
    minute = (datetime.datetime(y, mo, d, 12, 0) - datetime.datetime(1970, 1, 1)
              ).total_seconds() // 60
    active = srv.rows("window_name = 'noon' AND start_min = %d AND status IN "
                      "('pending', 'confirmed', 'checked_in')" % minute)
    c.eq(active, created, "%s: the database holds the bookings answered 201" % day)
    places = len(on_duty(srv, day))
    if edit.get("status") == 200:
        c.eq(places, 1, "%s: the edit went through" % day)
        c.check(created <= 1, "%s: the edit went through, yet %d bookings hold the slot"
                % (day, created))
    else:
        c.eq((edit.get("status"), edit.get("code")), (409, "roster_overbooked"),
             "%s: the edit was refused for the bookings" % day)
        c.eq(places, 3, "%s: a refused edit keeps three on duty" % day)
        c.check(created <= 3, "%s: %d bookings for three places" % (day, created))
    c.check(created >= 1, "%s: somebody got the slot" % day)
    return edit.get("status")


def main(c):
    srv = fhtest.Server(config())
    try:
        srv.start()
        m = srv.manager()
        base = "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH)
        st, _, _ = srv.request("POST", base + "/generate", headers=m)
        c.eq(st, 200, "generate")
        st, _, _ = srv.request("POST", base + "/publish", headers=m)
        c.eq(st, 200, "publish")
        outcomes = [round_(c, srv, day, n, delay)
                    for n, (day, delay) in enumerate(zip(DAYS, DELAYS), 1)]
        print("edits:", outcomes)
    finally:
        srv.cleanup()


if __name__ == "__main__":
    fhtest.run(main)
