"""prereg.py: lucky dates released at a set time and marriages filed ahead
of a designated date, against the real binary.

Release: Thu 2 April 2026 is released 30 days before at 09:00 (Tue 3 March
09:00). Before that instant the slots API lists the date's slots only under
"not_yet_released" with the instant, booking is refused not_yet_released
with "opens_at", the month grid, the day's times and the office's rules say
when it opens, and the openings feed carries an event at the instant; at the
instant itself the date opens, 30 days ahead though the horizon is 7.

Designated date: on Monday 2 March a couple books Wednesday 4 March naming
Sunday 8 March (3 office days ahead): stored, answered, in the invite and
on the manage page and the day board, counted by the weddings
figures with the holiday wedding of that Sunday. Spans too long, dates not
after the booking, a Saturday filing, another service and a malformed date
are refused with their reasons; the citizen's pages ask for the date with a
marriage only, refuse a date too far in words and book one that fits."""

import re
import sys
import urllib.parse

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking

PASSWORD = "prereg-password-1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
LUCKY = "2026-04-02"
OPENS = "2026-03-03T09:00:00+08:00"


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["offices"][0]["releases"] = [
        {"date": LUCKY, "release": {"days_before": 30, "at": "09:00"}}]
    return cfg


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


def words(text):
    m = re.search(r"<main[^>]*>(.*?)</main>", text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1) if m else text).split())


def csrf_of(text):
    m = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', text)
    return m.group(1) if m else ""


def unfold(ics):
    return ics.replace("\r\n ", "").replace("\\n", "\n")


def err(body):
    e = body.get("error", {}) if isinstance(body, dict) else {}
    return e.get("code"), e.get("field")


def release(c, srv):
    slots = "/api/v1/offices/%s/slots?service=marriage&from=%s&to=%s"
    st, _, body = srv.request("GET", slots % (OFFICE, LUCKY, LUCKY))
    c.eq(st, 200, "the lucky date's slots")
    waiting = body.get("not_yet_released", [])
    c.eq(body.get("slots"), [], "nothing bookable before the release")
    c.check(len(waiting) > 0, "the lucky date's slots listed as not yet released")
    c.eq(sorted({s.get("opens_at") for s in waiting}), [OPENS], "each says when it opens")
    c.check(all(s["start"].startswith(LUCKY) and s["remaining"] > 0 for s in waiting),
            "they are the date's slots with their places")
    st, _, body = srv.request("GET", slots % (OFFICE, "2026-03-04", "2026-03-04"))
    c.check(st == 200 and "not_yet_released" not in body and len(body.get("slots", [])) > 0,
            "a date without a release rule answers as always")

    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(LUCKY + "T09:00:00+08:00", 9101))
    c.eq((st, err(body)), (422, ("not_yet_released", "start")), "booking before the release")
    c.eq(body.get("error", {}).get("opens_at"), OPENS, "the refusal says when it opens")

    st, _, text = fetch(srv, "GET", "/o/%s/book/day?service=marriage&month=2026-04" % OFFICE)
    c.eq(st, 200, "April's grid")
    w = words(text)
    c.check("3/3 09:00 開放預約" in w, "the grid's cell says when the date opens")
    c.check("指定時間開放的日期：2026-04-02，2026-03-03 09:00 開放預約" in w,
            "the rules say when the lucky date opens")
    st, _, text = fetch(srv, "GET",
                        "/o/%s/book/day?service=marriage&month=2026-04&lang=en" % OFFICE)
    c.check("opens 3/3 09:00" in words(text), "in English too")
    st, _, text = fetch(srv, "GET", "/o/%s/book/time?service=marriage&day=%s&lang=en"
                        % (OFFICE, LUCKY))
    c.check("booking opens 2026-03-03 09:00" in words(text), "the day's times say when it opens")
    st, _, text = fetch(srv, "GET", "/o/%s?lang=en" % OFFICE)
    c.check("Dates released at a set time: 2026-04-02 opens 2026-03-03 09:00" in words(text),
            "the office's page says when the lucky date opens")
    st, _, text = fetch(srv, "GET", "/o/%s/book/day?service=marriage&month=2026-03" % OFFICE)
    c.check(st == 200 and "2026-04-02" in words(text),
            "the month before names the coming release too")

    st, _, ics = srv.request("GET", "/api/v1/offices/%s/openings.ics?lang=en&from=2026-03-02"
                             "&to=2026-04-30" % OFFICE)
    ics = unfold(ics.decode())
    c.check("UID:%s-release-20260402@flexhours" % OFFICE in ics, "the feed has the release")
    c.check("Places on 2026-04-02 open for booking at 2026-03-03 09:00." in ics,
            "the release event says when")
    c.check("DTSTART;TZID=Asia/Taipei:20260303T090000" in ics, "at the release instant")

    # A minute before, still shut; at the instant, open 30 days ahead.
    restart(srv, "2026-03-03T08:59:00+08:00")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(LUCKY + "T09:00:00+08:00", 9102))
    c.eq(err(body), ("not_yet_released", "start"), "at 08:59")
    restart(srv, OPENS)
    st, _, body = srv.request("GET", slots % (OFFICE, LUCKY, LUCKY))
    c.check(len(body.get("slots", [])) > 0 and "not_yet_released" not in body,
            "at the instant the slots are bookable")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(LUCKY + "T09:00:00+08:00", 9103))
    c.eq(st, 201, "booked at the release instant")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking("2026-04-03T09:00:00+08:00", 9104))
    c.eq(err(body), ("not_yet_open", "start"), "the day after keeps its 7-day horizon")
    restart(srv, fhtest.NOW)


