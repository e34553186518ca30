"""roster_race.py: a manager shrinks a published noon window (3 counters, 3
on duty) to one person while 40 clients rush for one of its slots. The order
of the edit and the bookings is forced, not left to chance:
tests/e2e/fhsync.so, preloaded into the server, holds one transaction's
commit (its sync of the WAL, inside the server's change lock) until the test
lets it go, so what is sent meanwhile is judged after it.

- the edit first: the edit's commit is held while the 40 bookings arrive:
  the edit goes through and exactly one booking takes the one place left;
- the edit during the rush, after one booking: that booking's commit is
  held while the edit arrives: the edit goes through (one booking, one
  place), the 39 others are refused slot_full;
- the edit during the rush, after three bookings: the third's commit is
  held while the edit arrives: the edit is refused (409 roster_overbooked),
  three stay on duty, the others are refused slot_full;
- and a round left to chance, where only the invariant is asserted: no slot
  ends with more active bookings than places."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import datetime
import os
import threading
import time

import fhtest
from fhtest import OFFICE, booking

CLIENTS = 40
MONTH = "2026-03"
# Working days of the week after NOW (a Monday): each round takes its own.
DAYS = ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]
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


def shim():
    path = os.path.join(os.environ.get("FLEXHOURS_BUILDDIR", "."), "tests", "e2e", "fhsync.so")
    if not os.path.exists(path):
        raise fhtest.Failure("tests/e2e/fhsync.so is not built (make check builds it)")
    return os.path.abspath(path)


class Gate:
    """Holds the commit of the next transaction whose WAL writes hold marker."""

    def __init__(self, trace):
        self.arm_path = os.path.join(trace, "arm")
        self.held_path = os.path.join(trace, "held")

    def arm(self, marker):
        with open(self.arm_path + ".new", "wb") as f:
            f.write(marker)
        os.rename(self.arm_path + ".new", self.arm_path)

    def wait_held(self, c, what):
        deadline = time.monotonic() + 60  # a hang guard, not a measure
        while not os.path.exists(self.held_path) and time.monotonic() < deadline:
            time.sleep(0.005)
        return c.check(os.path.exists(self.held_path), "%s: its commit is held" % what)

    def release(self):
        if os.path.exists(self.held_path):
            os.unlink(self.held_path)
        if os.path.exists(self.arm_path):
            os.unlink(self.arm_path)


def book(srv, start, n, results, i):
    try:
        st, _, body = srv.request("POST", "/api/v1/bookings",
                                  booking(start, n, service="name_change"), timeout=120)
        results[i] = (st, body.get("error", {}).get("code") if st != 201 else None)
    except Exception as e:  # noqa: BLE001 - reported as a failure below
        results[i] = ("exception", repr(e))


def edit(srv, day, staff, out):
    st, _, body = srv.request("POST", "/api/v1/offices/%s/roster/%s/duties" % (OFFICE, MONTH),
                              {"date": day, "duty": "noon", "staff": staff}, srv.manager(),
                              timeout=120)
    out["status"] = st
    out["code"] = body.get("error", {}).get("code") if st != 200 else None


def started(target, *args):
    t = threading.Thread(target=target, args=args)
    t.start()
    return t


def settle(c, srv, day, results, created_want, edit_result, edit_want, places_want):
    created = sum(1 for r in results if r and r[0] == 201)
    other = [r for r in results if not r or (r[0] != 201 and r != (409, "slot_full"))]
    c.eq(other[:5], [], "%s: only 201 or 409 slot_full" % day)
    c.eq(created, created_want, "%s: bookings that got a place" % day)
    c.eq((edit_result.get("status"), edit_result.get("code")), edit_want, "%s: the edit" % day)
    c.eq(len(on_duty(srv, day)), places_want, "%s: people on duty after the rush" % day)
    c.eq(active_at(srv, day), created, "%s: the database holds the bookings answered 201" % day)


def active_at(srv, day):
    y, mo, d = (int(x) for x in day.split("-"))
    minute = (datetime.datetime(y, mo, d, 12, 0) - datetime.datetime(1970, 1, 1)
              ).total_seconds() // 60
    return srv.rows("window_name = 'noon' AND start_min = %d AND status IN "
                    "('pending', 'confirmed', 'checked_in')" % minute)


MARKER = b"name_change"  # the service booked in the rush: in each booking's WAL writes


def edit_first(c, srv, gate, day, n):
    start, staff = day + "T12:00:00+08:00", on_duty(srv, day)
    c.eq(len(staff), 3, "%s: three on duty before the rush" % day)
    # The next transaction to commit must be the edit's: once the outbox has
    # sent what generate and publish queued, nothing else writes.
    deadline = time.monotonic() + 60  # a hang guard
    while time.monotonic() < deadline:
        st, _, queued = srv.request("GET", "/api/v1/outbox?status=queued", headers=srv.manager())
        if st == 200 and queued == []:
            break
        time.sleep(0.02)
    c.eq(queued, [], "%s: the outbox is idle before the edit" % day)
    gate.arm(b"")
    result = {}
    t = started(edit, srv, day, staff[:1], result)
    gate.wait_held(c, "%s: the edit" % day)
    results = [None] * CLIENTS
    threads = [started(book, srv, start, n * 1000 + i, results, i) for i in range(CLIENTS)]
    time.sleep(0.2)  # let them arrive; any later one is judged after the edit all the same
    gate.release()
    for x in threads + [t]:
        x.join(180)
    settle(c, srv, day, results, 1, result, (200, None), 1)


def edit_after(c, srv, gate, day, n, before, edit_want, created_want, places_want):
    start, staff = day + "T12:00:00+08:00", on_duty(srv, day)
    c.eq(len(staff), 3, "%s: three on duty before the rush" % day)
    results = [None] * CLIENTS
    for i in range(before - 1):
        book(srv, start, n * 1000 + i, results, i)
    gate.arm(MARKER)
    last = started(book, srv, start, n * 1000 + before - 1, results, before - 1)
    gate.wait_held(c, "%s: booking %d" % (day, before))
    result = {}
    t = started(edit, srv, day, staff[:1], result)
    time.sleep(0.2)  # let the edit arrive; a later one lands after the booking all the same
    gate.release()
    last.join(180)
    t.join(180)
    c.eq(results[before - 1], (201, None), "%s: booking %d, held, got its place" % (day, before))
    threads = [started(book, srv, start, n * 1000 + i, results, i)
               for i in range(before, CLIENTS)]
    for x in threads:
        x.join(180)
    settle(c, srv, day, results, created_want, result, edit_want, places_want)


def free_round(c, srv, day, n):
    """The rush and the edit at once, in whatever order they come."""
    start, staff = day + "T12:00:00+08:00", on_duty(srv, day)
    barrier = threading.Barrier(CLIENTS + 1)
    results, result = [None] * CLIENTS, {}

    def client(i):
        barrier.wait(timeout=60)
        book(srv, start, n * 1000 + i, results, i)

    def manager():
        barrier.wait(timeout=60)
        time.sleep(0.004)
        edit(srv, day, staff[:1], result)

    threads = [started(client, i) for i in range(CLIENTS)] + [started(manager)]
    for x in threads:
        x.join(180)
    created = sum(1 for r in results if r and r[0] == 201)
    places = len(on_duty(srv, day))
    c.eq(active_at(srv, day), created, "%s: the database holds the bookings answered 201" % day)
    c.check(created <= places or (result.get("status") == 200 and created <= 1),
            "%s: %d bookings for %d places (edit %s)" % (day, created, places, result))
    c.check(result.get("status") == 200 or result.get("code") == "roster_overbooked",
            "%s: the edit went through or was refused for the bookings: %s" % (day, result))


def main(c):
    srv = fhtest.Server(config())
    trace = os.path.join(srv.dir, "trace")
    os.mkdir(trace)
    srv.env = {"LD_PRELOAD": shim(), "FH_SYNC_DIR": trace,
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
    gate = Gate(trace)
    try:
        srv.start()
        m = srv.manager()
        base = "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH)
        st, _, _ = srv.request("POST", base + "/generate", headers=m)
        c.eq(st, 200, "generate")
        st, _, _ = srv.request("POST", base + "/publish", headers=m)
        c.eq(st, 200, "publish")
        edit_first(c, srv, gate, DAYS[0], 1)
        edit_after(c, srv, gate, DAYS[1], 2, 1, (200, None), 1, 1)
        edit_after(c, srv, gate, DAYS[2], 3, 3, (409, "roster_overbooked"), 3, 3)
        free_round(c, srv, DAYS[3], 4)
    finally:
        gate.release()
        srv.cleanup()


if __name__ == "__main__":
    fhtest.run(main)
