"""visit.py: after the visit, against the real binary. A residents-only
Saturday window (as the seeds' 本轄居民 Saturdays) refuses a booking without
the resident claim (API: not_resident; pages: the question asked, an
unanswered one a field error, "no" refused in words) and takes it with the
claim; a booking's needs (wheelchair, priority counter, an interpreter) go
round through the API and the pages, bad ones refused naming the field, and
show on the day board and the booking's page; complete queues the survey
message with a link to the survey page (the booking's own link key); the
page takes one answer (a bad one with field errors, the second kindly
refused), the API likewise; the figures' averages by window and month and
the comments (hostile text shown as text); an erasure empties the needs and
unlinks the answer from its booking, whose comment stays for the figures;
no need or comment in the log."""

import email
import email.policy
import os
import re
import sqlite3
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking, national_id

SAT = "2026-03-07T%s:00+08:00"  # a Saturday, the residents-only window
TUE = "2026-03-03T%s:00+08:00"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
PASSWORD = "visit-password-1"
HOSTILE = "<script>alert(1)</script> & \"quotes\" 'too' \u200fעברית"


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    office = cfg["offices"][0]
    for w in office["windows"]:
        if w["name"] == "saturday":
            w["residents_only"] = True
    office["satisfaction_survey"] = True
    return cfg


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


def sent(srv):
    """(channel, kind, code, text) of each message in the outbox file, the
    e-mails decoded to their plain text."""
    try:
        with open(os.path.join(srv.dir, "outbox.log"), encoding="utf-8", errors="replace") as f:
            raw = f.read()
    except OSError:
        return []
    out = []
    for chunk in raw.split("==== ")[1:]:
        head, _, rest = chunk.partition("\n")
        m = re.match(r"\S+ (email|sms) #\d+ (\S+) (\S+) to", head)
        if not m:
            continue
        text = rest
        if m.group(1) == "email":
            msg = email.message_from_string(rest, policy=email.policy.default)
            part = msg.get_body(preferencelist=("plain",))
            text = part.get_content() if part is not None else rest
        out.append((m.group(1), m.group(2), m.group(3), text))
    return out