def designated(c, srv):
    wed = "2026-03-04T09:00:00+08:00"
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(wed, 9201, effective_date="2026-03-08"))
    c.eq(st, 201, "a marriage on Wednesday taking effect on Sunday")
    c.eq(body.get("effective_date"), "2026-03-08", "the answer names the date")
    code, token = body.get("code", "-"), body.get("manage_token", "")
    st, _, got = srv.request("GET", "/api/v1/bookings/%s" % code, headers={"X-Manage-Token": token})
    c.eq(got.get("effective_date") if st == 200 else None, "2026-03-08", "stored with the booking")
    st, _, ics = srv.request("GET", "/api/v1/bookings/%s/invite.ics" % code,
                             headers={"X-Manage-Token": token})
    c.check("結婚登記生效日：2026-03-08（指定日期）" in unfold(ics.decode()), "the invite says so")

    # A holiday wedding on that Sunday, in the holiday window (pending).
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking("2026-03-08T09:00:00+08:00", 9202))
    c.eq(st, 201, "a holiday wedding on Sunday")

    refusals = [
        ("2026-03-03T09:00:00+08:00", "2026-03-08", "marriage", 9203,
         (422, ("effective_date_too_far", "effective_date")), "4 office days ahead"),
        ("2026-03-05T09:00:00+08:00", "2026-03-05", "marriage", 9204,
         (422, ("effective_date_not_after", "effective_date")), "the booking's own day"),
        ("2026-03-05T09:00:00+08:00", "2026-03-04", "marriage", 9205,
         (422, ("effective_date_not_after", "effective_date")), "a day before the booking"),
        ("2026-03-07T08:00:00+08:00", "2026-03-08", "marriage", 9206,
         (422, ("effective_date_not_office_day", "effective_date")), "filed on a Saturday"),
        ("2026-03-05T09:00:00+08:00", "2026-03-08", "seal_registration", 9207,
         (422, ("invalid_field", "effective_date")), "a service that is no couple's"),
        ("2026-03-05T09:00:00+08:00", "2026-02-30", "marriage", 9208,
         (422, ("invalid_field", "effective_date")), "no such date"),
    ]
    for start, eff, service, who, want, what in refusals:
        st, _, body = srv.request("POST", "/api/v1/bookings",
                                  booking(start, who, service=service, effective_date=eff))
        c.eq((st, err(body)), want, what)
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking("2026-03-05T10:00:00+08:00", 9209,
                                      effective_date="2026-03-09"),
                              headers={"Accept-Language": "zh-TW"})
    c.eq(st, 201, "Thursday for Monday: 2 office days")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking("2026-03-03T10:00:00+08:00", 9210,
                                      effective_date="2026-03-06"))
    c.eq(st, 201, "Tuesday for Friday: 3 office days (Tue, Wed, Thu)")
    return code


