"""counter.py: the counter's side against the real binary. A check-in is
refused before the booking's day and accepted on it, through the API and the
day board; a confirmed booking nobody checked in lapses 15 minutes after its
start (the server started again with the clock pinned at 14 and then 15
minutes past) and says so in the API and on the board; staff book by phone
for a citizen with only a landline past the online cut-off where the office
allows it, and are refused where it does not; the channel is in the API's
answers and on the board; a pending holiday wedding is confirmed from the
pending page with a named person put on duty; every new page and POST
refuses a missing session, the wrong role, another office and a missing form
token; and the audit trail holds each change with who made it."""

import copy
import re
import subprocess
import sys
import urllib.parse

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking

WEST = "taichung-west"
MON = "2026-03-02T%s:00+08:00"  # NOW is Monday 10:00
TUE = "2026-03-03T%s:00+08:00"
SUNDAY = "2026-03-08T09:00:00+08:00"  # the holiday window: pending until confirmed
PASSWORD = "correct-horse-1"
DUTY = "chang-chihming"  # a member of the demo office's staff


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["offices"][0]["staff_past_cutoff"] = True
    cfg["offices"][0]["lapse_minutes"] = 15
    west = copy.deepcopy(cfg["offices"][0])
    west["id"] = WEST
    west["name"] = {"zh": "臺中市西區戶政事務所", "en": "Taichung West District Office"}
    west["staff_past_cutoff"] = False
    cfg["offices"].append(west)
    return cfg


def cli(srv, *args, stdin=None):
    return subprocess.run([srv.bin, *args, "--config", srv.config_path, "--db", srv.db],
                          cwd=srv.dir, env=dict(fhtest.os.environ, FLEXHOURS_NOW=srv.now),
                          input=stdin, capture_output=True, text=True, timeout=60)


class Browser:
    """A cookie jar for the /admin/ pages."""

    def __init__(self, srv):
        self.srv = srv
        self.cookie = None

    def request(self, method, path, form=None):
        h = {}
        if self.cookie:
            h["Cookie"] = "fh_admin=" + self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        st, hdrs, data = self.srv.request(method, path, body, h)
        sc = hdrs.get("set-cookie")
        if sc and sc.startswith("fh_admin="):
            self.cookie = sc.split(";")[0][len("fh_admin="):] or None
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
        return st, hdrs, text

    def signin(self, name):
        st, _, text = Browser(self.srv).request("GET", "/admin/signin")
        token = re.search(r'name="csrf" value="([^"]+)"', text).group(1)
        return self.request("POST", "/admin/signin",
                            {"csrf": token, "name": name, "password": PASSWORD})


def form_token(text, action, containing=""):
    """The form token of the first form posting to action that holds containing."""
    for m in re.finditer(r'<form[^>]*action="%s"[^>]*>(.*?)</form>' % re.escape(action), text,
                         re.S):
        if containing in m.group(1):
            t = re.search(r'name="csrf" value="([^"]+)"', m.group(1))
            if t:
                return t.group(1)
    return None


def bk(start, n, **over):
    """A booking request without the fields given as None."""
    return {k: v for k, v in booking(start, n, **over).items() if v is not None}


def status_of(srv, code):
    st, _, body = srv.request("GET", "/api/v1/bookings/" + code, headers=srv.manager())
    return body.get("status") if st == 200 else st


def main(c):
    srv = fhtest.Server(config())
    try:
        for user, role, offices in (("chen", "manager", OFFICE), ("lin", "counter", OFFICE),
                                    ("wang", "manager", WEST)):
            out = cli(srv, "user", "add", user, "--name", "員工 " + user, "--role", role,
                      "--offices", offices, stdin=PASSWORD + "\n")
            if out.returncode != 0:
                raise fhtest.Failure("user add %s: %s" % (user, out.stderr))
        srv.start()
        scenario(c, srv)
    finally:
        srv.cleanup()