def wait_sent(srv, kind, code, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        got = [s for s in sent(srv) if s[1] == kind and s[2] == code]
        if len(got) >= 2:
            return got
        time.sleep(0.2)
    return [s for s in sent(srv) if s[1] == kind and s[2] == code]


def book_pages(c, srv, start, n, fields, headers=None):
    """The details page of start (its text), the details posted with fields
    (status, location or text), and when they pass, the check page and the
    booking posted: returns (details text, post status, check text, final
    status, final location, final text)."""
    headers = headers or {}
    details = "/o/%s/book/details?service=id_replacement&start=%s" % (
        OFFICE, urllib.parse.quote(start, safe=""))
    st, _, text = fetch(srv, "GET", details, headers=headers)
    c.eq(st, 200, "the details page")
    form = dict(csrf=csrf_of(text), name="陳小華", national_id=national_id(n),
                phone="0912%06d" % n, email="p%d@example.com.tw" % n, lang="zh-TW")
    form.update(fields)
    st, h, posted = fetch(srv, "POST", details, urllib.parse.urlencode(form),
                          dict(FORM, **headers))
    if st != 303:
        return text, st, posted, None, None, None
    check = h.get("Location", "")
    draft = re.search(r"fh_draft=([^;]*)", h.get("Set-Cookie", ""))
    cookie = dict(headers, Cookie="fh_draft=" + (draft.group(1) if draft else ""))
    st, _, check_text = fetch(srv, "GET", check, headers=cookie)
    c.eq(st, 200, "the check page")
    st, h, _ = fetch(srv, "POST", check, urllib.parse.urlencode({"csrf": csrf_of(check_text)}),
                     dict(FORM, **cookie))
    c.eq(st, 303, "the booking posted from the check page")
    loc = h.get("Location", "")
    st, _, final = fetch(srv, "GET", loc, headers=cookie)
    return text, 303, check_text, st, loc, final


def main(c):
    srv = fhtest.Server(config())
    try:
        fhtest.add_staff(srv, "lin", "manager", OFFICE, PASSWORD)
        srv.start()
        scenario(c, srv)
    finally:
        srv.cleanup()


def residents(c, srv):
    # The API: no claim, not_resident, naming nothing but the reason.
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(SAT % "09:00", 8101, service="id_replacement"))
    c.eq((st, body.get("error", {}).get("code")), (422, "not_resident"),
         "a residents-only window without the claim")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(SAT % "09:00", 8101, service="id_replacement",
                                      resident=False))
    c.eq((st, body.get("error", {}).get("code")), (422, "not_resident"), "resident: false")
    st, _, body = srv.request("POST", "/api/v1/bookings",
                              booking(SAT % "09:00", 8101, service="id_replacement",
                                      resident="yes"))
    c.eq((st, body.get("error", {}).get("field")), (422, "resident"), "resident must be a boolean")
    st, _, made = srv.request("POST", "/api/v1/bookings",
                              booking(SAT % "09:00", 8101, service="id_replacement",
                                      resident=True))
    c.eq((st, made.get("window")), (201, "saturday"), "the claim books the residents-only window")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + made["code"],
                              headers={"X-Manage-Token": made["manage_token"]})
    c.eq((st, body.get("resident")), (200, True), "the claim is stored with the booking")
    # A weekday takes everyone; the claim is false when not given.
    st, _, wd = srv.request("POST", "/api/v1/bookings",
                            booking(TUE % "10:00", 8102, service="id_replacement"))
    c.eq(st, 201, "a weekday booking without the claim")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + wd["code"],
                              headers={"X-Manage-Token": wd["manage_token"]})
    c.eq(body.get("resident"), False, "no claim: false")

    # The pages: the question on a residents-only time only.
    text, st, posted, _, _, _ = book_pages(c, srv, SAT % "10:00", 8103, {})
    c.check('name="resident"' in text and "臨櫃時會核對您的戶籍地址" in text,
            "the details page asks the residents-only question and says the counter checks")
    c.eq(st, 422, "the question unanswered")
    c.check("請回答您是否設籍本區" in words(posted) and 'href="#resident"' in posted,
            "the unanswered question is a field error linked from the summary")
    wtext, _, _, _, _, _ = book_pages(c, srv, TUE % "11:00", 8104, {"name": ""})
    c.check('name="resident"' not in wtext, "no residents' question on a weekday")
    _, st, check, final_st, loc, final = book_pages(c, srv, SAT % "10:00", 8103,
                                                   {"resident": "no"})
    c.eq(st, 303, "the answer 'no' passes the details")
    c.check("未設籍本區" in words(check), "the check page shows the answer")
    c.check("error=not_resident" in (loc or "") and final_st == 409 and
            "只受理設籍本區的居民" in words(final) and 'href="#resident"' in final,
            "booking with 'no' is refused in words on the check page: %s %s" % (final_st, loc))
    _, st, check, final_st, loc, final = book_pages(
        c, srv, SAT % "10:00", 8103,
        {"resident": "yes", "wheelchair": "yes", "interpreter": "hak"})
    c.check("設籍本區（臨櫃核對戶籍地址）" in words(check) and "客語" in words(check),
            "the check page shows the claim and the needs")
    c.check(final_st == 200 and re.search(r"/b/[A-Z0-9]+\?k=[^&]+&done=booked", loc or ""),
            "the claim books it through the pages: %s %s" % (final_st, loc))
    c.check("輪椅通行" in words(final) and "通譯：客語" in words(final),
            "the booking's page shows its needs")
    return made


def needs(c, srv):
    bad = [
        ({"stairs": True}, "needs.stairs"),
        ({"interpreter": "fr"}, "needs.interpreter"),
        ({"interpreter": 3}, "needs.interpreter"),
        ({"wheelchair": "yes"}, "needs.wheelchair"),
        (["wheelchair"], "needs"),
        ("wheelchair", "needs"),
    ]
    before = srv.rows()
    for value, field in bad:
        st, _, body = srv.request("POST", "/api/v1/bookings",
                                  booking(TUE % "14:00", 8110, service="id_replacement",
                                          needs=value))
        c.eq((st, body.get("error", {}).get("code"), body.get("error", {}).get("field")),
             (422, "invalid_field", field), "needs %r refused" % (value,))
    c.eq(srv.rows(), before, "a refused need books nothing")
    want = {"wheelchair": True, "priority_counter": True, "interpreter": "vi"}
    st, _, made = srv.request("POST", "/api/v1/bookings",
                              booking(TUE % "14:00", 8110, service="id_replacement", needs=want))
    c.eq(st, 201, "a booking with needs")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + made["code"],
                              headers={"X-Manage-Token": made["manage_token"]})
    c.eq(body.get("needs"), want, "the needs go round")
    st, _, none = srv.request("POST", "/api/v1/bookings",
                              booking(TUE % "14:30", 8111, service="id_replacement",
                                      needs={"interpreter": None}))
    st, _, body = srv.request("GET", "/api/v1/bookings/" + none["code"],
                              headers={"X-Manage-Token": none["manage_token"]})
    c.eq(body.get("needs"), {"wheelchair": False, "priority_counter": False, "interpreter": None},
         "no needs")
    # Not in the database's plain columns: sealed with the personal data.
    con = sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=10)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    c.check("interpreter=vi" not in dump and "priority_counter" not in dump,
            "the needs are not stored in plain text")
    return made


