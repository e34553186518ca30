"""waitlist_race.py: 50 clients book, cancel, join waitlists and accept or
decline the places offered to them, all at once, on the same few places
(issue 15). Some offers are left alone; at the end the server is started
again 31 minutes later, when their holds expire. Afterwards:

- no slot ever holds more active bookings than its places, nor bookings and
  held places together (counted from the rows, not the kept counts);
- every offer is accounted for: accepted, declined or expired (or withdrawn),
  none still held; the accepts and declines the clients were answered match
  the rows, each accepted offer made exactly one booking at its place, and
  every offer had its message queued in the outbox;
- `flexhours check` (kept counts = a recount, holds included) passes beside
  the running server and after;
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

CLIENTS = 50
OPERATIONS = 16  # per client
CAPACITY = 2
DAYS = ["2026-03-03", "2026-03-04"]
TIMES = ["09:00", "09:30", "10:00"]
ACTIVE = "('pending', 'confirmed', 'checked_in')"
JOIN = "/api/v1/offices/%s/waitlist" % OFFICE


def start_of(day, time):
    return "%sT%s:00+08:00" % (day, time)


class Tally:
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


def client(srv, k, tally, halfway, accepted):
    rng = random.Random(5000 + k)
    mine = []     # bookings: (code, token)
    waiting = []  # entries: (code, token)
    conn = srv.connection(timeout=120)
    person = 20_000 + k * 100
    try:
        for i in range(OPERATIONS):
            if i == OPERATIONS // 2:
                halfway.wait(timeout=300)  # a hang guard, not a measure
            try:
                # Offers first: accept most, decline some, leave a few.
                for code, token in list(waiting):
                    st, _, e = srv.request("GET", "/api/v1/waitlist/" + code,
                                           headers={"X-Waitlist-Token": token}, conn=conn)
                    tally.add("entry", st, e)
                    if st != 200 or e.get("status") not in ("waiting", "offered"):
                        waiting.remove((code, token))
                        continue
                    offer = e.get("offer")
                    if offer is None:
                        continue
                    roll = rng.random()
                    if roll < 0.6:
                        st, _, b = srv.request("POST", "/api/v1/offers/%s/accept" % offer["token"],
                                               conn=conn)
                        tally.add("accept", st, b)
                        if st == 201:
                            mine.append((b["code"], b["manage_token"]))
                            with tally.lock:
                                accepted.append((b["code"], b["start"]))
                    elif roll < 0.85:
                        st, _, b = srv.request("POST", "/api/v1/offers/%s/decline" % offer["token"],
                                               conn=conn)
                        tally.add("decline", st, b)
                    waiting.remove((code, token))
                roll = rng.random()
                if mine and roll < 0.35:
                    code, token = mine.pop(rng.randrange(len(mine)))
                    st, _, body = srv.request("DELETE", "/api/v1/bookings/" + code,
                                              headers={"X-Manage-Token": token}, conn=conn)
                    tally.add("cancel", st, body)
                    continue
                person += 1
                start = start_of(rng.choice(DAYS), rng.choice(TIMES))
                st, _, body = srv.request("POST", "/api/v1/bookings",
                                          booking(start, person, service="name_change"),
                                          conn=conn)
                tally.add("book", st, body)
                if st == 201:
                    mine.append((body["code"], body["manage_token"]))
                elif st == 409 and body["error"]["code"] == "slot_full":
                    b = booking(start, person, service="name_change")
                    b.pop("office")
                    st, _, body = srv.request("POST", JOIN, b, conn=conn)
                    tally.add("join", st, body)
                    if st == 201:
                        waiting.append((body["code"], body["token"]))
            except Exception as e:  # noqa: BLE001 - a dropped connection is a failure
                tally.add("request", "exception", {"error": {"message": repr(e)}})
                conn.close()
                conn = srv.connection(timeout=120)
    finally:
        conn.close()


def db(srv):
    return sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=30)


def over_capacity(srv):
    """Slots whose active bookings, or bookings and held places, exceed the
    places: from the rows (a name change takes one slot)."""
    con = db(srv)
    try:
        booked = dict(con.execute("SELECT start_min, count(*) FROM booking WHERE office = ?"
                                  " AND status IN " + ACTIVE + " GROUP BY start_min",
                                  (OFFICE,)).fetchall())
        held = dict(con.execute("SELECT start_min, count(*) FROM waitlist_offer WHERE office = ?"
                                " AND status = 'held' GROUP BY start_min", (OFFICE,)).fetchall())
    finally:
        con.close()
    bad = {t: n for t, n in booked.items() if n > CAPACITY}
    bad.update({t: (booked.get(t, 0), n) for t, n in held.items()
                if booked.get(t, 0) + n > CAPACITY})
    return bad


def held_count(srv):
    con = db(srv)
    try:
        return con.execute("SELECT count(*) FROM waitlist_offer WHERE status = 'held'").fetchone()[0]
    finally:
        con.close()


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=CAPACITY)
    cfg["offices"][0]["waitlist_hold_minutes"] = 30
    srv = fhtest.Server(cfg)
    try:
        srv.start()
        tally, accepted, checks = Tally(), [], []
        halfway = threading.Barrier(CLIENTS + 1)
        threads = [threading.Thread(target=client, args=(srv, k, tally, halfway, accepted))
                   for k in range(CLIENTS)]
        for t in threads:
            t.start()
        halfway.wait(timeout=300)
        checks.append(fhtest.cli(srv, "check"))
        for t in threads:
            t.join(900)
        c.check(not any(t.is_alive() for t in threads), "every client finished")
        print("answers:", ", ".join("%s: %d" % kv for kv in sorted(tally.counts.items())))
        c.eq(tally.bad[:5], [], "answers that are 5xx or no answer")
        c.check(tally.counts.get("join 201", 0) > CLIENTS // 2, "people joined waitlists")
        c.check(tally.counts.get("accept 201", 0) > 0, "offers were accepted")
        c.check(tally.counts.get("decline 200", 0) > 0, "offers were declined")
        c.check(tally.counts.get("cancel 200", 0) > 0, "bookings were cancelled")
        c.eq(over_capacity(srv), {}, "no slot over its places after the rush")
        r = fhtest.cli(srv, "check")
        c.eq((checks[0].returncode, r.returncode), (0, 0),
             "flexhours check during and after the rush: %s%s%s" %
             (checks[0].stdout, checks[0].stderr, r.stdout + r.stderr))

        # The holds nobody answered expire 31 minutes later, and pass to
        # the next in line, who answers nothing either: again until none is
        # held (the cut-off ends what is left).
        now = datetime.datetime(2026, 3, 2, 10, 0)
        for _ in range(80):
            if held_count(srv) == 0:
                break
            now += datetime.timedelta(minutes=31)
            srv.stop()
            srv.now = now.strftime("%Y-%m-%dT%H:%M:00+08:00")
            srv.start()
            c.eq(over_capacity(srv), {}, "no slot over its places at " + srv.now)
        c.eq(over_capacity(srv), {}, "no slot over its places after the expiries")
        con = db(srv)
        try:
            offers = con.execute("SELECT id, status, booking_id, start_min FROM waitlist_offer"
                                 " WHERE office = ?", (OFFICE,)).fetchall()
            told = {row[0] for row in con.execute(
                "SELECT sequence FROM outbox WHERE kind = 'waitlist_offer'")}
            made = dict(con.execute("SELECT b.code, o.id FROM waitlist_offer o JOIN booking b"
                                    " ON b.id = o.booking_id").fetchall())
            starts = dict(con.execute("SELECT id, start_min FROM booking").fetchall())
            booking_start = {o[2]: o[3] for o in offers if o[2] is not None}
        finally:
            con.close()
        by = {}
        for _, status, _, _ in offers:
            by[status] = by.get(status, 0) + 1
        print("offers:", by)
        still = by.get("held", 0)
        c.check(len(offers) > 0, "places were offered")
        c.eq(still, 0, "no offer is left held after the expiries")
        c.eq(sum(by.values()), by.get("accepted", 0) + by.get("declined", 0) +
             by.get("expired", 0) + by.get("withdrawn", 0),
             "every offer is accepted, declined, expired or withdrawn")
        c.eq(by.get("accepted", 0), tally.counts.get("accept 201", 0),
             "every accepted offer answered 201 once")
        c.eq(by.get("declined", 0), tally.counts.get("decline 200", 0),
             "every declined offer answered 200 once")
        c.eq(sorted(made), sorted(code for code, _ in accepted), "each accept made its one booking")
        c.check(all(starts.get(bid) == start for bid, start in booking_start.items()),
                "each booking made by an accept is at the place offered")
        c.eq({o[0] for o in offers} - told, set(), "every offer had its message queued")
        r = fhtest.cli(srv, "check")
        c.eq(r.returncode, 0, "flexhours check at the end: %s%s" % (r.stdout, r.stderr))
    finally:
        srv.cleanup()


if __name__ == "__main__":
    fhtest.run(main)