def pages(c, srv, code):
    # The details page asks for the date with a marriage only.
    start = urllib.parse.quote("2026-03-04T10:00:00+08:00", safe="")
    details = "/o/%s/book/details?service=marriage&start=%s" % (OFFICE, start)
    st, _, text = fetch(srv, "GET", details)
    c.eq(st, 200, "the marriage's details page")
    c.check('name="effective_date"' in text and 'type="date"' in text,
            "it asks for the effective date")
    c.check("3 個上班日內預先辦理" in words(text), "and says how far ahead, in office days")
    st, _, text = fetch(srv, "GET", "/o/%s/book/details?service=id_replacement&start=%s"
                        % (OFFICE, start))
    c.check('name="effective_date"' not in text, "another service's page does not")

    fields = dict(csrf=csrf_of(fetch(srv, "GET", details)[2]), name="林美玲",
                  national_id=fhtest.national_id(9301), partner_name="張志明",
                  partner_national_id=fhtest.national_id(9302), phone="0912009301",
                  email="p9301@example.com.tw", lang="zh-TW", effective_date="2026-03-10")
    st, _, text = fetch(srv, "POST", details, urllib.parse.urlencode(fields), FORM)
    c.eq(st, 422, "a date 4 office days ahead is refused on the form")
    c.check("指定生效日離辦理日太遠" in words(text), "in words")
    fields["csrf"] = csrf_of(text)
    fields["effective_date"] = "2026-03-08"
    st, h, _ = fetch(srv, "POST", details, urllib.parse.urlencode(fields), FORM)
    c.eq(st, 303, "a date that fits goes on")
    draft = re.search(r"fh_draft=([^;]*)", h.get("Set-Cookie", ""))
    cookie = {"Cookie": "fh_draft=" + (draft.group(1) if draft else "")}
    check = h.get("Location", "")
    st, _, text = fetch(srv, "GET", check, headers=cookie)
    c.check(st == 200 and "指定生效日" in words(text) and "（指定日期生效）" in words(text),
            "the answers show the effective date")
    st, h, _ = fetch(srv, "POST", check, urllib.parse.urlencode({"csrf": csrf_of(text)}),
                     dict(FORM, **cookie))
    c.eq(st, 303, "booked from the pages")
    st, _, text = fetch(srv, "GET", h.get("Location", ""), headers=cookie)
    c.check(st == 200 and "指定生效日" in words(text) and "3月8日" in words(text),
            "the booking's page shows the effective date")

    b = fhtest.Browser(srv)
    st, _, _ = b.signin("chen", PASSWORD)
    st, _, text = b.request("GET", "/admin/day?office=%s&date=2026-03-04" % OFFICE)
    c.check(st == 200 and "指定生效日：2026-03-08" in words(text),
            "the day board shows the effective date")

    st, _, body = srv.request("GET", "/api/v1/offices/%s/figures?from=2026-03-02&to=2026-03-31"
                              % OFFICE, headers=srv.manager())
    got = {(r["chart"], r["period"], r["series"]): r["value"] for r in body.get("rows", [])}
    c.eq(got.get(("weddings", "2026-03", "holiday")), 1, "one wedding in the holiday window")
    c.eq(got.get(("weddings", "2026-03", "effective_holiday")), 3,
         "three marriages take effect on a day off (two filed ahead)")
    c.eq(got.get(("weddings", "2026-03", "designated")), 2, "two of them filed ahead")


def main(c):
    srv = fhtest.Server(config())
    try:
        fhtest.add_staff(srv, "chen", "manager", OFFICE, PASSWORD)
        srv.start()
        release(c, srv)
        code = designated(c, srv)
        pages(c, srv, code)
    finally:
        srv.cleanup()


if __name__ == "__main__":
    fhtest.run(main)