def scenario(c, srv):
    # A citizen's booking of Tuesday noon: the web's.
    st, _, tue = srv.request("POST", "/api/v1/bookings", bk(TUE % "12:00", 1,
                                                                  service="name_change"))
    c.eq((st, tue.get("channel"), tue.get("status")), (201, "web", "confirmed"),
         "a citizen's booking: 201, channel web")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              bk(TUE % "12:30", 2, service="name_change", channel="phone"))
    c.eq((st, body.get("error", {}).get("field")), (422, "channel"),
         "a citizen cannot say the booking came by phone")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              bk(TUE % "12:30", 2, service="name_change",
                                      phone="02-2345-6789", email=None))
    c.eq((st, body.get("error", {}).get("field")), (422, "phone"),
         "a citizen's own booking needs a mobile, not a landline")

    lin, chen, wang = Browser(srv), Browser(srv), Browser(srv)
    c.eq(lin.signin("lin")[0], 303, "lin (counter) signs in")
    c.eq(chen.signin("chen")[0], 303, "chen (manager) signs in")
    c.eq(wang.signin("wang")[0], 303, "wang (west manager) signs in")

    # ---- the day board: Tuesday's, seen on Monday --------------------------------------
    board = "/admin/day?office=%s&date=2026-03-03" % OFFICE
    st, _, text = lin.request("GET", board)
    c.check(st == 200 and tue["code"] in text, "Tuesday's board lists the booking")
    c.check("refresh" not in text.split("</head>")[0] and "refresh=1" in text,
            "the board refreshes itself only when asked (a link turns it on)")
    st, _, text2 = lin.request("GET", board + "&refresh=1")
    c.check('<meta http-equiv="refresh" content="60">' in text2, "asked, it reloads every minute")
    c.check("午間" in text and "彈性時段" in text, "the noon window is marked")
    c.check("戶口名簿" in text or "<ul class=\"fh-list" in text, "the documents to bring")
    c.check('id="checked_in-%s"' % tue["code"] not in text,
            "no check-in button on another day's board")
    token = form_token(text, "/admin/day/status", tue["code"])
    st, hdrs, _ = lin.request("POST", "/admin/day/status",
                              {"csrf": token, "office": OFFICE, "date": "2026-03-03",
                               "code": tue["code"], "to": "checked_in"})
    c.check(st == 303 and "error=too_early" in hdrs.get("location", ""),
            "a check-in posted the day before: 303 back with the refusal (got %s %s)"
            % (st, hdrs.get("location")))
    st, _, text = lin.request("GET", hdrs.get("location", board).split("#")[0])
    c.check("fh-error-summary" in text and "只能在預約當日報到" in text,
            "the board says why the check-in was refused")
    c.eq(status_of(srv, tue["code"]), "confirmed", "the refused check-in changed nothing")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/check-in" % tue["code"],
                              headers=srv.manager())
    c.eq((st, body.get("error", {}).get("code")), (409, "checkin_too_early"),
         "the API refuses the check-in the day before")

    # ---- a booking by phone with only a landline, past the cut-off ----------------------------
    # Monday noon: the online cut-off (Sunday 15:00) has passed.
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              bk(MON % "12:30", 3, service="name_change"))
    c.eq((st, body.get("error", {}).get("code")), (422, "cutoff_passed"),
         "a citizen cannot book past the cut-off")
    st, _, text = lin.request("GET", "/admin/book?office=%s&service=name_change&date=2026-03-02"
                              % OFFICE)
    c.check(st == 200 and 'value="2026-03-02T12:00:00+08:00"' in text,
            "the staff form offers Monday noon past the cut-off")
    form = {"csrf": form_token(text, "/admin/book"), "office": OFFICE, "service": "name_change",
            "date": "2026-03-02", "start": MON % "12:00", "name": "電話 預約",
            "national_id": fhtest.national_id(4), "phone": "02-2345-6789#123", "email": "",
            "lang": "zh-TW", "channel": "phone"}
    st, hdrs, _ = lin.request("POST", "/admin/book", form)
    loc = hdrs.get("location", "")
    m = re.search(r"done=([A-Z0-9]+)", loc)
    c.check(st == 303 and m, "the phone booking: 303 with its code (got %s %s)" % (st, loc))
    phone_code = m.group(1) if m else "NONE"
    st, _, body = srv.request("GET", "/api/v1/bookings/" + phone_code, headers=srv.manager())
    c.eq((st, body.get("channel"), body.get("phone"), body.get("email")),
         (200, "phone", "+886223456789#123", ""),
         "the API answers the phone booking with its channel and the landline")
    st, _, text = lin.request("GET", loc)
    c.check(phone_code in text, "the form page shows the code to read out")
    form2 = dict(form, csrf=form_token(text, "/admin/book"), national_id=fhtest.national_id(5),
                 phone="0912-345")
    st, _, text = lin.request("POST", "/admin/book", form2)
    c.check(st == 422 and 'href="#phone"' in text, "a bad phone: 422, the summary links it")

    # The API, as a manager's token, at the west office: no staff past the cut-off there.
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              bk(MON % "12:00", 6, service="name_change", office=WEST,
                                      phone="04 2222 3333", email=None, channel="phone"),
                              srv.manager())
    c.eq((st, body.get("error", {}).get("code")), (422, "cutoff_passed"),
         "staff past the cut-off where the office does not allow it: refused")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              bk(TUE % "13:00", 6, service="name_change", office=WEST,
                                      phone="04 2222 3333", email=None, channel="fax"),
                              srv.manager())
    c.eq((st, body.get("channel")), (201, "fax"), "a fax booking by token with a landline")
    st, _, text = wang.request("GET", "/admin/book?office=%s&service=name_change&date=2026-03-02"
                               % WEST)
    c.check(st == 200 and 'value="2026-03-02T12:00:00+08:00"' not in text,
            "the west office's form offers no time past the cut-off")
    form3 = dict(form, csrf=form_token(text, "/admin/book"), office=WEST,
                 national_id=fhtest.national_id(7))
    st, _, text = wang.request("POST", "/admin/book", form3)
    c.check(st == 422 and "fh-error-summary" in text,
            "a page booking past the cut-off at the west office: 422 (got %s)" % st)

    # ---- today's board: the channel, check in, complete ---------------------------------------
    today = "/admin/day?office=%s" % OFFICE
    st, _, text = lin.request("GET", today)
    c.check(st == 200 and phone_code in text and "電話" in text,
            "today's board shows the phone booking with its channel")
    token = form_token(text, "/admin/day/status", phone_code)
    c.check('id="checked_in-%s"' % phone_code in text, "today's board offers the check-in")
    st, hdrs, _ = lin.request("POST", "/admin/day/status",
                              {"csrf": token, "office": OFFICE, "date": "2026-03-02",
                               "code": phone_code, "to": "checked_in"})
    c.check(st == 303 and "done=checked_in" in hdrs.get("location", ""), "checked in: 303")
    c.eq(status_of(srv, phone_code), "checked_in", "the check-in on the day is stored")
    st, _, text = lin.request("GET", today)
    st, hdrs, _ = lin.request("POST", "/admin/day/status",
                              {"csrf": form_token(text, "/admin/day/status", phone_code),
                               "office": OFFICE, "date": "2026-03-02", "code": phone_code,
                               "to": "completed"})
    c.eq(status_of(srv, phone_code), "completed", "completed from the board")
    st, _, text = lin.request("GET", today + "&print=1")
    c.check(st == 200 and "refresh" not in text and "/admin/day/status" not in text,
            "the printable board: no refresh, no buttons")

    # ---- a pending holiday wedding confirmed with somebody on duty ------------------------------
    wed_req = bk(SUNDAY, 8, partner_name="伴侶 八", partner_national_id=fhtest.national_id(9))
    st, _, wed = srv.request("POST", "/api/v1/bookings", wed_req)
    c.eq((st, wed.get("status")), (201, "pending"), "a holiday wedding waits")
    st, _, text = chen.request("GET", "/admin/pending?office=%s" % OFFICE)
    c.check(st == 200 and wed["code"] in text and "排班規則建議" in text,
            "the pending page lists it with the roster's pick offered first")
    token = form_token(text, "/admin/pending/confirm", wed["code"])
    st, hdrs, _ = chen.request("POST", "/admin/pending/confirm",
                               {"csrf": token, "office": OFFICE, "code": wed["code"],
                                "staff": "nobody-here"})
    c.check(st == 303 and "error=staff" in hdrs.get("location", ""),
            "a person who is not on the staff: refused")
    st, _, text = chen.request("GET", hdrs.get("location", "/admin/pending"))
    c.check(st == 200 and "fh-error-summary" in text and 'href="#staff-%s"' % wed["code"] in text,
            "the pending page says so, linking the choice of person")
    c.eq(status_of(srv, wed["code"]), "pending", "the refused confirmation changed nothing")
    token = form_token(text, "/admin/pending/confirm", wed["code"])
    st, hdrs, _ = chen.request("POST", "/admin/pending/confirm",
                               {"csrf": token, "office": OFFICE, "code": wed["code"],
                                "staff": DUTY})
    c.check(st == 303 and "staff=" + DUTY in hdrs.get("location", ""),
            "confirmed with %s on duty (got %s %s)" % (DUTY, st, hdrs.get("location")))
    c.eq(status_of(srv, wed["code"]), "confirmed", "the wedding is confirmed")
    st, _, roster = srv.request("GET", "/api/v1/offices/%s/roster/2026-03" % OFFICE,
                                headers=srv.manager())
    c.check({"date": "2026-03-08", "duty": "holiday", "staff": DUTY} in roster.get(
        "assignments", []), "the person named is on holiday duty that Sunday")

    # ---- refusals: no session, role, office, form token ------------------------------------------
    anon = Browser(srv)
    for path in ("/admin/day", "/admin/book", "/admin/pending"):
        st, hdrs, _ = anon.request("GET", path)
        c.check(st == 303 and hdrs.get("location") == "/admin/signin",
                "%s without a session: to the sign-in page" % path)
    for path, form in (("/admin/day/status", {"code": tue["code"], "to": "no_show",
                                              "office": OFFICE}),
                       ("/admin/book", {"office": OFFICE}),
                       ("/admin/pending/confirm", {"code": wed["code"], "office": OFFICE})):
        st, hdrs, _ = anon.request("POST", path, form)
        c.check(st == 303 and hdrs.get("location") == "/admin/signin",
                "POST %s without a session: to the sign-in page (got %s)" % (path, st))
        st, _, _ = chen.request("POST", path, form)
        c.eq(st, 403, "POST %s without its form token" % path)
    st, _, _ = lin.request("GET", "/admin/pending?office=%s" % OFFICE)
    c.eq(st, 403, "the counter opens the pending page (a manager's)")
    st, _, text = lin.request("GET", "/admin/")
    c.check("/admin/day" in text and "/admin/book" in text and "/admin/pending" not in text,
            "the counter's home lists the board and the booking form only")
    st, _, _ = lin.request("GET", "/admin/day?office=%s" % WEST)
    c.eq(st, 403, "the counter opens another office's board")
    st, _, _ = lin.request("GET", "/admin/book?office=%s" % WEST)
    c.eq(st, 403, "the counter opens another office's booking form")
    st, _, _ = wang.request("GET", "/admin/pending?office=%s" % OFFICE)
    c.eq(st, 403, "a west manager opens the south office's pending page")
    st, _, text = lin.request("GET", board)
    token = form_token(text, "/admin/day/status", tue["code"])
    st, _, _ = lin.request("POST", "/admin/day/status",
                           {"csrf": token, "office": WEST, "date": "2026-03-03",
                            "code": tue["code"], "to": "no_show"})
    c.eq(st, 403, "a change posted for another office")
    st, _, _ = wang.request("POST", "/admin/day/status",
                            {"csrf": token, "office": OFFICE, "date": "2026-03-03",
                             "code": tue["code"], "to": "no_show"})
    c.eq(st, 403, "another session's form token")
    c.eq(status_of(srv, tue["code"]), "confirmed", "the refused posts changed nothing")

    # ---- the lapse: 14 minutes after the start nothing, at 15 lapsed -----------------------------
    srv.stop()
    srv.now = TUE % "12:14"
    srv.start()
    c.eq(status_of(srv, tue["code"]), "confirmed", "14 minutes after its start: still confirmed")
    srv.stop()
    srv.now = TUE % "12:15"
    srv.start()
    c.eq(status_of(srv, tue["code"]), "lapsed", "15 minutes after its start: lapsed")
    st, _, day = srv.request("GET", "/api/v1/offices/%s/bookings?date=2026-03-03" % OFFICE,
                             headers=srv.manager())
    statuses = {b["code"]: b["status"] for w in day.get("windows", []) for b in w["bookings"]}
    c.eq(statuses.get(tue["code"]), "lapsed", "the day's bookings say lapsed")
    lin = Browser(srv)
    lin.signin("lin")
    st, _, text = lin.request("GET", "/admin/day?office=%s" % OFFICE)
    c.check(st == 200 and "逾時未報到" in text, "the board shows the lapse")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/check-in" % tue["code"],
                              headers=srv.manager())
    c.eq((st, body.get("error", {}).get("code")), (409, "status_conflict"),
         "a lapsed booking is not checked in (the citizen takes a queue number)")

    # ---- the audit trail ---------------------------------------------------------------------------
    out = cli(srv, "audit", "--office", OFFICE)
    lines = out.stdout.splitlines()

    def audited(who, action, code):
        return any(who in ln and action in ln and code in ln for ln in lines)

    c.check(audited("user:lin", "booking-created", phone_code), "the phone booking is audited")
    c.check(any(phone_code in ln and '"channel":"phone"' in ln for ln in lines),
            "its record names the channel")
    c.check(audited("user:lin", "booking-checked_in", phone_code), "the check-in is audited")
    c.check(audited("user:lin", "booking-completed", phone_code), "the completion is audited")
    c.check(audited("user:chen", "booking-confirmed", wed["code"]), "the confirmation is audited")
    c.check(audited("system", "booking-lapsed", tue["code"]), "the lapse is audited by system")
    out = cli(srv, "audit", "--office", WEST)
    c.check(any("token:test manager" in ln and "booking-created" in ln for ln in
                out.stdout.splitlines()), "the token's fax booking is audited")
    c.check(fhtest.national_id(4) not in out.stdout, "no national ID in the audit")


fhtest.run(main)
