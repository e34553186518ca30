"""calendars.py: the calendar side of the API against the real binary:
invite.ics through a booking's life (stable UID, growing SEQUENCE, CANCEL),
the manage link inside it, the openings feed, the bookings feed behind a
manager's token or its feed key, and the import of the DGPA calendar over
HTTP with the slot listing following it at once and displaced bookings
listed."""
import os
import re
import sys
import urllib.parse

import fhtest
from fhtest import booking

try:
    import icalendar
except ImportError:
    print("SKIP: python3-icalendar is not installed")
    sys.exit(fhtest.SKIP)

DATA = os.path.join(os.environ.get("FLEXHOURS_SRCDIR", "."), "tests/data/tw-gov-calendar")
NOW = "2025-12-19T10:00:00+08:00"  # a Friday


def event(body):
    cal = icalendar.Calendar.from_ical(body)
    events = [e for e in cal.walk() if e.name == "VEVENT"]
    return cal, events


def main(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary(), capacity=3), now=NOW).start()
    try:
        scenario(c, srv)
    finally:
        srv.cleanup()


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def scenario(c, srv):
    mgr = srv.manager()
    # The first 2025 release still had 12-25 as a working day.
    st, _, body = srv.request("POST", "/api/v1/calendar/import", read("2025-v1-initial.csv"), mgr)
    c.eq((st, body.get("added"), body.get("days")), (200, 365, 365), "import the first release")

    # A seal registration on Thu 12-25 at 09:00, then moved and cancelled.
    st, _, b = srv.request("POST", "/api/v1/bookings",
                           booking("2025-12-25T09:00:00+08:00", 1, service="seal_registration"))
    c.eq(st, 201, "book 12-25, a working day by the first release")
    path = "/api/v1/bookings/" + b["code"]
    tok = {"X-Manage-Token": b["manage_token"]}
    st, h, ics = srv.request("GET", path + "/invite.ics", headers=tok)
    c.eq(st, 200, "invite.ics")
    c.eq(h.get("content-type"), "text/calendar; charset=UTF-8; method=REQUEST", "MIME method")
    cal, events = event(ics)
    c.eq(str(cal["METHOD"]), "REQUEST", "METHOD")
    ev = events[0]
    uid = str(ev["UID"])
    c.eq(uid, b["code"] + "@taichung-south.flexhours", "UID")
    c.eq((int(ev["SEQUENCE"]), str(ev["STATUS"])), (0, "CONFIRMED"), "SEQUENCE and STATUS")
    c.eq(ev.decoded("DTSTART").isoformat(), "2025-12-25T09:00:00+08:00", "DTSTART")
    c.check("應備證件" in str(ev["DESCRIPTION"]), "the documents to bring")

    # The manage link in the invite is the booking's page, with a key that
    # opens the booking though it is not the token.
    link = re.findall(r"https?://\S+", str(ev["DESCRIPTION"]))
    c.check(len(link) == 1, "one manage link")
    if link:
        url = urllib.parse.urlsplit(link[0])
        c.eq(url.path, "/b/" + b["code"], "the link is the booking's page")
        key = urllib.parse.parse_qs(url.query)["k"][0]
        c.check(key != b["manage_token"], "the link carries a key of its own")
        st, _, got = srv.request("GET", path + "?token=" + key)
        c.eq((st, got.get("code") if st == 200 else None), (200, b["code"]),
             "the link's key opens the booking")
        st, _, _ = srv.request("GET", path + "?token=" + "0" * 32)
        c.eq(st, 404, "a made-up key does not")

    st, _, _ = srv.request("POST", path + "/reschedule", {"start": "2025-12-24T09:00:00+08:00"}, tok)
    c.eq(st, 200, "reschedule to 12-24")
    st, _, ics = srv.request("GET", path + "/invite.ics", headers=tok)
    _, events = event(ics)
    c.eq((str(events[0]["UID"]), int(events[0]["SEQUENCE"])), (uid, 1), "same UID, SEQUENCE 1")
    c.eq(events[0].decoded("DTSTART").isoformat(), "2025-12-24T09:00:00+08:00", "moved")

    # A booking left on 12-25 for the import below, and a pending wedding.
    st, _, d = srv.request("POST", "/api/v1/bookings",
                           booking("2025-12-25T10:00:00+08:00", 2, service="seal_registration"))
    c.eq(st, 201, "a second booking on 12-25")
    st, _, w = srv.request("POST", "/api/v1/bookings", booking("2025-12-28T09:00:00+08:00", 3))
    c.eq((st, w.get("status")), (201, "pending"), "a Sunday wedding waits for confirmation")
    st, _, ics = srv.request("GET", "/api/v1/bookings/%s/invite.ics" % w["code"],
                             headers={"X-Manage-Token": w["manage_token"]})
    c.eq(str(event(ics)[1][0]["STATUS"]), "TENTATIVE", "pending is TENTATIVE")

    st, _, _ = srv.request("DELETE", path, headers=tok)
    st, h, ics = srv.request("GET", path + "/invite.ics", headers=tok)
    cal, events = event(ics)
    c.eq(h.get("content-type"), "text/calendar; charset=UTF-8; method=CANCEL", "MIME method CANCEL")
    c.eq((str(cal["METHOD"]), str(events[0]["STATUS"]), int(events[0]["SEQUENCE"])),
         ("CANCEL", "CANCELLED", 2), "the cancellation")
    c.eq(str(events[0]["UID"]), uid, "the cancellation names the same UID")
    st, _, _ = srv.request("GET", path + "/invite.ics")
    c.eq(st, 401, "invite.ics needs the manage token")

    # The openings feed: public, the noon and evening hours of the week.
    st, h, ics = srv.request("GET", "/api/v1/offices/taichung-south/openings.ics"
                                    "?from=2025-12-22&to=2025-12-28&lang=en")
    c.eq((st, h.get("content-type")), (200, "text/calendar; charset=UTF-8; method=PUBLISH"),
         "openings feed")
    cal, events = event(ics)
    got = sorted((e.decoded("DTSTART").strftime("%m-%d %H:%M"), str(e["SUMMARY"])) for e in events)
    c.check(("12-22 12:00", "Noon service") in got, "Monday's noon service")
    c.check(("12-27 08:00", "Saturday morning service (by appointment)") in got, "Saturday")
    c.check(("12-28 09:00", "Holiday marriage registration (by appointment)") in got, "Sunday")
    c.check(("12-25 12:00", "Noon service") in got, "12-25 is a working day by the first release")
    st, _, body = srv.request("GET", "/api/v1/offices/taichung-south/openings.ics?lang=fr")
    c.eq((st, body["error"]["field"]), (422, "lang"), "a feed in an unknown language")
    st, _, _ = srv.request("GET", "/api/v1/offices/nowhere/openings.ics")
    c.eq(st, 404, "the feed of an unknown office")

    # The bookings feed: a manager, or the key of the feed's URL.
    feed = "/api/v1/offices/taichung-south/bookings.ics?from=2025-12-20&to=2025-12-31"
    st, _, _ = srv.request("GET", feed)
    c.eq(st, 401, "the bookings feed is not public")
    st, _, ics = srv.request("GET", feed, headers=mgr)
    c.eq(st, 200, "the manager's bookings feed")
    summaries = sorted(str(e["SUMMARY"]) for e in event(ics)[1])
    c.check(any(s.startswith(d["code"]) for s in summaries), "the feed lists the bookings")
    for secret in (b"p2@example.com.tw", "測試 2".encode(), b"0900000002"):
        c.check(secret not in ics, "no personal data in the feed")
    st, _, urls = srv.request("GET", "/api/v1/offices/taichung-south/feeds", headers=mgr)
    c.eq(st, 200, "feed URLs")
    key = urllib.parse.parse_qs(urllib.parse.urlsplit(urls["bookings"]).query)["key"][0]
    st, _, _ = srv.request("GET", feed + "&key=" + key)
    c.eq(st, 200, "the feed key opens the bookings feed")
    st, _, _ = srv.request("GET", feed + "&key=" + "f" * 32)
    c.eq(st, 401, "a wrong feed key does not")

    # The revised calendar makes 12-25 a holiday: slots follow at once, and the
    # booking left there is listed for the manager.
    st, _, body = srv.request("GET", "/api/v1/offices/taichung-south/slots"
                                     "?service=seal_registration&from=2025-12-25&to=2025-12-25")
    c.check(st == 200 and len(body["slots"]) > 0, "seal slots on 12-25 before the revision")
    st, _, body = srv.request("POST", "/api/v1/calendar/import", read("2025.csv"), mgr)
    c.eq((st, body.get("added"), body.get("changed"), body.get("removed")), (200, 0, 5, 0),
         "import the revision")
    c.check({"date": "2025-12-25", "before": "workday", "after": "holiday", "name": "行憲紀念日"}
            in body.get("changes", []), "12-25 becomes 行憲紀念日")
    c.eq([(x["code"], x["reason"]) for x in body.get("displaced", [])], [(d["code"], "not_a_slot")],
         "the booking on 12-25 is listed as left without a slot")
    c.eq([x["code"] for x in body.get("cancelled", [])], [d["code"]],
         "the import cancels the booking left without a slot")
    c.eq(srv.rows("code = '%s' AND status = 'cancelled'" % d["code"]), 1,
         "the booking on 12-25 is cancelled in the store")
    st, _, body = srv.request("GET", "/api/v1/offices/taichung-south/slots"
                                     "?service=seal_registration&from=2025-12-25&to=2025-12-25")
    c.eq((st, body.get("slots")), (200, []), "no seal slots on 12-25 any more")
    st, _, body = srv.request("POST", "/api/v1/calendar/import", read("2025.csv"), mgr)
    c.eq((body.get("added"), body.get("changed"), body.get("removed")), (0, 0, 0),
         "a second import changes nothing")

    # Bad imports change nothing.
    bad = read("2025.csv").replace(b"20251225,\xe5\x9b\x9b,2,", b"20251225,\xe5\x9b\x9b,7,")
    st, _, body = srv.request("POST", "/api/v1/calendar/import", bad, mgr)
    c.eq((st, body["error"]["code"]), (422, "invalid_calendar"), "a bad flag")
    c.check("line 360" in body["error"]["message"], "the error names the line")
    st, _, body = srv.request("POST", "/api/v1/calendar/import", read("2025.csv"))
    c.eq(st, 401, "importing needs a manager")
    st, _, body = srv.request("POST", "/api/v1/calendar/import", b"", mgr)
    c.eq(st, 400, "an empty import")


fhtest.run(main)
