"""figures.py: the managers' figures against the real binary: the page
(/admin/offices/{office}/figures), its CSV and the JSON API: the pages
for a signed-in manager of the office only (no session: to the sign-in
page; counter staff or another office's manager: 403), the API for a
manager's bearer token only (401); the CSV read
by Python's csv module has the same numbers as the JSON, and those numbers
are the bookings made here; the office's name, hostile on purpose, shows as
text; bad ranges are refused with the field at fault."""

import csv
import io
import re
import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import copy

import fhtest
from fhtest import OFFICE, Browser, booking

TUE = "2026-03-03T%s:00+08:00"
HOSTILE = "<script>alert(\"x\")</script> & 'South' \u202e"
PAGE = "/admin/offices/%s/figures" % OFFICE
CSV = PAGE + ".csv"
API = "/api/v1/offices/%s/figures" % OFFICE
WEEK = "?from=2026-03-02&to=2026-03-08"
WEST = "taichung-west"
PASSWORD = "figures-password-1"


def main(c):
    cfg = fhtest.test_config(fhtest.binary())
    cfg["offices"][0]["name"]["en"] = HOSTILE
    # No grace and no lapse: the no-show below is marked at its start, and
    # the figures count no lapse.
    cfg["offices"][0]["lapse_minutes"] = 0
    west = copy.deepcopy(cfg["offices"][0])
    west["id"] = WEST
    cfg["offices"].append(west)
    srv = fhtest.Server(cfg)
    try:
        fhtest.add_staff(srv, "chen", "manager", OFFICE, PASSWORD)
        fhtest.add_staff(srv, "wang", "manager", WEST, PASSWORD)
        fhtest.add_staff(srv, "lin", "counter", OFFICE, PASSWORD)
        srv.start()
        run(c, srv)
    finally:
        srv.cleanup()


def rows_of_csv(text):
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return header, [tuple(r) for r in reader]


