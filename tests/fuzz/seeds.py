#!/usr/bin/env python3
"""seeds.py FLEXHOURS-BIN: writes the seed corpora of tests/fuzz/corpus/ and
the dictionaries tests/fuzz/TARGET.dict. The seeds are real inputs: the demo configuration (`flexhours demo-config`) and the
configurations of the scheduler and roster cases, the DGPA calendars of
tests/data and .ics files like the tests', fields people type, and for
fuzz_http a request for every route of the API and the pages like those of
tests/e2e. fuzz_http's route numbers are read from the table in fuzz_http.c,
so run it again when that table changes. Only the files it writes are
replaced; inputs added by `make fuzz-merge` stay."""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def compact(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


# ---- fuzz_config -------------------------------------------------------------

CASES = [("tests/cases", n) for n in (
    "0019-closure-typhoon-day.json", "0021-extra-opening-520.json",
    "0025-residents-only-window.json", "0028-configured-person-limits.json",
    "0031-suspend-last-working-day-feb-2025.json", "0034-only-on-last-working-day.json",
    "0040-working-day-horizon.json", "0042-utc-office.json",
    "0045-windows-split-by-weekday.json", "0108-couple-takes-one-place.json",
    "0072-config-horizon-after-cutoff-same-day.json", "0080-config-overlapping-windows.json",
    "0101-config-sms-bad-provider.json", "0103-config-manager-token-not-hex.json")] + [
    ("tests/roster", n) for n in ("0001-tiny-office-covered-exactly.roster",
                                  "0008-pin-kept-ban-obeyed.roster",
                                  "0009-preference-honoured.roster")]

def config_seeds(binary):
    demo = subprocess.run([binary, "demo-config"], check=True, capture_output=True).stdout
    write("fuzz_config", "demo.json", demo)
    cfg = json.loads(demo)
    cfg.update({
        "listen": "[::1]:8443",
        "public_url": "https://booking.example.gov.tw",
        "calendar": [{"date": "2026-03-09", "type": "holiday", "name": "颱風假"},
                     {"date": "2026-03-14", "type": "makeup_workday", "name": "補行上班"}],
        "smtp": {"host": "127.0.0.1", "port": 2525, "starttls": False, "username": "u",
                 "password": "p", "from": "office@example.gov.tw"},
        "sms": {"provider": "kannel", "url": "http://127.0.0.1:13013/cgi-bin/sendsms",
                "username": "u", "password": "p", "from": "1999"},
        "notifier": {"reminder_email_at": "19:00", "reminder_sms_before_minutes": 120,
                     "quiet_from": "21:00", "quiet_until": "08:00", "max_attempts": 8,
                     "retry_seconds": 30, "poll_ms": 500, "reminders": True},
        "rate_limit": {"per_minute": 6, "burst": 3},
    })
    office = cfg["offices"][0]
    office["extra_openings"] = [{"date": "2026-05-20", "name": "holiday", "start": "09:00",
                                 "end": "12:00", "capacity": 2, "services": ["marriage"],
                                 "release": {"days_before": 30, "at": "09:00"}}]
    office["releases"] = [{"date": "2026-02-14", "release": {"on": "2026-01-14", "at": "12:00"}}]
    office["designated_date_days"] = 3
    office["closures"] = [{"date": "2026-03-10", "reason": "颱風停班停課"}]
    office["roster"] = {"weights": {"noon": 1, "evening": 1, "saturday": 2, "holiday": 2},
                        "comp_minutes": {"noon": 90, "evening": 60, "saturday": 240,
                                         "holiday": 480},
                        "min_staff": {"noon": 2, "evening": 2, "saturday": 3, "holiday": 1},
                        "walk_in_margin": 0, "one_flex_per_day": True,
                        "max_consecutive_days": 6, "max_duties_per_month": 8, "comp_weeks": 4}
    write("fuzz_config", "everything.json", json.dumps(cfg, ensure_ascii=False, indent=1))
    small = {"sms": {"provider": "http", "url": "https://sms.example.com/send",
                     "body_template": "{\"to\":\"{to}\",\"text\":\"{text}\"}", "from": "1999"},
             "offices": [dict(office, staff=[office["staff"][0], office["staff"][10]],
                              services=office["services"][:2],
                              windows=office["windows"][:2])]}
    write("fuzz_config", "sms-http.json", compact(small))
    # The configurations of some data-driven cases: windows split by
    # weekday, horizons and cut-offs, closures, extra openings, residents,
    # limits, suspended windows, a UTC office, couples, staff, pins, bans
    # and preferences, and a few the loader refuses.
    for folder, name in CASES:
        with open(os.path.join(TOP, folder, name), encoding="utf-8") as f:
            case = json.load(f)
        write("fuzz_config", "case-" + re.sub(r"\.\w+$", ".json", name), compact(case["config"]))
    write("fuzz_config", "not-an-object.json", "[1, 2, 3]")
    write("fuzz_config", "unknown-key.json", '{"offices": [], "lisen": "127.0.0.1:80"}')


# ---- fuzz_import -------------------------------------------------------------

ICS_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//flexhours//seeds//EN\r\n"


def event(uid, start, summary=None, end=None, extra=""):
    s = "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:%s\r\n" % (
        uid, start)
    if end:
        s += "DTEND;VALUE=DATE:%s\r\n" % end
    if summary:
        s += "SUMMARY:%s\r\n" % summary
    return s + extra + "END:VEVENT\r\n"


def import_seeds():
    data = os.path.join(TOP, "tests", "data", "tw-gov-calendar")
    for name in ("2024.csv", "2025.csv", "2025-v1-initial.csv"):
        with open(os.path.join(data, name), "rb") as f:
            raw = f.read()
        write("fuzz_import", name, raw)
    # The same year as a spreadsheet saves it: a byte-order mark and CRLF.
    with open(os.path.join(data, "2024.csv"), "rb") as f:
        raw = f.read()
    write("fuzz_import", "2024-bom-crlf.csv",
          b"\xef\xbb\xbf" + raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    lines = raw.decode("utf-8-sig").splitlines()
    write("fuzz_import", "2024-first-days.csv", "\n".join(lines[:12]) + "\n")
    write("fuzz_import", "holidays.ics", ICS_HEAD
          + event("a@t", "20251010", "國慶日")
          + event("b@t", "20250127", "春節", end="20250201")
          + event("c@t", "20250208", "補行上班")
          + event("d@t", "20250301", "調整放假", extra="X-FLEXHOURS-DAY-TYPE:makeup_workday\r\n")
          + "END:VCALENDAR\r\n")
    write("fuzz_import", "typhoon.ics", ICS_HEAD
          + event("1@t", "20260105", "颱風假") + event("2@t", "20260110", "補行上班")
          + "END:VCALENDAR\r\n")
    write("fuzz_import", "not-all-day.ics",
          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n"
          "END:VCALENDAR\r\n")


# ---- fuzz_validate -----------------------------------------------------------

def validate_seeds():
    write("fuzz_validate", "person.txt",
          "A123456789\na123456789\nA800000014\n0912345678\n+886 912-345-678\n"
          "someone@example.com.tw\n王小明\nzh-TW\nen\nk-1234\n")
    write("fuzz_validate", "faults.txt",
          "A123456788\nA323456789\n0223456789\n+81901234567\na..b@example.com\n"
          "a@b@example.com\nsomeone@localhost\n王\u0007明\n   \nfr\n")
    write("fuzz_validate", "names.txt",
          "Lin Ya-Ting\n林雅婷\n\u3000\u3000\nabc\u202eevil\n" + "王" * 101 + "\n")
    write("fuzz_validate", "dates.txt",
          "2026-03-03\n2026-02-30\n2026-03\n12:00\n24:00\n2026-03-03T10:00:00+08:00\n"
          "2026-03-04T02:30:00Z\n2026-03-03T10:00:30.5+08:00\n1900-01-01T00:00:00+23:59\n")
    write("fuzz_validate", "utf8.bin", b"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xed\xa0\x80\xc0\xaf"
          b"\xf4\x90\x80\x80\n\xef\xbb\xbf")


# ---- fuzz_http ---------------------------------------------------------------

OFFICE = "taichung-south"
# The national IDs of the bookings fuzz_http makes at start (national_id(9000 + i)).
ID_LETTERS = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36))}


