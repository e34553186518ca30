"""closures_import.py: the manager pages of issue 13 that change the calendar,
against the real binary, with the API and the command line beside them.

Closures: the preview lists the day's pending and confirmed bookings and the
staff on its published duties; confirming cancels those bookings, queues each
holder's message (whose text gives the reason and a link to choose another
time) and each member of staff's, and is audited; reopening is too. The
government calendar: a DGPA CSV that makes a booked working day a holiday is
previewed (the day, the booking left without a slot, the roster's shortfall),
then applied through the page, the API (?dry_run=1 first) and the command
line: each time the booking is cancelled and its holder's message queued. The
messages page lists a failed e-mail with its error, masks the recipient, and
retries it (audited). Every new page and POST refuses a missing session, a
counter, another office's manager, and a missing or foreign form token."""

import email
import email.policy
import os
import re
import html
import json
import sqlite3
import subprocess
import sys
import urllib.parse

sys.dont_write_bytecode = True

import fhtest
from fhtest import OFFICE, booking
from admin_security import Browser, Counting, config as two_offices, cli, PASSWORD

DATA = os.path.join(os.environ.get("FLEXHOURS_SRCDIR", "."), "tests/data/tw-gov-calendar")
REASON = "颱風停止上班 <typhoon> & \"rain\""


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def form_fields(text, action):
    """The fields of the POST form with this action (the first one)."""
    m = re.search(r'<form method="post" action="%s"[^>]*>(.*?)</form>' % re.escape(action), text,
                  re.S)
    if not m:
        return None
    return {html.unescape(k): html.unescape(v)
            for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                   m.group(1))}


def sent(srv):
    """(channel, kind, to, text) of each message the worker wrote to the
    outbox file, e-mails decoded to their plain text."""
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
            text = part.get_content() if part is not None else ""
        out.append((m.group(1), m.group(2), m.group(3), text))
    return out


def multipart(fields, files):
    boundary = "----fhtestboundary7MA4YWxkTrZu0gW"
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, k, v)).encode()
    for k, (name, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: text/csv\r\n\r\n" % (boundary, k, name)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def upload(br, path, fields, files):
    body, ctype = multipart(fields, files)
    h = {"Content-Type": ctype, "Cookie": "fh_admin=" + br.cookie}
    st, hdrs, data = br.srv.request("POST", path, body, h)
    return st, hdrs, data.decode("utf-8", "replace")


def db(srv, sql, *args):
    con = sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=10)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def signed_in(srv, user):
    br = Browser(srv)
    st, _, _ = br.signin(user, PASSWORD)
    if st != 303:
        raise fhtest.Failure("sign-in of %s: %d" % (user, st))
    return br


def add_users(srv):
    for user, role, offices in (("chen", "manager", OFFICE), ("wang", "manager", "taichung-west"),
                                ("lin", "counter", OFFICE), ("boss", "manager", "*")):
        out = cli(srv, "user", "add", user, "--name", "員工 " + user, "--role", role,
                  "--offices", offices, stdin=PASSWORD + "\n")
        if out.returncode != 0:
            raise fhtest.Failure("user add %s: %s" % (user, out.stderr))


def refusals(c, srv, get_paths, posts):
    """No session, a counter, another office's manager, no or a foreign token."""
    anon = Browser(srv)
    lin, wang, chen = signed_in(srv, "lin"), signed_in(srv, "wang"), signed_in(srv, "chen")
    for path in get_paths:
        st, h, _ = anon.request("GET", path)
        c.eq((st, h.get("location")), (303, "/admin/signin"), "%s without a session" % path)
        c.eq(lin.request("GET", path)[0], 403, "%s refuses a counter" % path)
        c.eq(wang.request("GET", path)[0], 403, "%s refuses another office's manager" % path)
    for path, form in posts:
        st, h, _ = anon.request("POST", path, form)
        c.eq((st, h.get("location")), (303, "/admin/signin"), "POST %s without a session" % path)
        c.eq(lin.request("POST", path, form)[0], 403, "POST %s refuses a counter" % path)
        c.eq(chen.request("POST", path, dict(form, csrf=""))[0], 403,
             "POST %s without its form token" % path)
        # A token of another form of the same session.
        other = chen.csrf("/admin/")
        c.eq(chen.request("POST", path, dict(form, csrf=other))[0], 403,
             "POST %s with another form's token" % path)