def run(c, srv):
    m = srv.manager()
    # Three noon bookings and one evening booking on Tuesday 3 March; one
    # of the noon ones does not come, one is cancelled.
    codes = []
    for n, hhmm in enumerate(["12:00", "12:00", "12:30", "17:30"]):
        st, _, body = srv.request("POST", "/api/v1/bookings",
                                  booking(TUE % hhmm, 6100 + n, service="id_replacement"))
        c.eq(st, 201, "booking %d is taken" % n)
        codes.append(body["code"])
    # A no-show is marked once its start has passed: the clock moved to it
    # and back.
    srv.stop()
    srv.now = TUE % "12:00"
    srv.start()
    st, _, _ = srv.request("POST", "/api/v1/bookings/%s/no-show" % codes[0], headers=m)
    c.eq(st, 200, "a manager records a no-show")
    srv.stop()
    srv.now = fhtest.NOW
    srv.start()
    st, _, _ = srv.request("DELETE", "/api/v1/bookings/%s" % codes[2], headers=m)
    c.eq(st, 200, "a manager cancels a booking")

    # ---- refused to anyone but the office's managers ----------------------
    for headers, what in (({}, "no token"), ({"Authorization": "Bearer nope"}, "a wrong token"),
                          ({"Authorization": "Basic dGVzdDp0ZXN0"}, "another scheme")):
        st, h, body = srv.request("GET", API + WEEK, headers=headers)
        c.eq(st, 401, "the API with %s" % what)
        c.eq(body.get("error", {}).get("code"), "unauthorized", "the API's 401 is JSON")
    for path in (PAGE, CSV, "/admin/figures"):
        st, h, _ = srv.request("GET", path + WEEK, headers=m)
        c.eq((st, h.get("location")), (303, "/admin/signin"),
             "%s without a session, even with a manager's token: to sign-in" % path)
    for user, what in (("lin", "counter staff"), ("wang", "another office's manager")):
        other = Browser(srv)
        other.signin(user, PASSWORD)
        for path in (PAGE, CSV):
            st, _, text = other.request("GET", path + WEEK)
            c.eq(st, 403, "%s for %s" % (path, what))
            c.check("fh-chart" not in text and "noon" not in text,
                    "%s shows %s no figures" % (path, what))
    b = Browser(srv)
    st, _, _ = b.signin("chen", PASSWORD)
    c.eq(st, 303, "the office's manager signs in")
    st, h, _ = b.request("GET", "/admin/figures")
    c.eq((st, h.get("location")), (303, PAGE), "/admin/figures leads to the manager's office")

    # ---- the JSON ----------------------------------------------------------
    st, h, doc = srv.request("GET", API + WEEK, headers=m)
    c.eq(st, 200, "the figures as JSON")
    c.eq((doc["office"], doc["from"], doc["to"]), (OFFICE, "2026-03-02", "2026-03-08"),
         "the JSON names office and range")
    c.eq(doc["queries"], 7, "one query a figure (the weddings chart has two)")
    got = {(r["chart"], r["period"], r["series"], r["measure"]): r["value"] for r in doc["rows"]}
    wk = "2026-03-02"
    # Noon: 12:00 twice and 12:30 once, that one cancelled: 2 places taken;
    # the demo's noon (12:00-13:30, 3 slots) at capacity 3 on 5 days: 45.
    c.eq(got.get(("fill", wk, "noon", "taken")), 2, "noon places taken")
    c.eq(got.get(("fill", wk, "noon", "offered")), 45, "noon places offered")
    c.eq(got.get(("fill", wk, "evening", "taken")), 1, "evening places taken")
    c.eq(got.get(("attendance", wk, "no_show", "bookings")), 1, "one no-show")
    c.eq(got.get(("attendance", wk, "lapsed", "bookings")), 0, "no lapses yet")
    c.eq(got.get(("demand", wk, "noon", "bookings")), 2, "noon demand")
    c.eq(got.get(("demand", wk, "noon", "staff")), 0, "no roster published: nobody on duty")
    c.eq(got.get(("channels", wk, "web", "bookings")), 3, "every booking not cancelled came by web")
    # Booked on Monday 2 March (NOW) for Tuesday: one day ahead.
    c.eq(got.get(("lead", "1", "noon", "bookings")), 2, "noon bookings made a day ahead")
    c.eq(got.get(("weddings", "2026-03", "saturday", "bookings")), 0, "no weddings")

    # ---- the CSV, read as a spreadsheet would ------------------------------
    st, h, text = b.request("GET", CSV + WEEK)
    c.eq(st, 200, "the figures as CSV")
    c.eq(h.get("content-type"), "text/csv; charset=utf-8", "the CSV's type")
    c.check("attachment" in h.get("content-disposition", ""), "the CSV is a download")
    c.check(text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""),
            "the CSV's lines end CRLF (RFC 4180)")
    header, rows = rows_of_csv(text)
    c.eq(header, ["office", "chart", "period", "series", "measure", "value"], "the CSV's header")
    c.eq(len(rows), len(doc["rows"]), "the CSV has a row for each of the JSON's")
    from_csv = {(r[1], r[2], r[3], r[4]): int(r[5]) for r in rows}
    c.check(all(r[0] == OFFICE for r in rows), "every CSV row names the office")
    c.eq(from_csv, got, "the CSV's numbers are the JSON's")

    # ---- the page -----------------------------------------------------------
    st, h, page = b.request("GET", PAGE + WEEK)
    c.eq(st, 200, "the figures page")
    c.check(h.get("content-type", "").startswith("text/html"), "the page is HTML")
    c.eq(len(re.findall(r'<svg class="fh-chart"[^>]*role="img"', page)), 6, "six charts, each an image")
    c.eq(len(re.findall(r"<table", page)), 6, "six tables")
    c.eq(len(re.findall(r"<caption", page)), 6, "each table has a caption")
    c.check('lang="zh-Hant-TW"' in page, "the page is in Chinese by default")
    c.check('<td>4%<span class="fh-fig-part"> (2/45)</span></td>' in page,
            "the noon fill rate in the table, with its parts")
    c.check('href="/admin/offices/taichung-south/figures.csv?from=2026-03-02&amp;to=2026-03-08"'
            in page, "the page links its CSV for the same range")
    c.check("<script" not in page, "no script on the page")
    st, h, page_en = b.request("GET", PAGE + WEEK + "&lang=en")
    c.check('lang="en"' in page_en and "Places taken (fill rate)" in page_en,
            "the English page")
    c.check("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;South&#39;" in page_en,
            "the office's name shows as text")
    c.check("<script>alert" not in page_en and "\u202e" not in page_en,
            "the hostile name is not markup and loses its override")

    # ---- channels: a booking taken by phone counts as phone ------------------
    body = booking(TUE % "13:00", 6200, service="id_replacement", channel="phone",
                   phone="04-2222-3333")
    del body["email"]
    st, _, made = srv.request("POST", "/api/v1/bookings", body, headers=m)
    c.eq((st, made.get("channel") if isinstance(made, dict) else None), (201, "phone"),
         "a manager books for a citizen by phone (a landline, no e-mail)")
    st, _, doc = srv.request("GET", API + WEEK, headers=m)
    got = {(r["chart"], r["period"], r["series"], r["measure"]): r["value"] for r in doc["rows"]}
    c.eq([got.get(("channels", wk, ch, "bookings")) for ch in ("web", "phone", "fax", "counter")],
         [3, 1, 0, 0], "the week's channels: three on the web, one by phone")

    # ---- ranges --------------------------------------------------------------
    bad = [("?from=2026-13-01", "from"), ("?from=2026-03-10&to=2026-03-09", "to"),
           ("?from=2026-01-01&to=2027-02-05", "to"), ("?to=someday", "to")]
    for query, field in bad:
        st, _, body = srv.request("GET", API + query, headers=m)
        c.eq((st, body.get("error", {}).get("field")), (422, field), "JSON %s" % query)
        st, _, _ = b.request("GET", CSV + query)
        c.eq(st, 422, "CSV %s" % query)
        st, _, raw = b.request("GET", PAGE + query)
        c.eq(st, 422, "page %s" % query)
        c.check('class="fh-error-summary"' in raw and ('href="#%s"' % field) in raw,
                "page %s: the error summary links the field" % query)
    st, _, _ = srv.request("GET", API + "?from=2026-01-01&to=2027-02-04", headers=m)
    c.eq(st, 200, "400 days is allowed")
    st, _, body = srv.request("GET", API + "?month=3", headers=m)
    c.eq(st, 422, "an unknown argument is refused by the API")
    st, _, body = srv.request("GET", API, headers=m)
    c.eq((st, body["from"], body["to"]), (200, "2025-12-08", "2026-04-05"),
         "by default the twelve weeks before this one and the four after")
    st, _, _ = b.request("GET", "/admin/offices/nowhere/figures")
    c.eq(st, 404, "an unknown office")
    c.check("alert" not in srv.log() and "6100" not in srv.log(), "no personal data in the log")


fhtest.run(main)