def national_id(n, letter="A", sex="1"):
    body = sex + "%07d" % (n % 10_000_000)
    v = ID_LETTERS[letter]
    total = v // 10 + (v % 10) * 9 + sum(int(d) * (8 - i) for i, d in enumerate(body))
    return letter + body + str((10 - total % 10) % 10)


def routes():
    with open(os.path.join(HERE, "fuzz_http.c"), encoding="utf-8") as f:
        text = f.read()
    table = text[text.index("static const struct route routes[]"):]
    table = table[:table.index("};")]
    return re.findall(r'\{"(\w+)", "([^"]*)", (B_\w+), (\d)\}', table)


AUTH = {None: 0, "manager": 1, "token": 2, "wrong": 3}
LANG = {None: 0, "zh": 1, "en": 2, "other": 3}


def http_seed(table, name, method, pattern, steps=0, seg1="", seg2="", query="", header="",
              body="", auth=None, lang=None, follow=False, wrong_type=False, no_token=False,
              twice=False, booking=0):
    index = [i for i, r in enumerate(table) if r[0] == method and r[1] == pattern
             and int(r[3]) == steps]
    if not index:
        raise SystemExit("seeds.py: no route %s %s (steps %d) in fuzz_http.c" % (
            method, pattern, steps))
    flags = AUTH[auth] | LANG[lang] << 2 | follow << 4 | wrong_type << 5 | no_token << 6 \
        | twice << 7
    if isinstance(body, dict):
        body = compact(body)
    text = "\n".join([seg1, seg2, query, header, body])
    write("fuzz_http", name, bytes([index[0], flags, booking]) + text.encode())


