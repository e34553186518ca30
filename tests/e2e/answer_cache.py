"""answer_cache.py: slot listings and day pages are kept per office and
day. Two offices (the demo office and a copy); listings of a few ranges and
a month's day page of each are asked twice (made, then kept). A booking at
one office on one day: the listings and the page showing that day are made
afresh and show the place gone at once; the other days' and the other
office's are served from what was kept. A cancellation gives the place
back, seen at once. Whether an answer was kept is read from /metrics
(flexhours_answer_cache_total by outcome), never from timing."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import booking

NORTH = "taichung-north"
SERVICE = "id_replacement"  # 30 minutes, weekday windows
WED_10 = "2026-03-04T10:00:00+08:00"


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=2)
    north = dict(cfg["offices"][0], id=NORTH)
    north.pop("staff", None)
    north.pop("roster", None)
    cfg["offices"].append(north)
    return cfg


def counts(c, srv):
    """{outcome: count} of the answer cache's look-ups."""
    st, _, body = srv.request("GET", "/metrics")
    c.eq(st, 200, "/metrics from loopback")
    out = {}
    for line in body.decode().splitlines():
        if line.startswith("flexhours_answer_cache_total{"):
            outcome = line.split('outcome="')[1].split('"')[0]
            out[outcome] = int(float(line.split()[-1]))
    return out


def slots_path(office, first, last):
    return "/api/v1/offices/%s/slots?service=%s&from=%s&to=%s" % (office, SERVICE, first, last)


def day_path(office, month):
    return "/o/%s/book/day?service=%s&month=%s" % (office, SERVICE, month)


class Asker:
    """Asks for an answer and tells whether it came from what was kept."""

    def __init__(self, c, srv):
        self.c, self.srv = c, srv

    def get(self, path):
        before = counts(self.c, self.srv)
        st, _, body = self.srv.request("GET", path)
        self.c.eq(st, 200, "GET " + path)
        after = counts(self.c, self.srv)
        moved = {k: after.get(k, 0) - before.get(k, 0) for k in ("hit", "miss", "stale")}
        self.c.eq(sum(moved.values()), 1, "one look-up for " + path)
        return body, [k for k, v in moved.items() if v == 1][:1] or ["none"]

    def kept(self, path, want, what):
        _, (outcome,) = self.get(path)
        self.c.check((outcome == "hit") == want,
                     "%s: %s (the look-up was a %s)" % (what, "kept" if want else "made afresh",
                                                      outcome))


def starts(body):
    return {s["start"]: s["remaining"] for s in body["slots"]}


def main(c):
    srv = fhtest.Server(config())
    try:
        srv.start()
        ask = Asker(c, srv)
        week = slots_path(fhtest.OFFICE, "2026-03-03", "2026-03-09")
        wed = slots_path(fhtest.OFFICE, "2026-03-04", "2026-03-04")
        later = slots_path(fhtest.OFFICE, "2026-03-05", "2026-03-09")
        north_week = slots_path(NORTH, "2026-03-03", "2026-03-09")
        south_march = day_path(fhtest.OFFICE, "2026-03")
        south_april = day_path(fhtest.OFFICE, "2026-04")
        north_march = day_path(NORTH, "2026-03")
        everything = (week, wed, later, north_week, south_march, south_april, north_march)
        for path in everything:
            ask.kept(path, False, "first asked " + path)
        for path in everything:
            ask.kept(path, True, "asked again " + path)
        body, _ = ask.get(wed)
        before = starts(body).get(WED_10)
        c.eq(before, 2, "two places at Wednesday 10:00")

        # A booking at the south office on Wednesday.
        st, _, a = srv.request("POST", "/api/v1/bookings", booking(WED_10, 1, service=SERVICE))
        c.eq(st, 201, "a booking on Wednesday")
        body, (outcome,) = ask.get(wed)
        c.eq(outcome, "stale", "Wednesday's listing is made afresh")
        c.eq(starts(body).get(WED_10), 1, "one place left, seen at once")
        ask.kept(week, False, "the week holding Wednesday")
        ask.kept(south_march, False, "the south office's March page")
        ask.kept(later, True, "Thursday on, at the same office")
        ask.kept(south_april, True, "the same office's April page")
        ask.kept(north_week, True, "the other office's week")
        ask.kept(north_march, True, "the other office's March page")

        # The last place: the slot is gone from the listing at once.
        st, _, _ = srv.request("POST", "/api/v1/bookings", booking(WED_10, 2, service=SERVICE))
        c.eq(st, 201, "the last place on Wednesday 10:00")
        body, _ = ask.get(week)
        c.check(WED_10 not in starts(body), "the full slot is no longer listed")
        ask.kept(north_week, True, "the other office's week, still")

        # A cancellation gives a place back, seen at once.
        st, _, _ = srv.request("DELETE", "/api/v1/bookings/" + a["code"],
                               headers={"X-Manage-Token": a["manage_token"]})
        c.eq(st, 200, "cancel the first booking")
        body, _ = ask.get(wed)
        c.eq(starts(body).get(WED_10), 1, "the place is back")
        ask.kept(later, True, "Thursday on, still")

        # A closure of the north office's Wednesday: every north answer (its
        # cut-offs count working days across it), none of the south's.
        st, _, _ = srv.request("POST", "/api/v1/offices/%s/closures" % NORTH,
                               {"date": "2026-03-04", "reason": "颱風停班"}, srv.manager())
        c.eq(st, 200, "close the north office's Wednesday")
        ask.kept(north_week, False, "the north office's week after its closure")
        ask.kept(later, True, "the south office's days after the north's closure")
    finally:
        srv.cleanup()


fhtest.run(main)