def closures(c, srv):
    mgr = srv.manager()
    # Two bookings on Tuesday 3 March: noon and evening.
    codes = []
    for n, t in ((1, "12:00"), (2, "17:30")):
        st, _, b = srv.request("POST", "/api/v1/bookings",
                               booking("2026-03-03T%s:00+08:00" % t, n, service="seal_registration"))
        c.eq(st, 201, "book 03-03 %s" % t)
        codes.append(b["code"])
    st, _, _ = srv.request("POST", "/api/v1/offices/%s/roster/2026-03/generate" % OFFICE, {}, mgr)
    c.eq(st, 200, "generate March's roster")
    st, _, r = srv.request("POST", "/api/v1/offices/%s/roster/2026-03/publish" % OFFICE, {}, mgr)
    c.eq(st, 200, "publish March's roster")
    on_duty = sorted({a["staff"] for a in r["assignments"] if a["date"] == "2026-03-03"})
    c.check(len(on_duty) >= 2, "somebody is on noon and evening duty on 03-03")
    staff = {s["id"]: s for s in srv.request("GET", "/api/v1/offices/%s/staff" % OFFICE,
                                             headers=mgr)[2]["staff"]}

    chen = signed_in(srv, "chen")
    st, _, page = chen.request("GET", "/admin/")
    for path in ("/admin/closures", "/admin/messages"):
        c.check('href="%s"' % path in page, "the home page links %s" % path)
    st, _, page = chen.request("GET", "/admin/closures")
    c.eq(st, 200, "the closures page")
    q = urllib.parse.urlencode({"office": OFFICE, "date": "2026-03-03", "reason": REASON})
    st, _, bad = chen.request("GET", "/admin/closures/preview?" +
                              urllib.parse.urlencode({"office": OFFICE, "date": "3/3", "reason": ""}))
    c.eq(st, 422, "a preview without a date or reason")
    c.check('href="#date"' in bad and 'href="#reason"' in bad, "the error summary links both fields")
    st, _, page = chen.request("GET", "/admin/closures/preview?" + q)
    c.eq(st, 200, "the closure's preview")
    for code in codes:
        c.check(code in page, "the preview lists booking %s" % code)
    c.check("p1@example.com.tw" not in page and "0900000001" not in page,
            "the preview masks the holders' contacts")
    c.check("p***@example.com.tw" in page, "the preview shows a masked e-mail")
    for s in on_duty:
        c.check(html.escape(staff[s]["name"]) in page, "the preview names %s on duty" % s)
    c.check("&lt;typhoon&gt; &amp;" in page and "<typhoon>" not in page,
            "the reason is shown as text")
    c.eq(srv.rows("status = 'cancelled'"), 0, "a preview cancels nothing")
    form = form_fields(page, "/admin/closures")
    c.check(form is not None and form.get("check"), "the confirm form carries the preview's digest")

    refusals(c, srv, ["/admin/closures?office=" + OFFICE, "/admin/closures/preview?" + q,
                      "/admin/messages?office=" + OFFICE],
             [("/admin/closures", dict(form)),
              ("/admin/closures/reopen", {"office": OFFICE, "date": "2026-03-03"})])

    # A booking taken after the preview: the closure refuses the old preview.
    st, _, b3 = srv.request("POST", "/api/v1/bookings",
                            booking("2026-03-03T09:00:00+08:00", 3, service="seal_registration"))
    c.eq(st, 201, "a booking taken after the preview")
    codes.append(b3["code"])
    st, h, _ = chen.request("POST", "/admin/closures", form)
    c.eq((st, "stale=1" in h.get("location", "")), (303, True),
         "the closure sends back to a fresh preview when the day changed")
    c.eq(srv.rows("status = 'cancelled'"), 0, "and cancels nothing")
    st, _, page = chen.request("GET", h["location"])
    c.check(b3["code"] in page and 'id="stale"' in page, "the fresh preview lists the new booking")
    form = form_fields(page, "/admin/closures")
    st, h, _ = chen.request("POST", "/admin/closures", form)
    told = [s for s in on_duty if staff[s].get("email")]
    c.eq(st, 303, "close the day")
    loc = urllib.parse.parse_qs(urllib.parse.urlsplit(h.get("location", "")).query)
    c.eq((loc.get("cancelled"), loc.get("told")), ([str(len(codes))], [str(len(told))]),
         "the closure tells how many were cancelled and told")
    for code in codes:
        c.eq(srv.rows("code = '%s' AND status = 'cancelled'" % code), 1, "%s cancelled" % code)
        got = db(srv, "SELECT o.channel FROM outbox o JOIN booking b ON b.id = o.booking_id "
                      "WHERE b.code = ? AND o.kind = 'closed' ORDER BY o.channel", code)
        c.eq([g[0] for g in got], ["email", "sms"], "%s's holder is told by e-mail and SMS" % code)
    got = db(srv, "SELECT staff, day FROM outbox WHERE kind = 'duty_closed' ORDER BY staff")
    c.eq([g[0] for g in got], told, "each member of staff on duty with an e-mail is told")
    audit = db(srv, "SELECT who, office, target, after FROM audit WHERE action = 'closure'")
    c.eq([(a[0], a[1], a[2]) for a in audit], [("user:chen", OFFICE, "2026-03-03")],
         "the closure is audited as chen's")
    c.check(audit and json.loads(audit[0][3])["reason"] == REASON, "the audit keeps the reason")
    # The worker writes the messages to the outbox file (no SMTP configured).
    got = []
    for _ in range(300):
        got = [m for m in sent(srv) if m[1] in ("closed", "duty_closed")]
        if len(got) >= 2 * len(codes) + len(told):
            break
        fhtest.time.sleep(0.05)
    mails = [m[3] for m in got if m[0] == "email" and m[1] == "closed"]
    c.eq(len(mails), len(codes), "an e-mail to each holder")
    c.check(all("原因：" + REASON in t for t in mails), "each gives the reason")
    c.check(all("/o/%s/book" % OFFICE in t for t in mails), "and a link to choose another time")
    staff_mails = [m for m in got if m[1] == "duty_closed"]
    c.eq(sorted(m[2] for m in staff_mails), told, "an e-mail to each member of staff told")
    c.check(all("請勿到班" in m[3] and REASON in m[3] for m in staff_mails),
            "telling them not to come in, and why")

    # Reopen from the list of closures.
    st, _, page = chen.request("GET", "/admin/closures")
    c.check("2026-03-03" in page, "the closed day is listed")
    form = form_fields(page, "/admin/closures/reopen")
    st, h, _ = chen.request("POST", "/admin/closures/reopen", form)
    c.eq((st, "done=reopened" in h.get("location", "")), (303, True), "reopen the day")
    c.eq(db(srv, "SELECT who, target FROM audit WHERE action = 'reopen'"),
         [("user:chen", "2026-03-03")], "reopening is audited")
    c.eq(srv.rows("status = 'cancelled'"), len(codes), "the cancelled bookings stay cancelled")
    st, _, _ = chen.request("POST", "/admin/closures/reopen", form)
    c.eq(st, 404, "reopening an open day")