def booking(n, start, service="moving", **over):
    b = {"office": "@o", "service": service, "start": start, "name": "測試 %d" % n,
         "national_id": national_id(n), "phone": "09%08d" % (n % 100_000_000),
         "email": "p%d@example.com.tw" % n, "lang": "zh-TW"}
    b.update(over)
    return b


def form(**fields):
    from urllib.parse import urlencode
    return urlencode(fields, safe="@")


def http_seeds():
    t = routes()
    s = lambda name, *a, **k: http_seed(t, name, *a, **k)  # noqa: E731
    v1 = "/api/v1"
    # The API's read side.
    s("healthz", "GET", "/healthz")
    s("offices", "GET", v1 + "/offices", lang="zh")
    s("services", "GET", v1 + "/offices/{o}/services", lang="en")
    s("slots-week", "GET", v1 + "/offices/{o}/slots",
      query="service=marriage&from=2026-03-03&to=2026-03-09")
    s("slots-month", "GET", v1 + "/offices/{o}/slots", lang="zh",
      query="service=id_replacement&from=2026-03-02&to=2026-03-31")
    s("slots-bad", "GET", v1 + "/offices/{o}/slots",
      query="service=marriage&from=03/03/2026&to=2026-03-04&limit=5")
    s("slots-unknown-office", "GET", v1 + "/offices/{o}/slots", seg1="nowhere",
      query="service=marriage&from=2026-03-03&to=2026-03-04")
    s("manager-day", "GET", v1 + "/offices/{o}/bookings", auth="manager", query="date=2026-03-03")
    # Booking, and its faults (tests/e2e/bad_inputs.py).
    s("book", "POST", v1 + "/bookings", body=booking(11, "2026-03-03T10:00:00+08:00"))
    s("book-couple", "POST", v1 + "/bookings", lang="en", body=booking(
        12, "2026-03-07T10:00:00+08:00", service="marriage", partner_name="Partner",
        partner_national_id=national_id(112)))
    s("book-idempotent", "POST", v1 + "/bookings", header="Idempotency-Key: fuzz-key-1",
      twice=True, body=booking(13, "2026-03-04T02:30:00Z", national_id="a" + national_id(13)[1:],
                               phone="+886 912 345 678"))
    s("book-faults", "POST", v1 + "/bookings", lang="zh", body=booking(
        14, "2026-03-03T10:15:00+08:00", name="王\u0007明", email="a..b@example.com",
        foo="bar"))
    s("book-not-json", "POST", v1 + "/bookings", body="office=taichung-south")
    s("book-duplicate-key", "POST", v1 + "/bookings",
      body='{"office": "a", "office": "b", "name": "a\\u0000b"}')
    s("book-too-large", "POST", v1 + "/bookings", body='{"name": "' + "x" * 17000 + '"}')
    s("book-query", "POST", v1 + "/bookings", query="debug=1",
      body=booking(15, "2026-03-20T10:00:00+08:00", lang="fr"))
    # One booking: read, move, cancel, its invite, the manager's steps.
    s("booking-get", "GET", v1 + "/bookings/{c}", query="token=@t")
    s("booking-get-header", "GET", v1 + "/bookings/{c}", auth="token", lang="en", booking=1)
    s("booking-cancel", "DELETE", v1 + "/bookings/{c}", auth="token", booking=4, twice=True)
    s("reschedule", "POST", v1 + "/bookings/{c}/reschedule", auth="token", booking=5,
      body={"start": "2026-03-06T17:00:00+08:00"})
    s("invite", "GET", v1 + "/bookings/{c}/invite.ics", query="token=@t", booking=2)
    s("confirm", "POST", v1 + "/bookings/{c}/confirm", auth="manager", booking=3,
      body={"staff": "lin-yating"})
    s("confirm-field", "POST", v1 + "/bookings/{c}/confirm", auth="manager", seg1="ABCDEFGH",
      body={"note": "x"})
    s("check-in", "POST", v1 + "/bookings/{c}/check-in", auth="manager", booking=2)
    s("no-show", "POST", v1 + "/bookings/{c}/no-show", auth="manager", booking=0)
    s("complete", "POST", v1 + "/bookings/{c}/complete", auth="wrong", booking=2)
    # Calendars.
    with open(os.path.join(TOP, "tests", "data", "tw-gov-calendar", "2025.csv"),
              encoding="utf-8") as f:
        csv2025 = f.read()
    s("import-csv", "POST", v1 + "/calendar/import", auth="manager", body=csv2025)
    s("import-ics", "POST", v1 + "/calendar/import", auth="manager",
      body=ICS_HEAD + event("1@t", "20260309", "颱風假") + event("2@t", "20260314", "補行上班")
      + "END:VCALENDAR\r\n")
    s("close-day", "POST", v1 + "/offices/{o}/closures", auth="manager",
      body={"date": "2026-03-10", "reason": "颱風停班停課"})
    s("reopen-day", "DELETE", v1 + "/offices/{o}/closures/{d}", auth="manager")
    s("openings", "GET", v1 + "/offices/{o}/openings.ics",
      query="from=2026-03-01&to=2026-03-31&lang=en")
    s("bookings-feed", "GET", v1 + "/offices/{o}/bookings.ics", auth="manager")
    s("bookings-feed-key", "GET", v1 + "/offices/{o}/bookings.ics", query="key=0123456789abcdef")
    s("feeds", "GET", v1 + "/offices/{o}/feeds", auth="manager")
    # The outbox.
    s("outbox", "GET", v1 + "/outbox", auth="manager", query="status=queued&limit=5")
    s("outbox-retry", "POST", v1 + "/outbox/{n}/retry", auth="manager")
    # Staff, rosters, compensatory time.
    s("staff", "GET", v1 + "/offices/{o}/staff", auth="manager")
    s("duties-feed", "GET", v1 + "/offices/{o}/staff/{s}/duties.ics", query="key=abc")
    s("roster", "GET", v1 + "/offices/{o}/roster/{m}", auth="manager")
    s("roster-generate", "POST", v1 + "/offices/{o}/roster/{m}/generate", auth="manager")
    s("roster-publish", "POST", v1 + "/offices/{o}/roster/{m}/publish", auth="manager",
      body={"force": False})
    s("roster-duties", "POST", v1 + "/offices/{o}/roster/{m}/duties", auth="manager",
      body={"date": "2026-03-03", "duty": "noon", "staff": ["lin-yating", "chen-yijun"],
            "version": 1, "force": False})
    s("roster-pin", "POST", v1 + "/offices/{o}/roster/{m}/pins", auth="manager",
      body={"date": "2026-03-04", "duty": "evening", "staff": "wang-shufen", "forbid": True})
    s("roster-unpin", "DELETE", v1 + "/offices/{o}/roster/{m}/pins", auth="manager",
      query="date=2026-03-04&duty=evening&staff=wang-shufen")
    s("comp", "GET", v1 + "/offices/{o}/comp", auth="manager", query="staff=lin-yating")
    s("comp-take", "POST", v1 + "/offices/{o}/comp", auth="manager",
      body={"staff": "lin-yating", "date": "2026-03-03", "minutes": 90, "note": "補休"})
    # The pages.
    s("home", "GET", "/", lang="zh")
    s("home-en", "GET", "/", query="lang=en", follow=True)
    s("static", "GET", "/static/{f}", query="v=0.1.0", header='If-None-Match: "x"')
    s("office", "GET", "/o/{o}", header="Cookie: fh_lang=en")
    s("book-service", "GET", "/o/{o}/book", query="service=marriage")
    s("book-day", "GET", "/o/{o}/book/day", query="service=marriage&month=2026-03", lang="en")
    s("book-time", "GET", "/o/{o}/book/time", query="service=id_replacement&day=2026-03-03")
    s("book-details", "GET", "/o/{o}/book/details",
      query="service=id_replacement&start=2026-03-03T12:30:00%2B08:00")
    details = form(name="林雅婷", national_id=national_id(21), phone="0912000021", email="",
                   lang="zh-TW")
    s("book-details-post", "POST", "/o/{o}/book/details", steps=1,
      query="service=id_replacement&start=2026-03-03T12:30:00%2B08:00", body=details)
    s("book-details-faults", "POST", "/o/{o}/book/details", steps=1, lang="en",
      query="service=marriage&start=2026-03-07T10:00:00%2B08:00",
      body=form(name="", national_id="A123456788", phone="02", email="a@b", lang="fr",
                partner_name="x", partner_national_id=national_id(21)))
    s("book-check", "GET", "/o/{o}/book/check",
      query="service=id_replacement&start=2026-03-03T12:30:00%2B08:00")
    s("book-check-post", "POST", "/o/{o}/book/check", steps=1,
      query="service=id_replacement&start=2026-03-03T12:30:00%2B08:00")
    s("book-flow", "POST", "/o/{o}/book/details", steps=2, follow=True,
      query="service=moving&start=2026-03-05T09:00:00%2B08:00",
      body=form(name="Chen Yi-Jun", national_id=national_id(22), phone="", lang="en",
                email="chen@example.com.tw"))
    s("book-flow-couple", "POST", "/o/{o}/book/details", steps=2, follow=True, lang="en",
      query="service=marriage&start=2026-03-07T11:00:00%2B08:00",
      body=form(name="王大明", national_id=national_id(23), phone="0912000023", lang="zh-TW",
                partner_name="李小美", partner_national_id=national_id(123, sex="2")))
    s("manage", "GET", "/b/{c}", query="k=@k&done=booked")
    s("manage-en", "GET", "/b/{c}", query="k=@k&lang=en", booking=3)
    s("move", "GET", "/b/{c}/move", query="k=@k&day=2026-03-05", booking=5)
    s("move-post", "POST", "/b/{c}/move", steps=1, query="k=@k&day=2026-03-05", booking=5,
      follow=True,
      body=form(start="2026-03-05T10:30:00+08:00"))
    s("cancel", "GET", "/b/{c}/cancel", query="k=@k", booking=4)
    s("cancel-post", "POST", "/b/{c}/cancel", steps=1, query="k=@k", booking=4, follow=True)
    s("manage-invite", "GET", "/b/{c}/invite.ics", query="k=@k", booking=1)
    s("find", "GET", "/find", lang="en")
    s("find-post", "POST", "/find", steps=1, body=form(code="@c", national_id=national_id(9000)),
      follow=True)
    s("find-post-no-token", "POST", "/find", steps=1, no_token=True, body=form(code="X"))
    s("form-wrong-type", "POST", "/o/{o}/book/details", steps=1, wrong_type=True,
      query="service=moving&start=2026-03-05T09:00:00%2B08:00", body=details)
    # The router: unknown paths and methods in both faces.
    s("api-v2", "GET", "{p}", seg1="/api/v2/bookings")
    s("put", "PUT", "{p}", seg1="/api/v1/bookings", body="{}")
    s("unknown-page", "GET", "{p}", seg1="/nowhere/%E7%8E%8B?lang=en")
    s("head", "HEAD", "{p}", seg1="/o/" + OFFICE)
    s("options", "OPTIONS", "{p}", seg1="/find")
    s("delete-page", "DELETE", "{p}", seg1="/b/@c")
    s("post-page-form", "POST", "{p}", seg1="/o/" + OFFICE + "/book", body="service=marriage")


