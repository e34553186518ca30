"""occupancy_race.py: the places taken per slot, which the store keeps
instead of recounting the bookings (issue 14), stay equal to a recount while
everything that moves them happens at once against the running server:
many clients book, cancel and move their bookings over a few contended
slots of several days, while a manager changes the noon roster of one day
as the rush begins and of another halfway, closes a third day halfway, and
`flexhours check` is run beside the server twice during the rush.
Afterwards:

- `flexhours check --db` says the kept counts equal a recount (exit 0);
- no slot holds more active bookings than its places (the window's
  capacity, or the staff on duty of a rostered noon), counted here from the
  booking rows themselves, not from the kept counts;
- the closed day holds no active booking;
- every slot the listing shows has the places left that the rows give;
- the server never answered 5xx.

The interleaving is left to chance: only the invariants are asserted."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import datetime
import random
import sqlite3
import threading

import fhtest
from fhtest import OFFICE, booking

CLIENTS = 16
OPERATIONS = 30  # per client
MONTH = "2026-03"
# Working days after NOW (Monday 2026-03-02). CLOSED is closed halfway; the
# noon roster of each of SHRUNK goes from three people to two, the first as
# the rush begins (most likely taken), the second halfway (most likely
# refused for the bookings): either answer is right, the places follow it.
DAYS = ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"]
CLOSED, SHRUNK = "2026-03-05", ["2026-03-04", "2026-03-06"]
# A few slots per day, so that clients contend for them: two of the morning
# (regular window), the noon window's three. A marriage takes an hour (two
# slots); at 13:00 it is no slot at all, which is refused like others.
TIMES = ["09:00", "09:30", "12:00", "12:30", "13:00"]
SERVICES = ["name_change", "name_change", "marriage"]
STAFF = ["s%d" % i for i in range(12)]
CAPACITY = 3
SLOT_MINUTES = 30
ACTIVE = "('pending', 'confirmed', 'checked_in')"


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=CAPACITY)
    office = cfg["offices"][0]
    office["staff"] = [{"id": s, "name": "職員 %s" % s, "skills": "all"} for s in STAFF]
    office["roster"] = {"min_staff": {"noon": 3, "evening": 1, "saturday": 1, "holiday": 0},
                        "max_duties_per_month": 20}
    return cfg


def start_of(day, time):
    return "%sT%s:00+08:00" % (day, time)


def minute_of(day, time):
    """Office-local minutes since 1970, as the store keeps start_min."""
    y, mo, d = (int(x) for x in day.split("-"))
    hh, mm = (int(x) for x in time.split(":"))
    return int((datetime.datetime(y, mo, d, hh, mm) - datetime.datetime(1970, 1, 1)
                ).total_seconds() // 60)


class Tally:
    """Answers by kind, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.bad = []

    def add(self, what, status, body):
        code = body.get("error", {}).get("code") if isinstance(body, dict) else None
        with self.lock:
            key = "%s %s%s" % (what, status, " " + code if code else "")
            self.counts[key] = self.counts.get(key, 0) + 1
            if not isinstance(status, int) or status >= 500:
                self.bad.append((what, status, body))


def client(srv, k, tally, halfway):
    """Books, cancels and moves its own bookings at random (seeded)."""
    rng = random.Random(1000 + k)
    mine = []  # (code, token)
    conn = srv.connection(timeout=120)
    try:
        for i in range(OPERATIONS):
            if i == OPERATIONS // 2:
                halfway.wait(timeout=300)  # a hang guard, not a measure
            roll = rng.random()
            try:
                if not mine or roll < 0.5:
                    start = start_of(rng.choice(DAYS), rng.choice(TIMES))
                    st, _, body = srv.request("POST", "/api/v1/bookings",
                                              booking(start, 10_000 + k * 100 + i,
                                                      service=rng.choice(SERVICES)), conn=conn)
                    tally.add("book", st, body)
                    if st == 201:
                        mine.append((body["code"], body["manage_token"]))
                elif roll < 0.7:
                    code, token = mine.pop(rng.randrange(len(mine)))
                    st, _, body = srv.request("DELETE", "/api/v1/bookings/" + code,
                                              headers={"X-Manage-Token": token}, conn=conn)
                    tally.add("cancel", st, body)
                else:
                    code, token = rng.choice(mine)
                    start = start_of(rng.choice(DAYS), rng.choice(TIMES))
                    st, _, body = srv.request("POST", "/api/v1/bookings/%s/reschedule" % code,
                                              {"start": start}, {"X-Manage-Token": token},
                                              conn=conn)
                    tally.add("move", st, body)
            except Exception as e:  # noqa: BLE001 - a dropped connection is a failure
                tally.add("request", "exception", {"error": {"message": repr(e)}})
                conn.close()
                conn = srv.connection(timeout=120)
    finally:
        conn.close()