def messages(c, srv):
    """With the SMTP server down (a closed port, one attempt), a booking's
    e-mail fails; the page lists it and retries it."""
    st, _, b = srv.request("POST", "/api/v1/bookings",
                           booking("2026-03-04T12:00:00+08:00", 9, service="seal_registration"))
    c.eq(st, 201, "a booking whose e-mail will fail")
    failed = []
    for _ in range(300):
        failed = db(srv, "SELECT o.id, o.last_error FROM outbox o JOIN booking b ON "
                         "b.id = o.booking_id WHERE b.code = ? AND o.status = 'failed' AND "
                         "o.channel = 'email'", b["code"])
        if failed:
            break
        fhtest.time.sleep(0.05)
    c.check(failed, "the confirmation e-mail failed")
    if not failed:
        return
    mid, error = failed[0]
    chen = signed_in(srv, "chen")
    st, _, page = chen.request("GET", "/admin/messages?status=failed")
    c.eq(st, 200, "the messages page, failed ones")
    c.check('id="message-%d"' % mid in page, "the failed message is listed")
    c.check(html.escape(error, quote=True) in page or html.escape(error, quote=False) in page,
            "with its last error")
    c.check("p9@example.com.tw" not in page and "p***@example.com.tw" in page,
            "the recipient is masked")
    row = re.search(r'<tr id="message-%d">(.*?)</tr>' % mid, page, re.S)
    c.check(row is not None and "<td>預約確認</td>" in row.group(1) and
            "<td>電子郵件</td>" in row.group(1),
            "the failed message says what it is (預約確認, 電子郵件), not the store's codes")
    st, _, page = chen.request("GET", "/admin/messages?status=nonsense")
    c.eq(st, 400, "an unknown status")
    form = form_fields(page, "/admin/messages/%d/retry" % mid) or form_fields(
        chen.request("GET", "/admin/messages?status=failed")[2], "/admin/messages/%d/retry" % mid)
    refusals(c, srv, ["/admin/messages?status=failed&office=" + OFFICE],
             [("/admin/messages/%d/retry" % mid, dict(form or {}))])
    st, h, _ = chen.request("POST", "/admin/messages/%d/retry" % mid, form)
    c.eq((st, "done=retried" in h.get("location", "")), (303, True), "retry the failed message")
    c.eq(db(srv, "SELECT who, target FROM audit WHERE action = 'message-retry'"),
         [("user:chen", "message:%d" % mid)], "the retry is audited as chen's")
    st, _, _ = chen.request("POST", "/admin/messages/999999/retry", {"csrf": "x"})
    c.eq(st, 403, "a retry of no message without its token")