# ---- dictionaries --------------------------------------------------------------

def dict_entry(word):
    if isinstance(word, str):
        word = word.encode()
    out = ""
    for b in word:
        out += chr(b) if 0x20 <= b < 0x7f and chr(b) not in '"\\' else "\\x%02X" % b
    return '"%s"' % out


def write_dict(target, comment, words):
    seen, lines = set(), ["# %s.dict: %s (written by seeds.py)" % (target, comment)]
    for w in words:
        e = dict_entry(w)
        if e not in seen:
            seen.add(e)
            lines.append(e)
    with open(os.path.join(HERE, target + ".dict"), "w") as f:
        f.write("\n".join(lines) + "\n")


JSON_WORDS = ['{', '}', '[', ']', ':', ',', '"', 'true', 'false', 'null', '0', '-1', '1e999',
              '"\\u0000"', '"\\ud800"', '\\"', '9223372036854775808', '""']
DATES = ["2026-03-03", "2026-02-29", "2024-02-29", "2026-12", "2026-03", "12:00", "24:00",
         "T10:00:00+08:00", "T12:30:00Z", "2026-03-07T09:00:00+08:00", "YYYY-MM-DD"]
CONFIG_KEYS = ["listen", "public_url", "database", "outbox_log", "calendar", "offices", "smtp",
               "sms", "managers", "notifier", "rate_limit", "id", "name", "zh", "en",
               "timezone", "Asia/Taipei", "UTC", "address", "email", "limits",
               "per_person_per_day", "per_person_per_service", "services", "windows",
               "extra_openings", "closures", "staff", "roster", "minutes", "in_person", "couple",
               "releases", "release", "days_before", "on", "designated_date_days",
               "documents", "start", "end", "capacity", "days", "weekdays", "suspend_on",
               "only_on", "needs_confirmation", "residents_only", "horizon", "cutoff", "count",
               "at", "calendar", "working", "date", "reason", "type", "workday", "restday",
               "holiday", "makeup_workday", "long_weekend_saturday", "last_working_day",
               "regular", "noon", "evening", "saturday", "mon", "sat", "sun", "*", "all",
               "skills", "leave", "preferences", "duty", "weekday", "weight", "max_duties",
               "phone", "weights", "comp_minutes", "min_staff", "walk_in_margin",
               "one_flex_per_day", "max_consecutive_days", "max_duties_per_month",
               "comp_weeks", "host", "port", "starttls", "username", "password", "from",
               "provider", "kannel", "http", "url", "body_template", "{to}", "{text}",
               "token_sha256", "reminder_email_at", "reminder_sms_before_minutes", "quiet_from",
               "quiet_until", "max_attempts", "retry_seconds", "poll_ms", "reminders",
               "per_minute", "burst", "slot_minutes", "2026-12-28/2026-12-31",
               "0fc12e1d3501754c2c2d877dcbe25174a2fb9d6ce461b48f067d3a99a54d81fa"]