def day_board(c, srv, made, needy):
    lin = fhtest.Browser(srv)
    st, _, _ = lin.signin("lin", PASSWORD)
    c.eq(st, 303, "the manager signs in")
    st, _, text = lin.request("GET", "/admin/day?office=%s&date=2026-03-03" % OFFICE)
    c.eq(st, 200, "Tuesday's board")
    m = re.search(r'id="needs-%s">(.*?)</span>' % needy["code"], text, re.S)
    shown = re.sub(r"<[^>]+>", "", m.group(1)) if m else ""
    c.check("輪椅通行" in shown and "愛心櫃檯" in shown and "越南語" in shown,
            "the board shows the needs: %r" % shown)
    st, _, text = lin.request("GET", "/admin/day?office=%s&date=2026-03-07" % OFFICE)
    c.check('id="resident-%s"' % made["code"] in text and "臨櫃核對戶籍地址" in text,
            "Saturday's board shows the resident claim to check")
    st, _, text = lin.request("GET", "/admin/day?office=%s&date=2026-03-03" % OFFICE, headers=EN)
    c.check("Interpreter: Vietnamese" in words(text), "the board in English")

    # Staff booking by phone: the citizen's word on residence, ticked.
    st, _, text = lin.request("GET", "/admin/book?office=%s&service=id_replacement&date=%s"
                              % (OFFICE, "2026-03-07"))
    c.check(st == 200 and 'name="resident"' in text and 'name="interpreter"' in text,
            "the staff form asks the residence and the needs")
    csrf = re.findall(r'name="csrf" value="([^"]+)"', text)
    form = {"csrf": csrf[-1] if csrf else "", "office": OFFICE, "service": "id_replacement",
            "date": "2026-03-07", "start": SAT % "11:00", "name": "電話 居民",
            "national_id": national_id(8130), "phone": "02-2345-6789", "email": "",
            "lang": "zh-TW", "channel": "phone", "priority_counter": "yes",
            "interpreter": "tsl"}
    st, _, text = lin.request("POST", "/admin/book", form)
    c.check(st in (409, 422) and 'href="#resident"' in text and "請勾選" in words(text),
            "without the tick a residents-only time is refused beside it (got %d)" % st)
    csrf = re.findall(r'name="csrf" value="([^"]+)"', text)
    form.update(csrf=csrf[-1] if csrf else "", resident="yes")
    st, hdrs, _ = lin.request("POST", "/admin/book", form)
    m = re.search(r"done=([A-Z0-9]+)", hdrs.get("location", ""))
    c.check(st == 303 and m, "ticked, the phone booking is taken (got %d)" % st)
    if m:
        st, _, body = srv.request("GET", "/api/v1/bookings/" + m.group(1), headers=srv.manager())
        c.eq((body.get("resident"), body.get("needs")),
             (True, {"wheelchair": False, "priority_counter": True, "interpreter": "tsl"}),
             "the staff booking's claim and needs")
    return lin