def calendar(c, srv_dir):
    """12-25 of 2025: a working day in the DGPA's first release, a holiday
    (行憲紀念日) in the revision."""
    srv = fhtest.Server(two_offices(), now="2025-12-19T10:00:00+08:00")
    try:
        add_users(srv)
        srv.start()
        mgr = srv.manager()
        st, _, _ = srv.request("POST", "/api/v1/calendar/import", read("2025-v1-initial.csv"), mgr)
        c.eq(st, 200, "import the first release")
        st, _, _ = srv.request("POST", "/api/v1/offices/%s/roster/2025-12/generate" % OFFICE, {},
                               mgr)
        st, _, _ = srv.request("POST", "/api/v1/offices/%s/roster/2025-12/publish" % OFFICE, {},
                               mgr)
        c.eq(st, 200, "publish December's roster on the first release")

        def book(n):
            st, _, b = srv.request("POST", "/api/v1/bookings",
                                   booking("2025-12-25T09:00:00+08:00", n,
                                           service="seal_registration"))
            c.eq(st, 201, "book 12-25 09:00 (person %d)" % n)
            return b["code"]

        def told(code):
            return db(srv, "SELECT o.kind, o.channel FROM outbox o JOIN booking b ON "
                           "b.id = o.booking_id WHERE b.code = ? AND o.kind = 'closed' "
                           "ORDER BY o.channel", code)

        # Through the page.
        code = book(1)
        chen, boss = signed_in(srv, "chen"), signed_in(srv, "boss")
        c.eq(chen.request("GET", "/admin/calendar")[0], 403,
             "a manager of one office cannot import the calendar")
        c.check('href="/admin/calendar"' not in chen.request("GET", "/admin/")[2],
                "...and their home page does not offer it")
        c.check('href="/admin/calendar"' in boss.request("GET", "/admin/")[2],
                "a manager of every office is offered the import")
        st, _, page = boss.request("GET", "/admin/calendar")
        c.eq(st, 200, "the import page")
        c.check('enctype="multipart/form-data"' in page and 'type="file"' in page,
                "a file input in a multipart form")
        token = re.search(r'action="/admin/calendar/preview".*?name="csrf" value="([^"]+)"', page,
                          re.S).group(1)
        st, _, _ = upload(boss, "/admin/calendar/preview", {"csrf": token}, {})
        c.eq(st, 422, "a preview without a file")
        st, _, _ = upload(boss, "/admin/calendar/preview", {"csrf": "x"},
                          {"file": ("2025.csv", read("2025.csv"))})
        c.eq(st, 403, "a preview without its form token")
        st, _, _ = upload(chen, "/admin/calendar/preview", {"csrf": chen.csrf("/admin/")},
                          {"file": ("2025.csv", read("2025.csv"))})
        c.eq(st, 403, "a preview by a manager of one office")
        bad = read("2025.csv").replace(b"20251225,\xe5\x9b\x9b,2,", b"20251225,\xe5\x9b\x9b,7,")
        st, _, page = upload(boss, "/admin/calendar/preview", {"csrf": token},
                             {"file": ("bad.csv", bad)})
        c.eq(st, 422, "a bad file")
        c.check("line 360" in page, "the page names the line at fault")
        st, _, page = upload(boss, "/admin/calendar/preview", {"csrf": token},
                             {"file": ("2025.csv", read("2025.csv"))})
        c.eq(st, 200, "preview the revision")
        c.check("行憲紀念日" in page and 'id="changes"' in page, "the preview shows 12-25's change")
        disp = re.search(r'<table class="fh-table" id="displaced">(.*?)</table>', page, re.S)
        c.check(disp and code in disp.group(1), "the preview lists the booking left without a slot")
        short = re.search(r'<table class="fh-table" id="shortfalls">(.*?)</table>', page, re.S)
        c.check(short and ("12月25日" in short.group(1)), "the roster's shortfall on 12-25 is shown")
        c.check(short and "no_window" not in short.group(1) and "unfilled" not in short.group(1) and
                ("當天已無此時段" in short.group(1) or "還可以再排人" in short.group(1)),
                "...with its reason in words, not the scheduler's code")
        c.eq(srv.rows("status = 'cancelled'"), 0, "a preview changes nothing")
        form = form_fields(page, "/admin/calendar/apply")
        c.eq(boss.request("POST", "/admin/calendar/apply", dict(form, csrf=""))[0], 403,
             "an apply without its token")
        c.eq(chen.request("POST", "/admin/calendar/apply", form)[0], 403,
             "an apply by a manager of one office")
        st, h, _ = boss.request("POST", "/admin/calendar/apply", form)
        c.eq((st, "cancelled=1" in h.get("location", "")), (303, True), "apply the revision")
        c.eq(srv.rows("code = '%s' AND status = 'cancelled'" % code), 1, "the booking is cancelled")
        c.eq(told(code), [("closed", "email"), ("closed", "sms")],
             "its holder is told, with a link to choose another time")
        c.eq(db(srv, "SELECT who, target FROM audit WHERE action = 'calendar-import' "
                     "ORDER BY id DESC LIMIT 1"),
             [("user:boss", "2025")], "the import is audited as boss's")
        st, _, _ = boss.request("POST", "/admin/calendar/apply", form)
        c.eq(st, 409, "the file is gone once applied")

        # Through the API: a dry run first.
        srv.request("POST", "/api/v1/calendar/import", read("2025-v1-initial.csv"), mgr)
        code = book(2)
        st, _, body = srv.request("POST", "/api/v1/calendar/import?dry_run=1", read("2025.csv"), mgr)
        c.eq((st, [d["code"] for d in body.get("displaced", [])]), (200, [code]),
             "the API's dry run lists the booking")
        c.check(any(x["date"] == "2025-12-25" for x in body.get("roster_shortfalls", [])),
                "and the roster's shortfall on 12-25")
        c.eq(srv.rows("code = '%s' AND status = 'cancelled'" % code), 0, "a dry run changes nothing")
        st, _, stale = srv.request("POST", "/api/v1/calendar/import?check=" + "0" * 64,
                                   read("2025.csv"), mgr)
        c.eq((st, stale.get("error", {}).get("code")), (409, "preview_stale"),
             "an apply with another preview's check")
        st, _, body = srv.request("POST", "/api/v1/calendar/import?check=" + body["check"],
                                  read("2025.csv"), mgr)
        c.eq((st, [d["code"] for d in body.get("cancelled", [])]), (200, [code]),
             "the API's import cancels it")
        c.eq(told(code), [("closed", "email"), ("closed", "sms")], "and tells its holder")

        # Through the command line, beside the server.
        srv.request("POST", "/api/v1/calendar/import", read("2025-v1-initial.csv"), mgr)
        code = book(3)
        path = os.path.join(srv.dir, "2025.csv")
        with open(path, "wb") as f:
            f.write(read("2025.csv"))
        out = cli(srv, "calendar", "import", "--dry-run", path)
        c.check(out.returncode == 0 and code in out.stdout, "the CLI's dry run lists the booking")
        c.eq(srv.rows("code = '%s' AND status = 'cancelled'" % code), 0, "and changes nothing")
        out = cli(srv, "calendar", "import", path)
        c.check(out.returncode == 0 and "1 booking cancelled" in out.stdout,
                "the CLI's import cancels it: " + out.stdout + out.stderr)
        c.eq(srv.rows("code = '%s' AND status = 'cancelled'" % code), 1, "cancelled in the store")
        c.eq(told(code), [("closed", "email"), ("closed", "sms")], "and its holder told")
        whos = [w[0] for w in db(srv, "SELECT who FROM audit WHERE action = 'calendar-import'")]
        c.check(whos[1] == "user:boss" and whos[-1] == "cli" and
                all(w.startswith("token:") for w in whos[:1] + whos[2:-1]),
                "the page's, the API's and the CLI's imports name who made them: %s" % whos)
    finally:
        srv.cleanup()


def main(c):
    cfg = two_offices()
    srv = fhtest.Server(cfg)
    try:
        add_users(srv)
        srv.start()
        closures(c, srv)
        # The same database with the SMTP server down.
        srv.stop()
        cfg["smtp"] = {"host": "127.0.0.1", "port": fhtest.free_port(), "from": "office@example.org"}
        cfg.setdefault("notifier", {})["max_attempts"] = 1
        with open(srv.config_path, "w", encoding="utf-8") as f:
            json.dump(cfg, f, ensure_ascii=False)
        srv.start()
        messages(c, srv)
    finally:
        srv.cleanup()
    calendar(c, None)
    print("%d checks" % c.count)


if __name__ == "__main__":
    checker = Counting()
    try:
        main(checker)
    except fhtest.Failure as e:
        print("FAIL:", e)
        sys.exit(1)
    fhtest.check_answers(checker)
    sys.exit(checker.finish())