def shrink(srv, day, tally):
    """Two people instead of three on the noon of day. Not forced: it goes
    through when the bookings still fit, and is refused (409
    roster_overbooked) when they would not."""
    m = srv.manager()
    st, _, doc = srv.request("GET", "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH), headers=m)
    staff = [a["staff"] for a in doc["assignments"] if (a["date"], a["duty"]) == (day, "noon")]
    st, _, body = srv.request("POST", "/api/v1/offices/%s/roster/%s/duties" % (OFFICE, MONTH),
                              {"date": day, "duty": "noon", "staff": staff[:2]}, m, timeout=120)
    tally.add("roster " + day, st, body)


def manager(srv, tally, halfway, checks):
    """A roster change as the rush begins; halfway a closure, another
    roster change and the check beside, twice."""
    shrink(srv, SHRUNK[0], tally)
    halfway.wait(timeout=300)  # a hang guard, not a measure
    checks.append(fhtest.cli(srv, "check"))
    st, _, body = srv.request("POST", "/api/v1/offices/%s/closures" % OFFICE,
                              {"date": CLOSED, "reason": "颱風停班"}, srv.manager(), timeout=120)
    tally.add("closure", st, body)
    shrink(srv, SHRUNK[1], tally)
    checks.append(fhtest.cli(srv, "check"))


def noon_staff(srv):
    st, _, doc = srv.request("GET", "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH),
                             headers=srv.manager())
    out = {}
    for a in doc["assignments"]:
        if a["duty"] == "noon":
            out[a["date"]] = out.get(a["date"], 0) + 1
    return out


def used_slots(srv):
    """Active bookings per slot start (office-local minute), and each slot's
    window, counted from the booking rows."""
    con = sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=30)
    try:
        rows = con.execute("SELECT start_min, minutes, window_name FROM booking"
                           " WHERE office = ? AND status IN " + ACTIVE, (OFFICE,)).fetchall()
    finally:
        con.close()
    used, window = {}, {}
    for start, minutes, name in rows:
        for k in range(-(-max(minutes, 1) // SLOT_MINUTES)):
            t = start + k * SLOT_MINUTES
            used[t] = used.get(t, 0) + 1
            window[t] = name
    return used, window


def places_of(day, name, staff):
    if name == "noon":
        return min(CAPACITY, staff.get(day, 0))
    return CAPACITY


def main(c):
    srv = fhtest.Server(config())
    try:
        srv.start()
        m = srv.manager()
        base = "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH)
        c.eq(srv.request("POST", base + "/generate", headers=m)[0], 200, "generate")
        c.eq(srv.request("POST", base + "/publish", headers=m)[0], 200, "publish")

        tally, checks = Tally(), []
        halfway = threading.Barrier(CLIENTS + 1)
        threads = [threading.Thread(target=client, args=(srv, k, tally, halfway))
                   for k in range(CLIENTS)]
        threads.append(threading.Thread(target=manager, args=(srv, tally, halfway, checks)))
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        c.check(not any(t.is_alive() for t in threads), "every client finished")
        print("answers:", ", ".join("%s: %d" % kv for kv in sorted(tally.counts.items())))
        c.eq(tally.bad[:5], [], "answers that are 5xx or no answer")
        c.eq(tally.counts.get("closure 200"), 1, "the closure went through")
        for day in SHRUNK:
            took = tally.counts.get("roster %s 200" % day, 0)
            refused = tally.counts.get("roster %s 409 roster_overbooked" % day, 0)
            c.eq(took + refused, 1, "the roster edit of %s went through or was refused for the "
                 "bookings" % day)
        c.check(tally.counts.get("book 201", 0) > CLIENTS, "bookings were taken")
        c.check(tally.counts.get("book 409 slot_full", 0) > 0, "slots were contended")
        c.check(tally.counts.get("move 200", 0) > 0, "bookings were moved")
        c.check(tally.counts.get("cancel 200", 0) > 0, "bookings were cancelled")

        # The check beside the running server, and after.
        for i, r in enumerate(checks):
            c.eq(r.returncode, 0, "flexhours check %d during the rush: %s%s" %
                 (i + 1, r.stdout, r.stderr))
        r = fhtest.cli(srv, "check")
        c.eq(r.returncode, 0, "flexhours check after the rush: %s%s" % (r.stdout, r.stderr))
        active = srv.rows("office = '%s' AND status IN %s" % (OFFICE, ACTIVE))
        c.check("kept counts equal a recount of the bookings: %d place" % active in r.stdout,
                "the check counts the %d active bookings: %s" % (active, r.stdout))

        # No slot over its places, counted from the rows.
        staff = noon_staff(srv)
        for day in SHRUNK:
            c.eq(staff.get(day), 2 if tally.counts.get("roster %s 200" % day) else 3,
                 "the noon roster of %s" % day)
        used, window = used_slots(srv)
        for t, n in sorted(used.items()):
            day = (datetime.datetime(1970, 1, 1) + datetime.timedelta(minutes=t))
            places = places_of(day.strftime("%Y-%m-%d"), window[t], staff)
            c.check(n <= places, "%s holds %d bookings for %d places" % (day, n, places))
        closed_day = minute_of(CLOSED, "00:00") // 1440
        c.eq(sum(n for t, n in used.items() if t // 1440 == closed_day), 0,
             "active bookings on the closed day")

        # The listing (from the kept counts) agrees with the rows.
        for day in DAYS:
            st, _, body = srv.request("GET", "/api/v1/offices/%s/slots?service=name_change"
                                      "&from=%s&to=%s" % (OFFICE, day, day))
            c.eq(st, 200, "the listing of %s" % day)
            for s in body.get("slots", []):
                time = s["start"][11:16]
                if time not in TIMES:
                    continue  # the evening's places follow its own roster
                t = minute_of(day, time)
                name = window.get(t, "noon" if "12:00" <= time < "13:30" else "regular")
                want = places_of(day, name, staff) - used.get(t, 0)
                c.eq(s["remaining"], want, "places left at %s %s" % (day, time))
            if day == CLOSED:
                c.eq(body.get("slots"), [], "no slot on the closed day")
    finally:
        srv.cleanup()


if __name__ == "__main__":
    fhtest.run(main)