def survey(c, srv, lin, needy):
    code = needy["code"]
    path = "/api/v1/bookings/" + code
    token = {"X-Manage-Token": needy["manage_token"]}
    st, _, body = srv.request("POST", path + "/survey", {"waiting": 5, "courtesy": 5,
                                                         "overall": 5}, headers=token)
    c.eq((st, body.get("error", {}).get("code")), (422, "survey_not_complete"),
         "no survey before the visit")
    # Another visit, answered through the API later on.
    st, _, other = srv.request("POST", "/api/v1/bookings",
                               booking(TUE % "15:00", 8120, service="id_replacement", lang="en"))
    c.eq(st, 201, "a second booking")
    # Tuesday 14:05: checked in and completed.
    srv.stop()
    srv.now = TUE % "14:05"
    srv.start()
    for step, status in (("check-in", "checked_in"), ("complete", "completed")):
        st, _, body = srv.request("POST", path + "/" + step, headers=srv.manager())
        c.eq((st, body.get("status")), (200, status), step)
    st, _, box = srv.request("GET", "/api/v1/outbox?limit=1000", headers=srv.manager())
    kinds = sorted(m["channel"] for m in box if m.get("kind") == "survey" and m.get("booking") == code)
    c.eq(kinds, ["email", "sms"], "complete queues the survey by e-mail and SMS")
    msgs = wait_sent(srv, "survey", code)
    mail = [m for m in msgs if m[0] == "email"]
    sms = [m for m in msgs if m[0] == "sms"]
    c.check(mail and "感謝您的來訪" in mail[0][3] or False, "the e-mail in the booking's language")
    link = re.findall(r"https?://\S+/b/%s/survey\?k=\S+" % code, mail[0][3] if mail else "")
    c.check(len(link) == 1, "the e-mail links the survey once")
    c.check(sms and "/b/%s/survey?k=" % code in sms[0][3] or False, "the SMS links it too")
    if not link:
        raise fhtest.Failure("no survey link")
    url = urllib.parse.urlsplit(link[0])
    page = url.path + "?" + url.query
    key = urllib.parse.parse_qs(url.query)["k"][0]
    c.check(key != needy["manage_token"], "the link carries the booking's link key")

    st, _, text = fetch(srv, "GET", page)
    c.eq(st, 200, "the survey page")
    c.check(text.count('type="radio"') == 15 and 'name="comment"' in text and
            'maxlength="500"' in text, "three questions of five scores and a comment")
    st, _, _ = fetch(srv, "GET", "/b/%s/survey?k=%s" % (code, "A" * len(key)))
    c.eq(st, 404, "a wrong key opens no survey")
    form = {"csrf": csrf_of(text), "waiting": "4", "courtesy": "9", "comment": "x" * 501}
    st, _, bad = fetch(srv, "POST", page, urllib.parse.urlencode(form), FORM)
    c.eq(st, 422, "a bad answer")
    c.check('href="#courtesy"' in bad and 'href="#overall"' in bad and 'href="#comment"' in bad
            and 'href="#waiting"' not in bad, "each bad answer named in the summary")
    c.check('value="4" checked' in bad, "what was chosen is kept")
    st, _, box = srv.request("GET", "/api/v1/offices/%s/satisfaction" % OFFICE,
                             headers=srv.manager())
    c.eq(box.get("averages"), [], "a bad answer stores nothing")
    form = {"csrf": csrf_of(text), "waiting": "3", "courtesy": "5", "overall": "4",
            "comment": HOSTILE}
    st, h, _ = fetch(srv, "POST", page, urllib.parse.urlencode(form), FORM)
    c.eq((st, h.get("Location")), (303, page + "&done=1"), "the answer stored")
    st, _, thanks = fetch(srv, "GET", page + "&done=1")
    c.check(st == 200 and "謝謝您的回饋" in words(thanks), "thanks")
    st, _, again = fetch(srv, "POST", page, urllib.parse.urlencode(form), FORM)
    c.check(st == 409 and "已經填過" in words(again), "a second answer is refused kindly")
    st, _, later = fetch(srv, "GET", page)
    c.check(st == 200 and 'name="waiting"' not in later and "已經填過" in words(later),
            "the page says it was answered")
    st, _, body = srv.request("POST", path + "/survey", {"waiting": 1, "courtesy": 1,
                                                         "overall": 1}, headers=token)
    c.eq((st, body.get("error", {}).get("code")), (409, "survey_answered"),
         "the API refuses a second answer too")

    # The other visit answered through the API, with its manage token.
    srv.stop()
    srv.now = TUE % "15:10"
    srv.start()
    opath = "/api/v1/bookings/" + other["code"]
    for step in ("check-in", "complete"):
        srv.request("POST", opath + "/" + step, headers=srv.manager())
    otoken = {"X-Manage-Token": other["manage_token"]}
    for body, field in (({"waiting": 0, "courtesy": 5, "overall": 5}, "waiting"),
                        ({"waiting": 5, "courtesy": 5}, "overall"),
                        ({"waiting": 5, "courtesy": 5, "overall": 5, "mood": 1}, "mood"),
                        ({"waiting": 5, "courtesy": 5, "overall": 5, "comment": "y" * 501},
                         "comment")):
        st, _, got = srv.request("POST", opath + "/survey", body, headers=otoken)
        c.eq((st, got.get("error", {}).get("field")), (422, field), "refused: %s" % field)
    st, _, got = srv.request("POST", opath + "/survey", {"waiting": 5, "courtesy": 4,
                                                         "overall": 5}, headers=srv.manager())
    c.eq(st, 403, "staff do not answer for the holder")
    st, _, got = srv.request("POST", opath + "/survey",
                             {"waiting": 5, "courtesy": 4, "overall": 5, "comment": ""},
                             headers=otoken)
    c.eq((st, got), (201, {"code": other["code"], "answered": True}), "answered through the API")
    msgs = wait_sent(srv, "survey", other["code"])
    mail = [m for m in msgs if m[0] == "email"]
    c.check(mail and "How was it?" in mail[0][3] or False, "the English booking's survey e-mail")

    # The figures: averages by month and window, and the comments.
    st, _, sat = srv.request("GET", "/api/v1/offices/%s/satisfaction" % OFFICE,
                             headers=srv.manager())
    c.eq(st, 200, "the satisfaction figures")
    c.eq(sat.get("averages"), [{"month": "2026-03", "window": "regular", "answers": 2,
                                "waiting": 4.0, "courtesy": 4.5, "overall": 4.5}],
         "the averages of March's regular window")
    c.eq([x["comment"] for x in sat.get("comments", [])], [HOSTILE], "the comment, as typed")
    # A day later than the board's visit: the session has gone idle.
    st, _, _ = lin.signin("lin", PASSWORD)
    c.eq(st, 303, "the manager signs in again")
    st, _, text = lin.request("GET", "/admin/offices/%s/figures" % OFFICE)
    c.check(st == 200 and 'id="satisfaction"' in text and "4.50" in text,
            "the figures page shows the averages")
    st, _, text = lin.request("GET", "/admin/offices/%s/comments" % OFFICE)
    c.check(st == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in text and
            "<script>alert" not in text, "the comments page shows the comment as text")
    clerk = fhtest.Browser(srv)
    st, _, _ = clerk.request("GET", "/admin/offices/%s/comments" % OFFICE)
    c.check(st in (303, 401), "the comments need a signed-in manager (got %d)" % st)
    return code


