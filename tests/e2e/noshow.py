"""noshow.py: no-shows and suspensions against the real binary. A no-show
is refused before the booking's start plus the grace (through the API); the
second no-show queues the warning (read in the outbox); the third suspends
online booking, refused through the API with "suspended" and the date it
ends, and on the citizen's pages in words with that date (zh-TW and
English); the manager lists the suspensions (masked IDs only) through the
API and on /admin/suspensions, and lifts one with the page's button and one
through the API, each audited; the people book again, and a second lift is
refused."""

import json
import re
import sqlite3
import sys
import urllib.parse

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking, national_id

TUE = "2026-03-03T%s:00+08:00"
WED = "2026-03-04T%s:00+08:00"
THU = "2026-03-05T%s:00+08:00"
NEXT_TUE = "2026-03-10T%s:00+08:00"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
PERSON = 7001
OTHER = 7003  # suspended alike, lifted on the page
PASSWORD = "noshow-password-1"
# Three no-shows, the last on Thursday 5 March: 180 days on.
UNTIL = "2026-09-01"


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    office = cfg["offices"][0]
    office["lapse_minutes"] = 15
    # Lapses do not count here, so that the lapse pass run at each start
    # leaves the counting to the marks this test makes.
    office["no_show_policy"] = {"count": 3, "within_days": 365, "suspend_days": 180,
                                "count_lapsed": False}
    return cfg


def outbox(srv):
    st, _, body = srv.request("GET", "/api/v1/outbox?limit=1000", headers=srv.manager())
    return body if st == 200 else []


def audit_rows(srv, action):
    con = sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=10)
    try:
        return con.execute("SELECT who, target, before, after FROM audit WHERE action = ?",
                           (action,)).fetchall()
    finally:
        con.close()


def restart(srv, now):
    srv.stop()
    srv.now = now
    srv.start()


def fetch(srv, method, path, body=None, headers=None):
    conn = srv.connection()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.msg, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def csrf_of(text):
    m = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', text)
    return m.group(1) if m else ""


def words(text):
    m = re.search(r"<main[^>]*>(.*?)</main>", text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1) if m else text).split())


def book_on_pages(c, srv, start, headers):
    """Books through the citizen's pages; returns the page the refusal
    leads to (status, address, text)."""
    details = "/o/%s/book/details?service=id_replacement&start=%s" % (
        OFFICE, urllib.parse.quote(start, safe=""))
    st, _, text = fetch(srv, "GET", details, headers=headers)
    c.eq(st, 200, "the details page")
    fields = dict(csrf=csrf_of(text), name="王小明", national_id=national_id(PERSON),
                  phone="0912007001", email="p7001@example.com.tw", lang="zh-TW")
    st, h, _ = fetch(srv, "POST", details, urllib.parse.urlencode(fields), dict(FORM, **headers))
    c.eq(st, 303, "the details sent")
    check = h.get("Location", "")
    draft = re.search(r"fh_draft=([^;]*)", h.get("Set-Cookie", ""))
    cookie = dict(headers, Cookie="fh_draft=" + (draft.group(1) if draft else ""))
    st, _, text = fetch(srv, "GET", check, headers=cookie)
    c.eq(st, 200, "the check page")
    st, h, _ = fetch(srv, "POST", check, urllib.parse.urlencode({"csrf": csrf_of(text)}),
                     dict(FORM, **cookie))
    c.eq(st, 303, "the booking posted from the check page")
    loc = h.get("Location", "")
    st, _, text = fetch(srv, "GET", loc, headers=cookie)
    return st, loc, text


def main(c):
    srv = fhtest.Server(config())
    try:
        fhtest.add_staff(srv, "chen", "manager", OFFICE, PASSWORD)
        srv.start()
        scenario(c, srv)
    finally:
        srv.cleanup()


