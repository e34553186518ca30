"""waitlist.py: the waitlist through the API (issue 15). On a full slot a
citizen joins its waitlist (the booking's checks: a free slot is refused
with places_left, a second entry with already_waiting, Idempotency-Key
replays); a cancellation offers the place to the first person waiting, whose
offer is in the outbox and whose held place no listing shows and no booking
takes; accepting books it; an expired hold (the server restarted later)
passes the place to the next, who declines it, which frees it; a day's
waitlist (a date instead of a start) is offered the first slot freed that
day; leaving releases a held place; `flexhours check` finds the kept counts
equal to a recount (holds included) at every step."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking

TUE = "2026-03-03T%s:00+08:00"
WED = "2026-03-04T%s:00+08:00"
THU = "2026-03-05T%s:00+08:00"
JOIN = "/api/v1/offices/%s/waitlist" % OFFICE


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=1)
    cfg["offices"][0]["waitlist_hold_minutes"] = 30
    return cfg


def wait_body(start, n, **over):
    b = booking(start, n, service="name_change")
    b.pop("office")
    b.update(over)
    return b


def entry(srv, code, token):
    return srv.request("GET", "/api/v1/waitlist/%s" % code, headers={"X-Waitlist-Token": token})


def bookable(srv, day, start):
    st, _, body = srv.request(
        "GET", "/api/v1/offices/%s/slots?service=name_change&from=%s&to=%s" % (OFFICE, day, day))
    return st == 200 and any(s["start"] == start for s in body.get("slots", []))


def outbox_offers(srv):
    st, _, body = srv.request("GET", "/api/v1/outbox?limit=1000", headers=srv.manager())
    return [m for m in body if m["kind"] == "waitlist_offer"] if st == 200 else []


def check_counts(c, srv, what):
    r = fhtest.cli(srv, "check")
    c.check(r.returncode == 0, "flexhours check after %s (%s)" % (what, r.stdout + r.stderr))


def restart(srv, now):
    srv.stop()
    srv.now = now
    srv.start()


def main(c):
    srv = fhtest.Server(config()).start()
    try:
        run(c, srv)
    finally:
        srv.cleanup()


def run(c, srv):
    slot = TUE % "09:00"
    st, _, held = srv.request("POST", "/api/v1/bookings", booking(slot, 1, service="name_change"))
    c.eq(st, 201, "the slot's one place booked")

    # A free slot is booked, not waited for.
    st, _, body = srv.request("POST", JOIN, wait_body(TUE % "09:30", 4))
    c.eq(st, 409, "joining the waitlist of a free slot")
    c.eq(body["error"]["code"], "places_left", "a free slot's refusal")
    c.eq(body["error"].get("start"), TUE % "09:30", "names the free place")

    key = {"Idempotency-Key": "wait-2"}
    st, hdrs, first = srv.request("POST", JOIN, wait_body(slot, 2), headers=key)
    c.eq(st, 201, "the second person joins the full slot's waitlist")
    c.eq(first.get("position"), 1, "first in line")
    c.eq(first.get("status"), "waiting", "waiting")
    c.check(hdrs.get("location") == "/api/v1/waitlist/%s" % first.get("code"), "Location names it")
    st, hdrs, again = srv.request("POST", JOIN, wait_body(slot, 2), headers=key)
    c.eq((st, again), (201, first), "a retry with the same key replays the answer")
    c.eq(hdrs.get("idempotent-replayed"), "true", "marked as replayed")
    st, _, body = srv.request("POST", JOIN, wait_body(slot, 2))
    c.eq((st, body["error"]["code"]), (409, "already_waiting"), "one entry per person and place")
    st, _, second = srv.request("POST", JOIN, wait_body(slot, 3))
    c.eq((st, second.get("position")), (201, 2), "the third person is second in line")
    st, _, body = srv.request("POST", JOIN, wait_body(slot, 5, national_id="A123456780"))
    c.eq(st, 422, "a bad national ID is refused as for a booking")
    st, _, body = srv.request("POST", JOIN, dict(wait_body(slot, 6), date="2026-03-03"))
    c.eq(st, 422, "start and date together are refused")
    st, _, body = entry(srv, first["code"], "0" * 32)
    c.eq(st, 404, "a wrong token finds no entry")
    st, _, body = entry(srv, first["code"], first["token"])
    c.eq((st, body.get("position"), "offer" in body), (200, 1, False), "own entry, no offer yet")
    check_counts(c, srv, "joining")

    # The booking is cancelled: the place goes to the first in line.
    st, _, _ = srv.request("DELETE", "/api/v1/bookings/%s" % held["code"],
                           headers={"X-Manage-Token": held["manage_token"]})
    c.eq(st, 200, "the booking cancelled")
    st, _, body = entry(srv, first["code"], first["token"])
    offer = body.get("offer") or {}
    c.eq((body.get("status"), offer.get("status")), ("offered", "held"),
         "the first in line is offered the place")
    c.eq(offer.get("start"), slot, "the place offered")
    c.eq(offer.get("expires_at"), "2026-03-02T10:30:00+08:00", "held for 30 minutes")
    c.check(len(outbox_offers(srv)) >= 1, "the offer's message is in the outbox")
    c.check(not bookable(srv, "2026-03-03", slot), "a held place is not listed free")
    st, _, body = srv.request("POST", "/api/v1/bookings", booking(slot, 9, service="name_change"))
    c.eq((st, body.get("error", {}).get("code")), (409, "slot_full"),
         "a held place is not booked by another")
    st, _, body = entry(srv, second["code"], second["token"])
    c.eq((body.get("status"), body.get("position")), ("waiting", 1), "the second now first")
    check_counts(c, srv, "an offer held")

    st, _, body = srv.request("GET", "/api/v1/offers/%s" % offer["token"])
    c.eq((st, body.get("status")), (200, "held"), "the offer read by its token")
    st, hdrs, booked = srv.request("POST", "/api/v1/offers/%s/accept" % offer["token"],
                                   headers={"Idempotency-Key": "accept-2"})
    c.eq(st, 201, "the offer accepted")
    c.eq(booked.get("start"), slot, "the booking is the place held")
    c.check(len(booked.get("manage_token", "")) == 32, "with its manage token")
    st, _, again = srv.request("POST", "/api/v1/offers/%s/accept" % offer["token"],
                               headers={"Idempotency-Key": "accept-2"})
    c.eq((st, again), (201, booked), "the accept replayed with its key")
    st, _, body = srv.request("POST", "/api/v1/offers/%s/accept" % offer["token"])
    c.eq((st, body["error"]["code"]), (409, "offer_accepted"), "an offer is booked once")
    st, _, body = srv.request("GET", "/api/v1/bookings/%s" % booked["code"],
                              headers={"X-Manage-Token": booked["manage_token"]})
    c.eq((st, body.get("name"), body.get("status")), (200, "測試 2", "confirmed"),
         "the booking holds the waiting person's contact")
    st, _, body = entry(srv, first["code"], first["token"])
    c.eq(body.get("status"), "booked", "the entry is booked")
    check_counts(c, srv, "an accept")

    # A hold that expires passes the place to the next in line.
    st, _, wed = srv.request("POST", "/api/v1/bookings", booking(WED % "09:00", 11,
                                                                 service="name_change"))
    c.eq(st, 201, "Wednesday's place booked")
    st, _, e12 = srv.request("POST", JOIN, wait_body(WED % "09:00", 12))
    st2, _, e13 = srv.request("POST", JOIN, wait_body(WED % "09:00", 13))
    c.eq((st, st2), (201, 201), "two wait for Wednesday")
    srv.request("DELETE", "/api/v1/bookings/%s" % wed["code"],
                headers={"X-Manage-Token": wed["manage_token"]})
    st, _, body = entry(srv, e12["code"], e12["token"])
    offer12 = body.get("offer") or {}
    c.eq(offer12.get("status"), "held", "the first waiting is offered Wednesday's place")
    restart(srv, "2026-03-02T10:31:00+08:00")
    st, _, body = entry(srv, e12["code"], e12["token"])
    c.eq((body.get("status"), "offer" in body), ("expired", False), "the hold expired")
    st, _, body = srv.request("POST", "/api/v1/offers/%s/accept" % offer12["token"])
    c.eq((st, body["error"]["code"]), (409, "offer_expired"), "an expired offer is not booked")
    st, _, body = entry(srv, e13["code"], e13["token"])
    offer13 = body.get("offer") or {}
    c.eq((body.get("status"), offer13.get("status")), ("offered", "held"),
         "the place passed to the next in line")
    c.eq(offer13.get("expires_at"), "2026-03-02T11:01:00+08:00", "held 30 minutes from now")
    st, _, body = srv.request("POST", "/api/v1/offers/%s/decline" % offer13["token"])
    c.eq((st, body.get("status")), (200, "declined"), "the next declines")
    c.check(bookable(srv, "2026-03-04", WED % "09:00"), "a declined place is free again")
    check_counts(c, srv, "an expiry and a decline")

    # A day's waitlist takes the first slot freed that day; leaving
    # releases a place held.
    thu = []
    st, _, body = srv.request("GET", "/api/v1/offices/%s/slots?service=name_change&from=2026-03-05"
                              "&to=2026-03-05" % OFFICE)
    for i, s in enumerate(body.get("slots", [])):
        st, _, b = srv.request("POST", "/api/v1/bookings", booking(s["start"], 100 + i,
                                                                   service="name_change"))
        if st == 201:
            thu.append(b)
    c.check(len(thu) > 3 and not bookable(srv, "2026-03-05", THU % "09:00"), "Thursday is full")
    day_body = wait_body(THU % "09:00", 21, date="2026-03-05")
    day_body.pop("start")
    st, _, day_entry = srv.request("POST", JOIN, day_body)
    c.eq((st, day_entry.get("date"), "start" in day_entry), (201, "2026-03-05", False),
         "a day's waitlist joined")
    freed = thu[len(thu) // 2]
    srv.request("DELETE", "/api/v1/bookings/%s" % freed["code"],
                headers={"X-Manage-Token": freed["manage_token"]})
    st, _, body = entry(srv, day_entry["code"], day_entry["token"])
    c.eq((body.get("offer") or {}).get("start"), freed["start"], "offered the slot freed that day")
    st, _, body = srv.request("GET", "/api/v1/offices/%s/waitlist?date=2026-03-05" % OFFICE,
                              headers=srv.manager())
    c.eq((st, body.get("count")), (200, 1), "the day's waitlist for managers")
    st, _, body = srv.request("DELETE", "/api/v1/waitlist/%s" % day_entry["code"],
                              headers={"X-Waitlist-Token": day_entry["token"]})
    c.eq((st, body.get("status")), (200, "left"), "left the waitlist")
    c.check(bookable(srv, "2026-03-05", freed["start"]), "the place held is free again")
    check_counts(c, srv, "leaving")


if __name__ == "__main__":
    fhtest.run(main)