BODY_FIELDS = ["office", "service", "start", "name", "national_id", "phone", "email", "lang",
               "partner_name", "partner_national_id", "effective_date", "staff", "force", "version", "duty",
               "forbid", "date", "reason", "minutes", "note", "csrf", "code", "day", "month",
               "k", "token", "key", "status", "limit", "from", "to", "error", "done", "v"]
VALUES = ["taichung-south", "marriage", "id_replacement", "moving", "seal_change",
          "name_change", "lin-yating", "chen-yijun", "zh-TW", "zh-tw", "zh", "en", "queued",
          "sent", "failed", "dropped", "booked", "moved", "cancelled", "slot_full",
          "A123456789", "a123456789", "A800000014", "0912345678", "+886912345678",
          "someone@example.com.tw", "王小明", "ABCDEFGH", "noon", "evening", "saturday",
          "holiday"]


def dictionaries():
    write_dict("fuzz_config", "the keys and values of the configuration",
               JSON_WORDS + CONFIG_KEYS + DATES + ['"%s":' % k for k in CONFIG_KEYS[:40]])
    write_dict("fuzz_import", "the DGPA CSV and .ics holiday files",
               ["西元日期,星期,是否放假,備註", b"\xef\xbb\xbf", "\r\n", ",", '"', '""', ",0,", ",2,",
                "一", "二", "三", "四", "五", "六", "日", "20250101", "20251010", "20241231",
                "20250229", "20240229", "國慶日", "春節", "補行上班", "補班", "颱風假",
                "BEGIN:VCALENDAR\r\n", "END:VCALENDAR\r\n", "BEGIN:VEVENT\r\n",
                "END:VEVENT\r\n", "VERSION:2.0", "PRODID:", "UID:", "DTSTAMP:20250101T000000Z",
                "DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:", "DTSTART:", "T090000", "T000000Z",
                "SUMMARY:", "X-FLEXHOURS-DAY-TYPE:", "makeup_workday", "holiday", "restday",
                "workday", "BEGIN:VTIMEZONE", "TZID:Asia/Taipei", "RRULE:FREQ=DAILY;COUNT=400",
                "\r\n ", "BEGIN:VTODO", "X-", ";VALUE=DATE-TIME"])
    write_dict("fuzz_validate", "what people type in the fields",
               ["A1", "A2", "a1", "Z9", "I1", "O8", "W9", "123456789", "09", "+886", "+8869",
                "886", " ", "-", "@", ".", "..", "example.com.tw", "xn--", "-a.b", "zh-TW",
                "zh-tw", "zh", "en", "\t", "\x7f", b"\xc2\x85", b"\xe2\x80\xa8",
                b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\xe3\x80\x80", b"\xc2\xa0", b"\xc0\xaf",
                b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xf0\x9f\x98\x80", "王", "!#$%&'*+/=?^_`{|}~"]
               + DATES + ["T", "Z", ".5", "+23:59", "-00:00", ":60"])
    write_dict("fuzz_http", "routes, query arguments, JSON members, form fields and headers",
               ["@o", "@c", "@t", "@k", "@m", "/api/v1/", "/api/v1/offices/", "/api/v1/bookings/",
                "/services", "/slots", "/bookings", "/reschedule", "/invite.ics", "/confirm",
                "/check-in", "/no-show", "/complete", "/calendar/import", "/closures/",
                "/outbox", "/retry", "/openings.ics", "/bookings.ics", "/feeds", "/staff/",
                "/duties.ics", "/roster/", "/generate", "/publish", "/duties", "/pins", "/comp",
                "/healthz", "/static/", "flexhours.css", "icon.svg", "/o/", "/book", "/day",
                "/time", "/details", "/check", "/b/", "/move", "/cancel", "/find", "/..", "//",
                "%2F", "%00", "%ff", "%25", "%2B08:00", "+", "&", "=", "?", "&lang=en",
                "Idempotency-Key: ", "If-None-Match: ", "Cookie: fh_lang=en; fh_draft=",
                "X-Manage-Token: ", "Authorization: Bearer ", "Accept-Language: zh-TW",
                "Content-Type: ", "\r\nX-Fuzz-Injected: 1", "%0d%0aX-Fuzz-Injected:%201",
                "<script>", "\"><script>", "javascript:", b"\xe2\x80\xae", b"\xff\xfe"]
               + JSON_WORDS + ['"%s":' % f for f in BODY_FIELDS] + [f + "=" for f in BODY_FIELDS]
               + VALUES + DATES + ["西元日期,星期,是否放假,備註", "BEGIN:VCALENDAR"])


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: seeds.py FLEXHOURS-BIN")
    config_seeds(sys.argv[1])
    import_seeds()
    validate_seeds()
    http_seeds()
    dictionaries()


main()