def erasure(c, srv, code, needy):
    st, _, body = srv.request("POST", "/api/v1/erasures", {"code": code}, headers=srv.manager())
    c.eq(st, 200, "erase the surveyed booking")
    st, _, body = srv.request("GET", "/api/v1/bookings/" + code, headers=srv.manager())
    c.eq(body.get("needs"), {"wheelchair": False, "priority_counter": False, "interpreter": None},
         "the needs are erased with the personal data")
    con = sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=10)
    try:
        linked = con.execute("SELECT count(*) FROM survey s JOIN booking b ON b.id = s.booking_id"
                             " WHERE b.code = ?", (code,)).fetchone()[0]
        answers = con.execute("SELECT count(*) FROM survey").fetchone()[0]
    finally:
        con.close()
    c.eq((linked, answers), (0, 2), "the answer no longer names its booking, and stays")
    st, _, sat = srv.request("GET", "/api/v1/offices/%s/satisfaction" % OFFICE,
                             headers=srv.manager())
    c.eq(sat["averages"][0]["answers"] if sat.get("averages") else 0, 2,
         "the figures keep the erased booking's answer")
    log = srv.log()
    c.check("interpreter" not in log and "alert(1)" not in log and "越南" not in log,
            "no need or comment in the log")


def scenario(c, srv):
    made = residents(c, srv)
    needy = needs(c, srv)
    lin = day_board(c, srv, made, needy)
    code = survey(c, srv, lin, needy)
    erasure(c, srv, code, needy)


if __name__ == "__main__":
    fhtest.run(main)