def scenario(c, srv):
    m = srv.manager()
    nid = national_id(PERSON)
    codes, others = [], []
    # Monday: three bookings of each person, on three days (one a day, one
    # per service).
    for start, service in ((TUE % "12:00", "name_change"), (WED % "12:00", "id_replacement"),
                           (THU % "12:00", "seal_change")):
        for who, into in ((PERSON, codes), (OTHER, others)):
            st, _, body = srv.request("POST", "/api/v1/bookings",
                                      booking(start, who, service=service))
            c.eq(st, 201, "booking %s %s" % (service, start))
            into.append(body.get("code", "-"))

    # Before the start plus the grace: refused, nothing changed.
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % codes[0], headers=m)
    c.eq((st, body.get("error", {}).get("code")), (409, "no_show_too_early"),
         "a no-show the day before the booking")
    restart(srv, TUE % "12:14")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % codes[0], headers=m)
    c.eq((st, body.get("error", {}).get("code")), (409, "no_show_too_early"),
         "a no-show 14 minutes after the start (the grace is 15)")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + codes[0], headers=m)
    c.eq(body.get("status"), "confirmed", "the refused mark changed nothing")

    # Thursday 12:20: every booking's grace is over (the lapse pass has
    # lapsed them; the counter confirms each as a no-show).
    restart(srv, THU % "12:20")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % codes[0], headers=m)
    c.eq((st, body.get("status")), (200, "no_show"), "the first no-show")
    warn = [x for x in outbox(srv) if x["kind"] == "no_show_warning"]
    c.eq(warn, [], "no warning after the first no-show")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % codes[1], headers=m)
    c.eq((st, body.get("status")), (200, "no_show"), "the second no-show")
    warn = [x for x in outbox(srv) if x["kind"] == "no_show_warning"]
    c.eq(sorted((x["booking"], x["channel"]) for x in warn),
         [(codes[1], "email"), (codes[1], "sms")],
         "the second no-show queues the warning by e-mail and SMS")

    # Still one away: a booking is taken (and cancelled again).
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(NEXT_TUE % "12:00", PERSON, service="marriage"))
    c.eq(st, 201, "two no-shows: still booking online")
    if st == 201:
        srv.request("DELETE", "/api/v1/bookings/" + body["code"],
                    headers={"X-Manage-Token": body["manage_token"]})

    st, _, body = srv.request("POST", "/api/v1/bookings/%s/no-show" % codes[2], headers=m)
    c.eq((st, body.get("status")), (200, "no_show"), "the third no-show")
    c.eq(len([x for x in outbox(srv) if x["kind"] == "no_show_warning"]), 2,
         "no second warning at the third no-show")
    for code in others:
        st, _, _ = srv.request("POST", "/api/v1/bookings/%s/no-show" % code, headers=m)
        c.eq(st, 200, "the other person's no-show")

    # Suspended: refused with the date it ends; nothing stored.
    rows = srv.rows()
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(NEXT_TUE % "12:00", PERSON, service="marriage"))
    err = body.get("error", {}) if isinstance(body, dict) else {}
    c.eq((st, err.get("code"), err.get("until")), (409, "suspended", UNTIL),
         "a suspended person's booking: 409 suspended until %s" % UNTIL)
    c.check("call the office" in err.get("message", ""), "the refusal says they may call")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(NEXT_TUE % "12:00", PERSON, service="marriage"),
                              headers={"Accept-Language": "zh-TW"})
    c.check("暫停" in body.get("error", {}).get("message", ""), "the refusal in Chinese")
    c.eq(srv.rows(), rows, "the refused booking stored nothing")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(NEXT_TUE % "12:00", PERSON + 1, service="marriage"))
    c.eq(st, 201, "another person books")

    # The citizen's pages say it in words, with the date.
    st, loc, text = book_on_pages(c, srv, NEXT_TUE % "12:30", {})
    c.check("error=suspended" in loc and "until=" + UNTIL in loc,
            "the pages lead back to the check page with the refusal: %s" % loc)
    page = words(text)
    c.eq(st, 409, "the check page with a suspension answers 409")
    c.check("線上預約已暫停" in page and "致電" in page and "2026年9月1日" in page,
            "the zh-TW page says booking online is suspended until 2026年9月1日, and to call")
    st, loc, text = book_on_pages(c, srv, NEXT_TUE % "12:30", EN)
    page = words(text)
    c.check("Online booking at this office is suspended" in page and "call the office" in page
            and "1 September 2026" in page,
            "the English page says booking online is suspended until 1 September 2026")

    # The manager's list: the masked ID, the date, the latest missed booking.
    st, _, body = srv.request("GET", "/api/v1/offices/%s/suspensions" % OFFICE, headers=m)
    c.eq(st, 200, "the list of suspensions")
    listed = body.get("suspensions", []) if st == 200 else []
    other = national_id(OTHER)
    c.eq(sorted((s["national_id_masked"], s["until"], s["booking"]) for s in listed),
         sorted([(nid[0] + "******" + nid[-3:], UNTIL, codes[2]),
                 (other[0] + "******" + other[-3:], UNTIL, others[2])]),
         "the suspended people are listed")
    c.check(nid not in json.dumps(body), "the list holds no whole national ID")
    st, _, _ = srv.request("GET", "/api/v1/offices/%s/suspensions" % OFFICE)
    c.eq(st, 401, "the list without a token")

    # The manager's page lists them too, linked from /admin/, and lifts one.
    chen = fhtest.Browser(srv)
    chen.signin("chen", PASSWORD)
    st, _, text = chen.request("GET", "/admin/")
    c.check('href="/admin/suspensions"' in text, "/admin/ links to the suspensions page")
    st, _, text = chen.request("GET", "/admin/suspensions?office=" + OFFICE)
    c.eq(st, 200, "the suspensions page")
    c.check(other[0] + "******" + other[-3:] in text and "解除暫停" in text,
            "the page lists the masked ID with a lift button")
    c.check(nid not in text and other not in text, "the page shows no whole national ID")
    c.check("lift=%s" % others[2] in text, "the list links to the question before the lift")
    # The Lift button asks first: who (masked), and why.
    st, _, text = chen.request("GET", "/admin/suspensions?office=%s&lift=%s&partner=0" % (OFFICE, others[2]))
    c.eq(st, 200, "the question before the lift")
    c.check(other[0] + "******" + other[-3:] in text and other not in text,
            "the question names the person masked")
    form = re.search(r'<form[^>]*action="/admin/suspensions/lift"[^>]*>(.*?)</form>', text, re.S)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(1))) if form else {}
    c.check('name="reason"' in (form.group(1) if form else ""), "the question asks for a reason")
    st, _, _ = chen.request("POST", "/admin/suspensions/lift", dict(fields, csrf="x", reason="r"))
    c.eq(st, 403, "a lift posted without its form token")
    st, hdrs, _ = chen.request("POST", "/admin/suspensions/lift", dict(fields, reason="  "))
    c.check(st == 303 and "error=reason" in hdrs.get("location", ""),
            "a lift without a reason: 303 back to the question (%s)" % st)
    c.eq(audit_rows(srv, "suspension-lifted"), [], "a lift without a reason changed nothing")
    st, hdrs, _ = chen.request("POST", "/admin/suspensions/lift", dict(fields, reason="電話確認，誤記"))
    c.check(st == 303 and "done=1" in hdrs.get("location", ""),
            "the page's lift: 303 back, done (%s)" % st)
    rec = audit_rows(srv, "suspension-lifted")
    c.eq([(r[0], r[1]) for r in rec], [("user:chen", others[2])],
         "the page's lift is audited, naming the missed booking")
    st, _, text = chen.request("GET", "/admin/suspensions?office=" + OFFICE)
    c.check(other[0] + "******" + other[-3:] not in text, "the lifted person leaves the page")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(NEXT_TUE % "12:00", OTHER, service="marriage"))
    c.eq(st, 201, "the person lifted on the page books online again")

    # Bad lifts change nothing.
    lift = "/api/v1/offices/%s/suspensions/lift" % OFFICE
    for bad, field in (({"national_id": "A123456788"}, "national_id"),
                       ({}, "national_id"),
                       ({"national_id": nid, "booking": codes[2]}, "national_id"),
                       ({"national_id": nid, "extra": 1}, "extra"),
                       ({"booking": codes[2], "partner": "yes"}, "partner")):
        st, _, body = srv.request("POST", lift, bad, headers=m)
        c.eq((st, body.get("error", {}).get("field")), (422, field), "a lift with %r" % bad)
    st, _, body = srv.request("POST", lift, {"national_id": national_id(PERSON + 2)}, headers=m)
    c.eq((st, body.get("error", {}).get("code")), (409, "not_suspended"),
         "a lift of somebody not suspended")
    st, _, _ = srv.request("POST", lift, {"national_id": nid})
    c.eq(st, 401, "a lift without a token")
    c.eq(len(audit_rows(srv, "suspension-lifted")), 1, "the refused lifts wrote no audit record")

    st, _, body = srv.request("POST", lift, {"national_id": nid, "reason": "住院證明"}, headers=m)
    c.eq((st, body.get("was_until")), (200, UNTIL), "the manager lifts the suspension")
    rec = audit_rows(srv, "suspension-lifted")[1:]
    c.eq(len(rec), 1, "the lift is audited")
    if rec:
        who, target, before, after = rec[0]
        c.eq((who, json.loads(before), json.loads(after)),
             ("token:test manager", {"suspended_until": UNTIL},
              {"suspended_until": None, "reason": "住院證明"}), "the audit record says who and why")
        c.check(nid not in "".join(str(x) for x in rec[0]), "the audit names no national ID")
    st, _, body = srv.request("POST", lift, {"national_id": nid}, headers=m)
    c.eq((st, body.get("error", {}).get("code")), (409, "not_suspended"), "a second lift")
    st, _, body = srv.request("GET", "/api/v1/offices/%s/suspensions" % OFFICE, headers=m)
    c.eq(body.get("suspensions"), [], "nobody is suspended after the lift")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(NEXT_TUE % "12:00", PERSON, service="marriage"))
    c.eq(st, 201, "after the lift the person books online again")


if __name__ == "__main__":
    fhtest.run(main)
