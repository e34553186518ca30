"""admin_security.py: the manager pages and the manager API against the real
binary. Every /admin/ page and every manager API call is refused without a
session or token (a redirect to the sign-in page; 401 JSON), with another
office's account or token (403), with a counter account where a manager is
needed (403), and every POST without its form token (403); wrong passwords
lock a name (an unknown name exactly as a known one); the session cookie is
HttpOnly, SameSite=Strict, Path=/admin/ and Secure behind https; sign-out
and disabling an account end a session; and the audit trail, on its page
and from `flexhours audit`, records each change the test makes. Prints the
number of security checks made."""

import copy
import hashlib
import html
import re
import sys
import time

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, Browser, booking, cli

WEST = "taichung-west"
WEST_TOKEN = "west-only-token"
TUE = "2026-03-03T%s:00+08:00"
NOW = TUE % "08:00"  # the day of the bookings, before they start
PASSWORD = "correct-horse-1"


class Counting(fhtest.Checker):
    """A checker that also counts the checks made."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def check(self, cond, what):
        self.count += 1
        return super().check(cond, what)


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    # The bookings are taken by staff on the day itself (check-in is only
    # on a booking's day), past the online cut-off.
    cfg["offices"][0]["staff_past_cutoff"] = True
    west = copy.deepcopy(cfg["offices"][0])
    west["id"] = WEST
    west["name"] = {"zh": "臺中市西區戶政事務所", "en": "Taichung West District Office"}
    cfg["offices"].append(west)
    cfg["managers"].append({"name": "west manager", "offices": [WEST],
                            "token_sha256": hashlib.sha256(WEST_TOKEN.encode()).hexdigest()})
    return cfg


def table(text):
    """The audit table's rows as text (not the form's hints)."""
    m = re.search(r"<tbody>(.*)</tbody>", text, re.S)
    return html.unescape(m.group(1)) if m else ""


def redirected_to_signin(st, hdrs):
    return st == 303 and hdrs.get("location") == "/admin/signin"


def main(c):
    srv = fhtest.Server(config(), now=NOW)
    try:
        for user, role, offices in (("chen", "manager", OFFICE), ("wang", "manager", WEST),
                                    ("lin", "counter", OFFICE), ("locky", "manager", OFFICE),
                                    ("boss", "manager", "*")):
            fhtest.add_staff(srv, user, role, offices, PASSWORD)
        srv.start()
        run_checks(c, srv)
        secure_cookie(c)
    finally:
        srv.cleanup()
    print("%d security checks" % c.count)


def run_checks(c, srv):
    # A booking of each office, for the calls on bookings.
    st, _, south = srv.request("POST", "/api/v1/bookings",
                               booking(TUE % "12:00", 1, service="name_change"), srv.manager())
    c.eq(st, 201, "a booking at the south office")
    st, _, west = srv.request("POST", "/api/v1/bookings",
                              booking(TUE % "12:00", 2, service="name_change", office=WEST), srv.manager())
    c.eq(st, 201, "a booking at the west office")
    code, wcode = south["code"], west["code"]

    # ---- the manager API: no token, another office's token -------------------------------
    def south_calls():
        return [
            ("GET", "/api/v1/offices/%s/bookings?date=2026-03-03" % OFFICE, None),
            ("GET", "/api/v1/offices/%s/bookings.ics" % OFFICE, None),
            ("GET", "/api/v1/offices/%s/feeds" % OFFICE, None),
            ("GET", "/api/v1/offices/%s/staff" % OFFICE, None),
            ("GET", "/api/v1/offices/%s/roster/2026-03" % OFFICE, None),
            ("POST", "/api/v1/offices/%s/roster/2026-03/generate" % OFFICE, {}),
            ("POST", "/api/v1/offices/%s/roster/2026-03/publish" % OFFICE, {}),
            ("POST", "/api/v1/offices/%s/roster/2026-03/duties" % OFFICE, {}),
            ("POST", "/api/v1/offices/%s/roster/2026-03/pins" % OFFICE, {}),
            ("DELETE", "/api/v1/offices/%s/roster/2026-03/pins" % OFFICE, None),
            ("GET", "/api/v1/offices/%s/comp" % OFFICE, None),
            ("POST", "/api/v1/offices/%s/comp" % OFFICE, {}),
            ("POST", "/api/v1/offices/%s/closures" % OFFICE,
             {"date": "2026-03-10", "reason": "颱風"}),
            ("DELETE", "/api/v1/offices/%s/closures/2026-03-10" % OFFICE, None),
            ("POST", "/api/v1/bookings/%s/confirm" % code, None),
            ("POST", "/api/v1/bookings/%s/check-in" % code, None),
            ("POST", "/api/v1/bookings/%s/no-show" % code, None),
            ("POST", "/api/v1/bookings/%s/complete" % code, None),
            ("GET", "/api/v1/bookings/%s" % code, None),
        ]
    spanning = [
        ("GET", "/api/v1/outbox", None),
        ("POST", "/api/v1/outbox/1/retry", None),
        ("POST", "/api/v1/calendar/import", "西元日期,星期,是否放假,備註\n"),
        ("POST", "/api/v1/erasures", {"code": code}),
    ]
    for method, path, body in south_calls() + spanning:
        headers = {}
        if isinstance(body, str):
            headers["Content-Type"] = "text/csv"
        st, hdrs, data = srv.request(method, path, body,
                                     dict(headers, Authorization="Bearer wrong-token"))
        c.check(st == 401 and isinstance(data, dict)
                and data.get("error", {}).get("code") == "unauthorized",
                "%s %s with a wrong token: 401 JSON (got %s)" % (method, path, st))
        st, hdrs, data = srv.request(method, path, body,
                                     dict(headers, Authorization="Bearer " + WEST_TOKEN))
        c.check(st == 403 and isinstance(data, dict)
                and data.get("error", {}).get("code") == "forbidden",
                "%s %s with another office's token: 403 forbidden (got %s %r)"
                % (method, path, st, data))
    # Without any credential: 401 where a manage token is no alternative.
    for method, path, body in south_calls()[:-1] + spanning:
        headers = {"Content-Type": "text/csv"} if isinstance(body, str) else {}
        st, _, data = srv.request(method, path, body, headers)
        c.check(st == 401 and isinstance(data, dict),
                "%s %s without a token: 401 JSON (got %s)" % (method, path, st))
    # The west token still works for its own office.
    west_h = {"Authorization": "Bearer " + WEST_TOKEN}
    st, _, _ = srv.request("GET", "/api/v1/offices/%s/bookings?date=2026-03-03" % WEST, None,
                           west_h)
    c.eq(st, 200, "the west token reads the west office's day")
    st, _, data = srv.request("POST", "/api/v1/bookings/%s/check-in" % wcode, None, west_h)
    c.eq(st, 200, "the west token checks in a west booking")

    # ---- changes by the full token, to be found in the audit ------------------------------
    full = srv.manager()
    st, _, _ = srv.request("POST", "/api/v1/bookings/%s/check-in" % code, None, full)
    c.eq(st, 200, "check-in with the token of every office")
    st, _, _ = srv.request("POST", "/api/v1/offices/%s/closures" % OFFICE,
                           {"date": "2026-03-11", "reason": "颱風停班"}, full)
    c.eq(st, 200, "a closure")
    st, _, _ = srv.request("DELETE", "/api/v1/offices/%s/closures/2026-03-11" % OFFICE, None, full)
    c.eq(st, 200, "the day opened again")

    # ---- pages without a session ------------------------------------------------------------
    anon = Browser(srv)
    for path in ("/admin/", "/admin/audit", "/admin/audit?office=" + OFFICE):
        st, hdrs, _ = anon.request("GET", path)
        c.check(redirected_to_signin(st, hdrs), "GET %s without a session: 303 to sign-in" % path)
    st, hdrs, _ = anon.request("POST", "/admin/signout", {"csrf": "x"})
    c.check(redirected_to_signin(st, hdrs), "POST /admin/signout without a session: 303")
    st, hdrs, _ = anon.request("GET", "/admin")
    c.check(st == 303 and hdrs.get("location") == "/admin/", "/admin leads to /admin/")
    # A forged cookie is no session.
    forged = Browser(srv)
    forged.cookie = "A" * 43
    st, hdrs, _ = forged.request("GET", "/admin/")
    c.check(redirected_to_signin(st, hdrs), "a forged session cookie: 303 to sign-in")

    # ---- signing in: form token, cookie ----------------------------------------------------
    b = Browser(srv)
    st, _, _ = b.request("POST", "/admin/signin", {"name": "chen", "password": PASSWORD})
    c.check(st == 403 and b.cookie is None, "sign-in without its form token: 403, no session")
    st, _, _ = b.request("POST", "/admin/signin",
                         {"csrf": "1.00", "name": "chen", "password": PASSWORD})
    c.check(st == 403 and b.cookie is None, "sign-in with a made-up form token: 403")
    token = Browser(srv).csrf("/admin/signin")
    st, _, _ = b.request("POST", "/admin/signin", {"csrf": token, "name": "chen",
                                                   "password": PASSWORD},
                         {"Sec-Fetch-Site": "cross-site"})
    c.check(st == 403 and b.cookie is None,
            "sign-in posted from another site (a good token fetched by it): 403")
    st, hdrs, _ = b.signin("chen", PASSWORD)
    c.check(st == 303 and hdrs.get("location") == "/admin/", "chen signs in: 303 to /admin/")
    attrs = [a.strip() for a in (b.set_cookie or "").split(";")]
    c.check("HttpOnly" in attrs, "the session cookie is HttpOnly: %r" % attrs)
    c.check("SameSite=Strict" in attrs, "the session cookie is SameSite=Strict")
    c.check("Path=/admin/" in attrs, "the session cookie's Path is /admin/")
    c.check("Secure" not in attrs, "no Secure over http (public_url http)")
    c.check(not any(a.lower().startswith(("max-age", "expires")) for a in attrs),
            "the session cookie ends with the browser; the server ends it when idle")
    c.check(b.cookie is not None and len(b.cookie) >= 43, "the cookie holds 256 random bits")
    st, _, text = b.request("GET", "/admin/")
    c.check(st == 200 and "員工 chen" in text and 'href="/admin/audit"' in text,
            "chen's home page names them and links the audit")
    c.check("臺中市南區" in text and "臺中市西區" not in text,
            "chen's home lists their office only")
    # The session cookie is stored hashed only.
    con = fhtest.sqlite3.connect("file:%s?mode=ro" % srv.db, uri=True, timeout=10)
    try:
        blobs = [r[0] for r in con.execute("SELECT token_sha256 FROM session")]
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    c.check(hashlib.sha256(b.cookie.encode()).digest() in blobs,
            "the store keeps the cookie's SHA-256")
    c.check(b.cookie not in dump, "the store never keeps the cookie itself")
    c.check(PASSWORD not in dump, "the store never keeps a password")

    # ---- another office, the wrong role ---------------------------------------------------
    st, _, _ = b.request("GET", "/admin/audit?office=" + WEST)
    c.eq(st, 403, "chen opens the west office's audit")
    st, _, _ = b.request("GET", "/admin/audit?office=nowhere")
    c.eq(st, 403, "chen opens an unknown office's audit")
    wang = Browser(srv)
    wang.signin("wang", PASSWORD)
    st, _, text = wang.request("GET", "/admin/audit?office=" + OFFICE)
    c.eq(st, 403, "wang (west) opens the south office's audit")
    st, _, text = wang.request("GET", "/admin/audit")
    c.check(st == 200 and code not in table(text) and "closure" not in table(text)
            and wcode in table(text), "wang's audit shows the west office only")
    lin = Browser(srv)
    st, _, _ = lin.signin("lin", PASSWORD)
    c.eq(st, 303, "lin (counter) signs in")
    st, _, text = lin.request("GET", "/admin/")
    c.check(st == 200 and "/admin/audit" not in text, "the counter's home has no audit link")
    st, _, _ = lin.request("GET", "/admin/audit")
    c.eq(st, 403, "the counter opens the audit (a manager's page)")

    # ---- form tokens on every POST ----------------------------------------------------------
    st, _, _ = b.request("POST", "/admin/signout", {})
    c.eq(st, 403, "sign-out without its form token")
    st, _, _ = b.request("POST", "/admin/signout", {"csrf": wang.csrf("/admin/")})
    c.eq(st, 403, "sign-out with another session's form token")
    st, _, _ = b.request("GET", "/admin/")
    c.eq(st, 200, "the session survives the refused sign-outs")

    # ---- audit page filters -------------------------------------------------------------------
    st, _, text = b.request("GET", "/admin/audit")
    rows = table(text)
    c.check(st == 200 and "booking-checked_in" in rows and code in rows, "the check-in is audited")
    c.check("token:test manager" in rows, "the audit names the token")
    c.check("closure" in rows and "reopen" in rows and "2026-03-11" in rows,
            "the closure and the reopening are audited")
    c.check("颱風停班" in rows, "the closure's reason is in its record")
    c.check("signin" in rows and "user:chen" in rows, "sign-ins are audited")
    c.check("user-add" in rows, "accounts added are audited")
    st, _, text = b.request("GET", "/admin/audit?action=closure")
    rows = table(text)
    c.check(st == 200 and "closure" in rows and "booking-checked_in" not in rows,
            "the action filter")
    st, _, text = b.request("GET", "/admin/audit?who=user%3Alin")
    rows = table(text)
    c.check(st == 200 and "user:lin" in rows and "token:test manager" not in rows,
            "the who filter")
    st, _, text = b.request("GET", "/admin/audit?from=2026-03-04")
    c.check(st == 200 and 'id="audit-none"' in text, "the date filter (nothing after NOW)")
    st, _, text = b.request("GET", "/admin/audit?from=2026-3-x")
    c.check(st == 422 and "fh-error-summary" in text and 'href="#from"' in text,
            "a bad date: the error summary links the field")
    st, _, text = b.request("GET", "/admin/audit?to=2026-03-02&lang=en")
    c.check(st == 200 and "Audit trail" in text and 'lang="en"' in text, "the audit in English")

    # ---- sign-out ends the session ------------------------------------------------------------
    old = b.cookie
    st, hdrs, _ = b.request("POST", "/admin/signout", {"csrf": b.csrf("/admin/")})
    c.check(st == 303 and hdrs.get("location", "").startswith("/admin/signin"),
            "sign-out: 303 to the sign-in page")
    c.check("Max-Age=0" in (b.set_cookie or ""), "sign-out clears the cookie")
    replay = Browser(srv)
    replay.cookie = old
    st, hdrs, _ = replay.request("GET", "/admin/")
    c.check(redirected_to_signin(st, hdrs), "the old cookie opens nothing after sign-out")

    # ---- disabling an account ends its session ---------------------------------------------
    out = cli(srv, "user", "disable", "lin")
    c.eq(out.returncode, 0, "flexhours user disable lin")
    st, hdrs, _ = lin.request("GET", "/admin/")
    c.check(redirected_to_signin(st, hdrs), "a disabled account's session ends")
    st, _, _ = Browser(srv).signin("lin", PASSWORD)
    c.eq(st, 401, "a disabled account cannot sign in")

    # ---- the lock-out ---------------------------------------------------------------------------
    known, unknown = [], []
    for i in range(5):
        t0 = time.monotonic()
        st1, _, text1 = Browser(srv).signin("locky", "wrong password %d" % i)
        known.append(time.monotonic() - t0)
        t0 = time.monotonic()
        st2, _, text2 = Browser(srv).signin("ghost", "wrong password %d" % i)
        unknown.append(time.monotonic() - t0)
        c.check(st1 == 401 and st2 == 401, "wrong password %d: 401 for known and unknown" % i)
        c.check(text1.replace("locky", "ghost") == text2,
                "the same page for an unknown name and a wrong password (%d)" % i)
    k, u = sorted(known)[2], sorted(unknown)[2]
    c.check(0.3 < k / u < 3, "about the same time: known %.3fs, unknown %.3fs" % (k, u))
    locked = Browser(srv)
    st, hdrs, text = locked.signin("locky", PASSWORD)
    c.check(st == 429 and locked.cookie is None, "the right password after 5 wrong: locked (429)")
    c.check(int(hdrs.get("retry-after", "0")) > 0, "a locked sign-in says when to come back")
    st2, _, text2 = Browser(srv).signin("ghost", PASSWORD)
    c.check(st2 == 429 and text.replace("locky", "ghost") == text2,
            "an unknown name locks exactly alike")
    st, _, _ = Browser(srv).signin("LOCKY", PASSWORD)
    c.eq(st, 429, "the name in capitals is the same name")
    st, _, _ = Browser(srv).signin("chen", PASSWORD)
    c.eq(st, 303, "another account is not locked")
    out = cli(srv, "user", "passwd", "locky", stdin="a-new-password\n")
    c.eq(out.returncode, 0, "a new password for locky")
    st, _, _ = Browser(srv).signin("locky", "a-new-password")
    c.eq(st, 303, "a new password lifts the lock")

    # ---- the audit from the command line -----------------------------------------------------
    out = cli(srv, "audit", "--office", OFFICE)
    c.eq(out.returncode, 0, "flexhours audit --office")
    for want in ("booking-checked_in", "closure", "reopen", "signout", "user-disable",
                 "user-password", "token:test manager", "user:chen"):
        c.check(want in out.stdout, "flexhours audit prints %s" % want)
    c.check(WEST not in out.stdout and wcode not in out.stdout,
            "flexhours audit --office keeps to the office")
    out = cli(srv, "audit", "--office", WEST)
    c.check("booking-checked_in" in out.stdout and "token:west manager" in out.stdout,
            "the west token's change is audited under its name")
    out = cli(srv, "audit", "--user", "token:test manager", "--since", "2026-03-02")
    c.check("booking-checked_in" in out.stdout and "user:chen" not in out.stdout,
            "flexhours audit --user --since")
    # Nothing personal in the audit or the log.
    everything = cli(srv, "audit").stdout
    c.check(fhtest.national_id(1) not in everything and fhtest.national_id(2) not in everything,
            "no national ID in the audit")
    log = srv.log()
    c.check(PASSWORD not in log and "a-new-password" not in log, "no password in the log")


def secure_cookie(c):
    """Behind https the session cookie is Secure."""
    cfg = config()
    cfg["public_url"] = "https://flexhours.example.gov.tw"
    srv = fhtest.Server(cfg)
    try:
        out = cli(srv, "user", "add", "chen", "--name", "陳", "--role", "manager", "--offices",
                  OFFICE, stdin=PASSWORD + "\n")
        c.eq(out.returncode, 0, "user add (https site)")
        srv.start()
        b = Browser(srv)
        st, _, _ = b.signin("chen", PASSWORD)
        attrs = [a.strip() for a in (b.set_cookie or "").split(";")]
        c.check(st == 303 and "Secure" in attrs, "behind https the cookie is Secure: %r" % attrs)
    finally:
        srv.cleanup()


if __name__ == "__main__":
    c = Counting()
    try:
        main(c)
    except fhtest.Failure as e:
        print("FAIL:", e)
        sys.exit(1)
    fhtest.check_answers(c)
    sys.exit(c.finish())
