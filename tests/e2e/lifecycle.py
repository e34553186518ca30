"""lifecycle.py: a booking's whole life through the HTTP API: read side,
holiday marriage (pending until a manager confirms), Idempotency-Key replay,
manage token, reschedule (atomic: to a full slot is 409 and the old booking
stays), cancel (idempotent), check-in (refused the day before, accepted on the
day), no-show, the managers' day list, and a
clean SIGTERM. The access log must hold no personal data."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking

SUNDAY = "2026-03-08T09:00:00+08:00"  # holiday window: needs confirmation
TUE = "2026-03-03T%s:00+08:00"


def main(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary(), capacity=3))
    try:
        srv.start()
        scenario(c, srv)
        status = srv.stop()
        c.eq(status, 0, "exit status after SIGTERM")
        log = srv.log().split("serving", 1)[-1]
        req = booking(SUNDAY, 1)
        for secret in (req["national_id"], req["name"], "+8869", req["email"], "token", "?",
                       srv.secret):
            c.check(secret not in log, "access log holds %r:\n%s" % (secret, log[-2000:]))
        c.check("method=POST route=/api/v1/bookings status=201" in log,
                "access log lacks the booking line")
    finally:
        srv.cleanup()


def scenario(c, srv):
    st, _, body = srv.request("GET", "/healthz")
    c.eq((st, body), (200, {"status": "ok"}), "healthz")
    st, _, body = srv.request("GET", "/api/v1/offices")
    c.eq(st, 200, "offices")
    c.eq([o["id"] for o in body], [OFFICE], "office ids")
    c.eq(body[0]["timezone"], "Asia/Taipei", "timezone")
    c.check("zh" in body[0]["name"] and "en" in body[0]["name"], "office name has zh and en")

    st, _, body = srv.request("GET", "/api/v1/offices/%s/services" % OFFICE)
    c.eq(st, 200, "services")
    marriage = [s for s in body if s["id"] == "marriage"]
    if c.check(len(marriage) == 1, "marriage is a service"):
        m = marriage[0]
        c.eq(m["minutes"], 60, "marriage minutes")
        c.check(len(m["documents"]) >= 3, "marriage lists documents to bring")
        c.check("holiday" in m["windows"] and "saturday" in m["windows"], "marriage windows")

    path = "/api/v1/offices/%s/slots?service=marriage&from=2026-03-02&to=2026-03-08" % OFFICE
    st, _, body = srv.request("GET", path)
    c.eq(st, 200, "slots")
    c.eq((body["office"], body["service"]), (OFFICE, "marriage"), "slots names")
    starts = {s["start"]: s for s in body["slots"]}
    c.check(SUNDAY in starts and starts[SUNDAY]["window"] == "holiday",
            "Sunday holiday slot is listed")
    c.check(TUE % "08:00" in starts and starts[TUE % "08:00"]["remaining"] == 3,
            "Tuesday 08:00 has 3 places")

    # ---- holiday marriage: pending, idempotent create, manager confirms ----
    req = booking(SUNDAY, 1)
    hdr = {"Idempotency-Key": "lifecycle-1", "Content-Type": "application/json"}
    st, h, first = srv.request("POST", "/api/v1/bookings", req, hdr)
    c.eq(st, 201, "create holiday booking")
    c.eq(first.get("status"), "pending", "holiday booking is pending")
    c.eq(set(first), {"code", "status", "office", "service", "start", "end", "window",
                      "channel", "manage_token"}, "201 fields")
    c.eq(first.get("channel"), "web", "a citizen's own booking is taken on the web")
    c.eq(first.get("window"), "holiday", "window")
    c.eq(first.get("end"), "2026-03-08T10:00:00+08:00", "end")
    c.eq(h.get("location"), "/api/v1/bookings/" + first.get("code", ""), "Location")
    code, token = first["code"], first["manage_token"]
    srv.secret = token
    rows = srv.rows()
    st, h, again = srv.request("POST", "/api/v1/bookings", req, hdr)
    c.eq((st, again), (201, first), "replay with the same key and body")
    c.eq(h.get("idempotent-replayed"), "true", "replay header")
    c.eq(srv.rows(), rows, "a replay writes no booking")
    other = booking(SUNDAY, 2)
    st, _, body = srv.request("POST", "/api/v1/bookings", other, hdr)
    c.eq((st, body["error"]["code"]), (422, "idempotency_key_reused"), "key with another body")
    c.eq(srv.rows(), rows, "a reused key writes nothing")

    tok = {"X-Manage-Token": token}
    st, _, body = srv.request("GET", "/api/v1/bookings/" + code, headers=tok)
    c.eq((st, body.get("status")), (200, "pending"), "get with header token")
    nid = req["national_id"]
    c.eq(body.get("national_id_masked"), nid[0] + "******" + nid[-3:], "masked ID")
    c.eq(body.get("phone"), "+886" + req["phone"][1:], "phone stored as E.164")
    st, _, body = srv.request("GET", "/api/v1/bookings/%s?token=%s" % (code, token))
    c.eq(st, 200, "get with ?token=")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + code, headers={"X-Manage-Token": "0" * 32})
    c.eq((st, body["error"]["code"]), (404, "not_found"), "wrong token looks like no booking")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + code)
    c.eq((st, body["error"]["code"]), (401, "unauthorized"), "no token")

    st, h, body = srv.request("POST", "/api/v1/bookings/%s/confirm" % code)
    c.eq(st, 401, "confirm without a bearer token")
    c.check("bearer" in h.get("www-authenticate", "").lower(), "WWW-Authenticate: Bearer")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/confirm" % code,
                              headers={"Authorization": "Bearer nope"})
    c.eq(st, 401, "confirm with a wrong bearer token")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/confirm" % code, headers=srv.manager())
    c.eq((st, body.get("status")), (200, "confirmed"), "manager confirms")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/confirm" % code, headers=srv.manager())
    c.eq((st, body["error"]["code"]), (409, "status_conflict"), "confirm twice")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + code, headers=tok)
    c.eq(body.get("status"), "confirmed", "the holder sees it confirmed")

    st, _, body = srv.request("GET", "/api/v1/offices/%s/bookings?date=2026-03-08" % OFFICE,
                              headers=srv.manager())
    c.eq(st, 200, "manager day list")
    c.eq([(w["window"], [b["code"] for b in w["bookings"]]) for w in body.get("windows", [])],
         [("holiday", [code])], "day list grouped by window")
    st, _, _ = srv.request("GET", "/api/v1/offices/%s/bookings?date=2026-03-08" % OFFICE)
    c.eq(st, 401, "day list without a bearer token")

    # ---- reschedule: atomic ------------------------------------------------
    st, _, b = srv.request("POST", "/api/v1/bookings", booking(TUE % "08:00", 10))
    c.eq((st, b.get("status")), (201, "confirmed"), "weekday booking is confirmed at once")
    for n in (11, 12, 13):
        st, _, _ = srv.request("POST", "/api/v1/bookings", booking(TUE % "10:00", n))
        c.eq(st, 201, "filling 10:00 (person %d)" % n)
    st, _, body = srv.request("POST", "/api/v1/bookings", booking(TUE % "10:00", 14))
    c.eq((st, body["error"]["code"], body["error"].get("field")), (409, "slot_full", "start"),
         "the fourth at 10:00")
    btok = {"X-Manage-Token": b["manage_token"]}
    bpath = "/api/v1/bookings/" + b["code"]
    rows = srv.rows()
    st, _, body = srv.request("POST", bpath + "/reschedule", {"start": TUE % "10:00"}, btok)
    c.eq((st, body["error"]["code"]), (409, "slot_full"), "reschedule to a full slot")
    st, _, body = srv.request("GET", bpath, headers=btok)
    c.eq((body.get("start"), body.get("status")), (TUE % "08:00", "confirmed"),
         "old booking intact after a refused reschedule")
    c.eq(srv.rows(), rows, "a refused reschedule writes nothing")
    st, _, body = srv.request("POST", bpath + "/reschedule", {"start": TUE % "08:15"}, btok)
    c.eq((st, body["error"]["code"], body["error"].get("field")), (422, "not_a_slot", "start"),
         "reschedule to no slot")
    st, _, body = srv.request("POST", bpath + "/reschedule", {"start": TUE % "11:00",
                                                              "x": 1}, btok)
    c.eq((st, body["error"].get("field")), (422, "x"), "reschedule with an unknown field")
    st, _, body = srv.request("POST", bpath + "/reschedule", {"start": TUE % "11:00"}, btok)
    c.eq((st, body.get("start"), body.get("end")), (200, TUE % "11:00", TUE % "12:00"),
         "reschedule to a free slot")
    st, _, body = srv.request("GET", path.replace("2026-03-08", "2026-03-03"))
    left = {s["start"]: s["remaining"] for s in body["slots"]}
    c.eq(left.get(TUE % "08:00"), 3, "the old place is free again")
    c.eq(left.get(TUE % "11:00"), 2, "the new place is taken")

    # ---- cancel: idempotent ------------------------------------------------
    st, _, body = srv.request("DELETE", bpath, headers=btok)
    c.eq((st, body.get("status")), (200, "cancelled"), "cancel")
    st, _, body = srv.request("DELETE", bpath, headers=btok)
    c.eq((st, body.get("status")), (200, "cancelled"), "cancel again")
    st, _, body = srv.request("GET", bpath, headers=btok)
    c.eq(body.get("status"), "cancelled", "cancelled booking reads back")
    st, _, body = srv.request("POST", bpath + "/reschedule", {"start": TUE % "14:00"}, btok)
    c.eq((st, body["error"]["code"]), (409, "status_conflict"), "reschedule a cancelled one")

    # ---- check-in, no-show -------------------------------------------------
    st, _, d = srv.request("POST", "/api/v1/bookings", booking(TUE % "14:00", 20))
    c.eq(st, 201, "booking to check in")
    st, _, e = srv.request("POST", "/api/v1/bookings", booking(TUE % "09:00", 21))
    c.eq(st, 201, "booking to mark a no-show")
    st, _, late = srv.request("POST", "/api/v1/bookings", booking(TUE % "15:00", 22))
    c.eq(st, 201, "booking not yet to be marked a no-show")
    dpath = "/api/v1/bookings/" + d["code"]
    # A check-in only on the booking's own day: Monday is too early.
    st, _, body = srv.request("POST", dpath + "/check-in", headers=srv.manager())
    c.eq((st, body.get("error", {}).get("code")), (409, "checkin_too_early"),
         "check in the day before")
    # Tuesday at 13:55, the booking's day, five minutes before it.
    srv.stop()
    srv.now = "2026-03-03T13:55:00+08:00"
    srv.start()
    st, _, body = srv.request("POST", dpath + "/check-in", headers=srv.manager())
    c.eq((st, body.get("status")), (200, "checked_in"), "check in")
    st, _, body = srv.request("DELETE", dpath, headers={"X-Manage-Token": d["manage_token"]})
    c.eq((st, body["error"]["code"]), (409, "status_conflict"), "cancel after check-in")
    st, _, body = srv.request("POST", dpath + "/no-show", headers=srv.manager())
    c.eq(st, 409, "no-show after check-in")
    # The 09:00 booking lapsed at 09:15 (the lapse pass at the start); the
    # counter confirms it as a no-show. The 15:00 one is still to come.
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % e["code"],
                              headers=srv.manager())
    c.eq((st, body.get("status")), (200, "no_show"), "no-show")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % late["code"],
                              headers=srv.manager())
    c.eq((st, body.get("error", {}).get("code")), (409, "no_show_too_early"),
         "a no-show before the booking's start and grace")
    st, _, body = srv.request("POST", "/api/v1/bookings/ZZZZZZZZ/check-in", headers=srv.manager())
    c.eq(st, 404, "check in an unknown booking")

    st, h, body = srv.request("GET", dpath + "/invite.ics",
                              headers={"X-Manage-Token": d["manage_token"]})
    c.eq((st, h.get("content-type")), (200, "text/calendar; charset=UTF-8; method=REQUEST"),
         "invite.ics (tests/e2e/calendars.py checks its content)")

    # ---- keep-alive: several requests on one connection ----------------------
    conn = srv.connection()
    try:
        for _ in range(3):
            st, h, _ = srv.request("GET", "/healthz", conn=conn)
            c.eq(st, 200, "keep-alive request")
            c.check(h.get("connection", "").lower() != "close", "keep-alive kept")
    finally:
        conn.close()


fhtest.run(main)
