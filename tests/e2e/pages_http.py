"""pages_http.py: the citizens' pages over plain HTTP, for what a browser test
cannot easily see: which face answers an unknown address (HTML or JSON, in
which language), the headers of every page, the static files' caching, the
language choice and its cookie, the form tokens (403, 415), a cancel, a move
and a double press of "book this time" through the forms, the API's messages in
zh-TW and a couple's booking through the API, odd query strings, "find my
booking" (one answer for a wrong half, 429 when hammered), and that no page
shows a whole national ID.

Two servers: the first without rate limits (as every test's); the
second limits to a burst of 2 (the 429 of "find my booking") and has
an https public_url (its cookies must then be Secure).

A check that fails because the product is wrong stays as it is: the failure
message says what a person would meet."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import json
import os
import re
import socket
import threading
import time
import urllib.parse

import fhtest
from fhtest import OFFICE, booking, national_id

TUE = "2026-03-03T%s:00+08:00"
WED = "2026-03-04T%s:00+08:00"
THU = "2026-03-05T%s:00+08:00"
FRI = "2026-03-06T%s:00+08:00"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
WEIGHT_LIMIT = 30 * 1024
CJK = re.compile("[\u4e00-\u9fff]")


# ---- talking HTTP -------------------------------------------------------------------


class Answer:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path = method, path
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def header(self, name):
        return self.headers.get(name)

    def cookies(self):
        """Set-Cookie by name: (value, {attribute lower-cased: value or True})."""
        out = {}
        for line in self.headers.get_all("Set-Cookie") or []:
            parts = [p.strip() for p in line.split(";")]
            name, _, value = parts[0].partition("=")
            attrs = {}
            for p in parts[1:]:
                k, eq, v = p.partition("=")
                attrs[k.strip().lower()] = v if eq else True
            out[name] = (value, attrs)
        return out

    def __repr__(self):
        return "%s %s -> %d %r" % (self.method, self.path, self.status, self.body[:300])


def fetch(srv, method, path, body=None, headers=None):
    conn = srv.connection(timeout=30)
    try:
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            body = body.encode()
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Answer(method, path, resp.status, resp.msg, resp.read())
    finally:
        conn.close()


def raw_exchange(srv, request):
    """The bytes the server sends back for one request on its own connection
    (Connection: close), split into head and body."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=15) as s:
        s.sendall(request.encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def form(**fields):
    return urllib.parse.urlencode(fields)


def csrf_of(ans):
    m = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', ans.text)
    return m.group(1) if m else None


def html_lang(ans):
    m = re.search(r'<html lang="([^"]*)"', ans.text)
    return m.group(1) if m else None


def h1_of(ans):
    m = re.search(r"<h1[^>]*>(.*?)</h1>", ans.text, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)) if m else ""


def main_text(ans):
    """The words of the page's <main>, tags dropped: what a person reads."""
    m = re.search(r"<main[^>]*>(.*?)</main>", ans.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1) if m else ans.text).split())


def summary_block(ans):
    m = re.search(r'<div class="fh-error-summary".*?</div>', ans.text, re.S)
    return m.group(0) if m else None


def api_book(srv, body, headers=None):
    a = fetch(srv, "POST", "/api/v1/bookings", body,
              {"Content-Type": "application/json", **(headers or {})})
    return a.status, a.json() or {}


def api_get(srv, code):
    a = fetch(srv, "GET", "/api/v1/bookings/" + code, headers=srv.manager())
    return a.json() or {}


def remaining(srv, service, start):
    path = "/api/v1/offices/%s/slots?service=%s&from=%s&to=%s" % (
        OFFICE, service, start[:10], start[:10])
    for s in (fetch(srv, "GET", path).json() or {}).get("slots", []):
        if s["start"] == start:
            return s["remaining"]
    return None


def day_list(srv, day):
    a = fetch(srv, "GET", "/api/v1/offices/%s/bookings?date=%s" % (OFFICE, day),
              headers=srv.manager())
    return [b for w in (a.json() or {}).get("windows", []) for b in w["bookings"]]


def outbox_api(srv):
    a = fetch(srv, "GET", "/api/v1/outbox?limit=1000", headers=srv.manager())
    return a.json() if a.status == 200 else []


def outbox_file(srv):
    """(channel, kind, code) of each message the worker wrote to the outbox
    file (no SMTP server or SMS gateway is configured)."""
    path = os.path.join(srv.dir, "outbox.log")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        data = f.read()
    out = []
    for chunk in re.split(r"^==== ", data, flags=re.M)[1:]:
        head = chunk.partition("\n")[0].split()
        # ==== STAMP CHANNEL #ID KIND CODE to ADDRESS
        if len(head) >= 5:
            out.append((head[1], head[3], head[4]))
    return out


def find_key(c, srv, code, nid, what):
    """The manage page's address (/b/CODE?k=KEY) through "find my booking"."""
    page = fetch(srv, "GET", "/find")
    a = fetch(srv, "POST", "/find", form(csrf=csrf_of(page) or "", code=code, national_id=nid),
              FORM)
    loc = a.header("Location") or ""
    c.check(a.status == 303 and loc.startswith("/b/%s?k=" % code),
            "%s: find my booking with the right code and ID: %r" % (what, a))
    return loc


# ---- 2. what every page must be: headers, no inline code, weight ----------------------


class Pages:
    """Every HTML answer seen, checked for its headers and body as it comes;
    the 200 pages also for their weight with the stylesheet and the icon."""

    def __init__(self, c):
        self.c = c
        self.count = 0
        self.static_bytes = None

    def check(self, what, ans):
        c = self.c
        self.count += 1
        ctype = ans.header("Content-Type") or ""
        c.check(ctype.startswith("text/html"), "%s: an HTML page, got %r" % (what, ctype))
        csp = ans.header("Content-Security-Policy") or ""
        directives = {}
        for d in csp.split(";"):
            words = d.split()
            if words:
                directives[words[0].lower()] = words[1:]
        c.check("'self'" in directives.get("default-src", []),
                "%s: CSP default-src 'self' (a page may load only its own files): %r" % (what, csp))
        c.eq(directives.get("frame-ancestors"), ["'none'"],
             "%s: CSP frame-ancestors 'none' (no framing, no clickjacking)" % what)
        c.check("'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp,
                "%s: CSP allows inline code: %r" % (what, csp))
        c.eq(ans.header("X-Content-Type-Options"), "nosniff", what + ": X-Content-Type-Options")
        c.eq(ans.header("Referrer-Policy"), "no-referrer",
             what + ": Referrer-Policy (a page's address may hold its key)")
        c.eq(ans.header("Cache-Control"), "no-store",
             what + ": Cache-Control (a page may show a person's booking)")
        body = ans.text
        for pattern, name in ((r"<script", "<script"), (r"<style", "<style"),
                              (r"<[a-zA-Z][^>]*\sstyle\s*=", "a style= attribute"),
                              (r"<[a-zA-Z][^>]*\son[a-z]+\s*=", "an on...= handler")):
            m = re.search(pattern, body, re.I)
            c.check(m is None, "%s: inline %s in the page (the CSP would block it): %r"
                    % (what, name, body[max(0, m.start() - 80):m.end() + 80] if m else ""))
        if ans.status == 200 and self.static_bytes is not None:
            total = len(ans.body) + self.static_bytes
            c.check(total < WEIGHT_LIMIT, "%s: page, stylesheet and icon weigh %d bytes, over %d"
                    % (what, total, WEIGHT_LIMIT))

    def get(self, srv, what, path, headers=None, status=200):
        a = fetch(srv, "GET", path, headers=headers)
        self.c.eq(a.status, status, "%s: GET %s" % (what, path))
        self.check(what, a)
        return a


# ---- 1. faces ----------------------------------------------------------------------------


def faces(c, srv, pages):
    for path in ("/nope", "/o/nowhere", "/o/taichung-south/book/nowhere"):
        for headers, lang in (({}, "zh-Hant-TW"), (EN, "en"),
                              ({"Accept-Language": "zh-TW,zh;q=0.9"}, "zh-Hant-TW")):
            a = pages.get(srv, "404 page of %s in %s" % (path, lang), path, headers, status=404)
            c.eq(html_lang(a), lang, "%s with %r: the page's language" % (path, headers))
            h1 = h1_of(a)
            if lang == "en":
                c.check(h1 and not CJK.search(h1), "%s in English: heading %r" % (path, h1))
            else:
                c.check(CJK.search(h1), "%s in zh-TW: heading %r" % (path, h1))
            c.check('href="/"' in a.text, "%s: the 404 page links home" % path)

    a = fetch(srv, "GET", "/api/v1/nope")
    c.eq(a.status, 404, "GET /api/v1/nope")
    c.check((a.header("Content-Type") or "").startswith("application/json"),
            "an unknown API address answers JSON, got %r" % a.header("Content-Type"))
    err = (a.json() or {}).get("error") or {}
    c.eq(err.get("code"), "not_found", "unknown API address: error code")
    c.check(isinstance(err.get("message"), str) and err["message"],
            "unknown API address: a message")
    a = fetch(srv, "GET", "/api/v1/nope", headers=EN)
    c.check((a.header("Content-Type") or "").startswith("application/json"),
            "an English-speaking client still gets JSON from the API")

    a = fetch(srv, "DELETE", "/find")
    c.eq(a.status, 405, "DELETE /find")
    pages.check("405 page", a)
    allow = [m.strip() for m in (a.header("Allow") or "").split(",")]
    c.check("GET" in allow and "POST" in allow and "DELETE" not in allow,
            "405 Allow names what /find takes: %r" % a.header("Allow"))
    c.eq(html_lang(a), "zh-Hant-TW", "405 page language")

    a = fetch(srv, "DELETE", "/api/v1/offices")
    c.eq(a.status, 405, "DELETE on an API address")
    c.eq(((a.json() or {}).get("error") or {}).get("code"), "method_not_allowed",
         "the API's 405 stays JSON")

    a = fetch(srv, "GET", "/healthz")
    c.eq((a.status, a.json()), (200, {"status": "ok"}), "/healthz is still the API's")
    c.check((a.header("Content-Type") or "").startswith("application/json"),
            "/healthz answers JSON")


# ---- 3. static files ---------------------------------------------------------------------


def static_files(c, srv, pages):
    sizes = 0
    for path, ctype in (("/static/flexhours.css", "text/css"), ("/static/icon.svg",
                                                                 "image/svg+xml")):
        a = fetch(srv, "GET", path)
        c.eq(a.status, 200, "GET " + path)
        c.check((a.header("Content-Type") or "").startswith(ctype),
                "%s: Content-Type %r, expected %s" % (path, a.header("Content-Type"), ctype))
        c.check(len(a.body) > 100, "%s: has content (%d bytes)" % (path, len(a.body)))
        sizes += len(a.body)
        etag = a.header("ETag") or ""
        c.check(re.fullmatch(r'"[^"]+"', etag), "%s: a quoted ETag, got %r" % (path, etag))
        cc = a.header("Cache-Control") or ""
        m = re.search(r"max-age=(\d+)", cc)
        c.check(m and int(m.group(1)) > 0, "%s: Cache-Control with max-age, got %r" % (path, cc))
        c.check("no-store" not in cc, "%s: a static file may be cached: %r" % (path, cc))

        # The browser asks again with the ETag: 304, and not a byte of body.
        head, body = raw_exchange(srv, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                       "If-None-Match: %s\r\nConnection: close\r\n\r\n"
                                  % (path, etag))
        c.check(head.startswith("HTTP/1.1 304"), "%s with If-None-Match: %r" % (path, head[:40]))
        c.eq(body, b"", path + ": the 304 has no body")
        c.check(re.search(r"(?im)^etag: *%s\r?$" % re.escape(etag), head),
                "%s: the 304 repeats the ETag:\n%s" % (path, head))
        a = fetch(srv, "GET", path, headers={"If-None-Match": '"not-this-one"'})
        c.eq((a.status, len(a.body) > 100), (200, True),
             path + ": a stale ETag gets the file again")
    pages.static_bytes = sizes

    home = fetch(srv, "GET", "/")
    m = re.search(r'<link rel="stylesheet" href="(/static/flexhours\.css\?v=[^"]+)">', home.text)
    if c.check(m, "the home page links the stylesheet with its version"):
        href = m.group(1).replace("&amp;", "&")
        a = fetch(srv, "GET", href)
        cc = a.header("Cache-Control") or ""
        age = re.search(r"max-age=(\d+)", cc)
        c.eq(a.status, 200, "GET " + href)
        c.check("immutable" in cc and age and int(age.group(1)) >= 30 * 86400,
                "the versioned stylesheet is kept for good: %r" % cc)
        plain = fetch(srv, "GET", "/static/flexhours.css")
        c.eq(a.body, plain.body, "the versioned stylesheet is the stylesheet")
        c.check("immutable" not in (plain.header("Cache-Control") or ""),
                "the unversioned address is not immutable: %r" % plain.header("Cache-Control"))
        a = fetch(srv, "GET", "/static/flexhours.css?v=0000000000000000")
        c.check("immutable" not in (a.header("Cache-Control") or ""),
                "an old version's address is not kept for good: %r" % a.header("Cache-Control"))
    m = re.search(r'<link rel="icon" href="([^"]+)"', home.text)
    c.check(m and m.group(1).startswith("/static/icon.svg"), "the page's icon is ours")

    a = pages.get(srv, "unknown static file", "/static/x.js", status=404)
    c.check(b"<script" not in a.body and html_lang(a) == "zh-Hant-TW",
            "/static/x.js is the HTML 404 page")
    pages.get(srv, "static folder", "/static/", status=404)


# ---- 4. language -------------------------------------------------------------------------


def language(c, srv, pages):
    a = pages.get(srv, "home ?lang=en", "/?lang=en")
    c.eq(html_lang(a), "en", "?lang=en gives English")
    cookie = a.cookies().get("fh_lang")
    if c.check(cookie, "?lang=en sets the fh_lang cookie: %r" % a.headers.get_all("Set-Cookie")):
        value, attrs = cookie
        c.eq(value, "en", "the fh_lang cookie's value")
        c.check(attrs.get("httponly") is True, "fh_lang is HttpOnly: %r" % attrs)
        c.eq(attrs.get("path"), "/", "fh_lang holds for every page (Path=/)")
        c.check(int(attrs.get("max-age", "0") or 0) > 86400,
                "fh_lang is remembered past this visit: %r" % attrs)

    a = pages.get(srv, "home with fh_lang=en", "/", {"Cookie": "fh_lang=en"})
    c.eq(html_lang(a), "en", "the next page with the cookie and no query is English")
    c.check("fh_lang" not in a.cookies(), "a remembered choice is not set again")
    a = pages.get(srv, "find with fh_lang=en and a zh browser", "/find",
                  {"Cookie": "fh_lang=en", "Accept-Language": "zh-TW,zh;q=0.9"})
    c.eq(html_lang(a), "en", "the choice beats the browser's Accept-Language")
    m = re.search(r'<a class="fh-lang-switch" href="([^"]*)"[^>]*hreflang="([^"]*)"', a.text)
    c.check(m and m.group(1).endswith("lang=zh-TW") and m.group(2) == "zh-Hant-TW",
            "the English page's switch goes to zh-TW: %r" % (m and m.group(0)))

    a = pages.get(srv, "home ?lang=zh-TW", "/?lang=zh-TW", {"Cookie": "fh_lang=en"})
    c.eq(html_lang(a), "zh-Hant-TW", "?lang=zh-TW switches back")
    c.eq((a.cookies().get("fh_lang") or ("",))[0], "zh-TW", "?lang=zh-TW sets the cookie back")
    a = pages.get(srv, "home with fh_lang=zh-TW and an English browser", "/",
                  {"Cookie": "fh_lang=zh-TW", "Accept-Language": "en-US,en;q=0.9"})
    c.eq(html_lang(a), "zh-Hant-TW", "the zh-TW choice sticks over an English browser")

    for al, lang in (("en-US", "en"), ("en-US,en;q=0.9,zh-TW;q=0.8", "en"),
                     ("zh-TW", "zh-Hant-TW"), ("zh-TW,zh;q=0.9,en-US;q=0.8", "zh-Hant-TW"),
                     (None, "zh-Hant-TW")):
        a = pages.get(srv, "home, Accept-Language %r" % al, "/",
                      {"Accept-Language": al} if al else {})
        c.eq(html_lang(a), lang, "first visit with Accept-Language %r" % al)
        c.check("fh_lang" not in a.cookies(), "no cookie is set without a choice (%r)" % al)
    a = pages.get(srv, "home ?lang=fr", "/?lang=fr", EN)
    c.eq(html_lang(a), "en", "?lang=fr is ignored (the browser's language holds)")
    c.check("fh_lang" not in a.cookies(), "?lang=fr sets no cookie")


# ---- 5. forms and their tokens, a cancel -------------------------------------------------


def forms(c, srv, pages):
    req = booking(WED % "09:00", 101, service="id_replacement")
    st, x = api_book(srv, req)
    c.eq(st, 201, "the booking to cancel through the pages")
    code = x.get("code", "")
    manage = find_key(c, srv, code, req["national_id"], "forms")
    key = manage.partition("?k=")[2]
    st, y = api_book(srv, booking(WED % "09:30", 103, service="id_replacement"))
    c.eq(st, 201, "another booking")
    other = find_key(c, srv, y.get("code", "-"), national_id(103), "another booking")
    rows = srv.rows()

    find_page = pages.get(srv, "find page", "/find")
    find_token = csrf_of(find_page)
    c.check(find_token, "the find form carries a csrf token")

    # Without the token, or with a token made for another form: 403, nothing done.
    a = fetch(srv, "POST", "/find", form(code=code, national_id=req["national_id"]), FORM)
    c.eq(a.status, 403, "find without csrf")
    pages.check("403 of find", a)
    c.check(a.header("Location") is None, "find without csrf opens nothing")
    details = "/o/%s/book/details?service=id_replacement&start=%s" % (
        OFFICE, urllib.parse.quote(THU % "09:00", safe=""))
    fields = dict(name="王小明", national_id=national_id(102), phone="0912000102",
                  email="p102@example.com.tw", lang="zh-TW")
    a = fetch(srv, "POST", details, form(**fields), FORM)
    c.eq(a.status, 403, "details without csrf")
    pages.check("403 of details", a)
    c.check("fh_draft" not in a.cookies(), "details without csrf keep no draft")
    a = fetch(srv, "POST", details, form(csrf=find_token, **fields), FORM)
    c.eq(a.status, 403, "details with the find form's token")
    cancel = "/b/%s/cancel?k=%s" % (code, key)
    a = fetch(srv, "POST", cancel, form(csrf=find_token), FORM)
    c.eq(a.status, 403, "cancel with the find form's token")
    pages.check("403 of cancel", a)
    a = fetch(srv, "POST", cancel, "", FORM)
    c.eq(a.status, 403, "cancel without csrf")
    move = "/b/%s/move?k=%s" % (code, key)
    page = pages.get(srv, "cancel page", cancel)
    cancel_token = csrf_of(page)
    a = fetch(srv, "POST", move, form(csrf=cancel_token or "", start=WED % "10:30"), FORM)
    c.eq(a.status, 403, "move with the cancel form's token")
    a = fetch(srv, "POST", other.replace("?k=", "/cancel?k="), form(csrf=cancel_token or ""),
              FORM)
    c.eq(a.status, 403, "cancel of another booking with this one's token")
    c.eq(api_get(srv, y.get("code", "-")).get("status"), "confirmed",
         "the other booking stays confirmed")
    c.eq(api_get(srv, code).get("status"), "confirmed", "a refused cancel leaves it confirmed")
    c.eq(srv.rows(), rows, "the refused forms wrote no booking")

    # Not a form: 415.
    a = fetch(srv, "POST", "/find", {"code": code, "national_id": req["national_id"],
                                     "csrf": find_token}, {"Content-Type": "application/json"})
    c.eq(a.status, 415, "find posted as JSON")
    pages.check("415 of find", a)
    a = fetch(srv, "POST", "/find", "--x\r\n\r\n--x--\r\n",
              {"Content-Type": "multipart/form-data; boundary=x"})
    c.eq(a.status, 415, "find posted as multipart/form-data")
    a = fetch(srv, "POST", details, json.dumps(dict(fields, csrf=find_token)),
              {"Content-Type": "application/json"})
    c.eq(a.status, 415, "details posted as JSON")
    a = fetch(srv, "POST", "/find", form(csrf=find_token, code=code,
                                         national_id=req["national_id"]),
              {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    c.eq((a.status, a.header("Location")), (303, manage),
         "a form with a charset parameter is a form")
    token = cancel_token
    a = fetch(srv, "POST", cancel, json.dumps({"csrf": token}),
              {"Content-Type": "application/json"})
    c.eq(a.status, 415, "cancel posted as JSON")
    c.eq(api_get(srv, code).get("status"), "confirmed", "a JSON cancel leaves it confirmed")

    # The cancel as a person does it: the page, its token, the form.
    c.check(token, "the cancel page carries a csrf token")
    c.check(re.search(r'<form method="post" action="%s"' % re.escape(cancel.replace("&", "&amp;")),
                      page.text), "the cancel form posts to its own address")
    a = fetch(srv, "POST", cancel, form(csrf=token or ""), FORM)
    c.eq(a.status, 303, "cancel through the page")
    c.eq(a.header("Location"), "/b/%s?k=%s&done=cancelled" % (code, key), "cancel: where to")
    c.eq(api_get(srv, code).get("status"), "cancelled", "the API reads it cancelled")
    a = pages.get(srv, "manage page after the cancel", a.header("Location") or "/")
    c.check('class="fh-panel"' in a.text, "the manage page confirms the cancel")
    m = re.search(r'id="booking-status">([^<]*)<', a.text)
    c.check(m and "取消" in m.group(1), "the status shows cancelled: %r" % (m and m.group(1)))

    # Pressed again (a reload, a second tab): no harm.
    a = fetch(srv, "POST", cancel, form(csrf=token or ""), FORM)
    c.check(a.status < 500, "cancel posted again: %r" % a)
    c.check(a.status in (303, 409), "cancel posted again answers a redirect or a page: %r" % a)
    c.eq(api_get(srv, code).get("status"), "cancelled", "still cancelled")
    queued = [m for m in outbox_api(srv)
              if m["booking"] == code and m["kind"] == "cancelled" and m["channel"] == "email"]
    c.eq(len(queued), 1, "one cancellation e-mail queued for %s" % code)
    deadline = time.monotonic() + 8
    while True:
        sent = [m for m in outbox_file(srv) if m == ("email", "cancelled", code)]
        busy = [m for m in outbox_api(srv) if m["booking"] == code
                and m["kind"] == "cancelled" and m["status"] == "queued"]
        if (sent and not busy) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    c.eq(len(sent), 1, "the outbox file holds one cancellation e-mail for %s" % code)


def sent_when_done(srv, code, kind, timeout=8):
    """The e-mails of a kind that the worker wrote to the outbox file for a
    booking, once none of that kind is queued any more (and at least one was
    written, or the time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        sent = [m for m in outbox_file(srv) if m == ("email", kind, code)]
        busy = [m for m in outbox_api(srv) if m["booking"] == code and m["kind"] == kind
                and m["status"] == "queued"]
        if (sent and not busy) or time.monotonic() > deadline:
            return sent
        time.sleep(0.05)


def move_again(c, srv, pages):
    """"Move here" sent a second time (a reload that posts the form again,
    once the first e-mail has gone): the booking stays where it went, and
    the person hears of the move once."""
    req = booking(WED % "11:30", 104, service="id_replacement")
    st, x = api_book(srv, req)
    c.eq(st, 201, "the booking to move")
    code = x.get("code", "-")
    manage = find_key(c, srv, code, req["national_id"], "move")
    page = pages.get(srv, "move page, times", manage.replace("?k=", "/move?k=") +
                     "&day=2026-03-04")
    action = re.search(r'<form method="post" action="([^"]+)"', page.text)
    action = action.group(1).replace("&amp;", "&") if action else "/"
    body = form(csrf=csrf_of(page) or "", day="2026-03-04", start=WED % "14:30")
    a = fetch(srv, "POST", action, body, FORM)
    c.eq((a.status, a.header("Location")), (303, manage + "&done=moved"), "move here")
    c.eq(len(sent_when_done(srv, code, "rescheduled")), 1, "the move is told by e-mail")
    a = fetch(srv, "POST", action, body, FORM)
    c.check(a.status < 500, "move here posted again: %r" % a)
    got = api_get(srv, code)
    c.eq((got.get("start"), got.get("status")), (WED % "14:30", "confirmed"),
         "after the second post the booking is where it was moved")
    c.eq(len(sent_when_done(srv, code, "rescheduled")), 1,
         "move here posted again: one 'your booking moved' e-mail for one move")


# ---- 6. the booking flow, and a double press ---------------------------------------------


def details_to_check(c, srv, pages, service, start, fields, what):
    """The details form filled in and sent: the check page's address and the
    draft cookie."""
    details = "/o/%s/book/details?service=%s&start=%s" % (
        OFFICE, service, urllib.parse.quote(start, safe=""))
    page = pages.get(srv, what + ": details page", details)
    token = csrf_of(page)
    c.check(token, what + ": the details form carries a csrf token")
    a = fetch(srv, "POST", details, form(csrf=token or "", **fields), FORM)
    c.eq(a.status, 303, what + ": details sent")
    loc = a.header("Location") or ""
    path, _, query = loc.partition("?")
    q = urllib.parse.parse_qs(query)
    c.eq((path, q.get("service"), q.get("start")),
         ("/o/%s/book/check" % OFFICE, [service], [start]), what + ": on to the check page")
    draft = a.cookies().get("fh_draft")
    if c.check(draft, what + ": the details ride in the fh_draft cookie"):
        c.check(draft[1].get("httponly") is True, what + ": fh_draft is HttpOnly")
        for v in fields.values():
            if len(v) >= 6:
                c.check(v not in urllib.parse.unquote(draft[0]) and v not in loc,
                        what + ": %r shows in the cookie or the address" % v)
    return loc, (draft or ("",))[0]


def double_press(c, srv, pages):
    start = TUE % "12:00"
    holder, partner = national_id(201), national_id(202, letter="B", sex="2")
    fields = dict(name="林大同", national_id=holder, partner_name="陳美麗",
                  partner_national_id=partner, phone="0912000201",
                  email="p201@example.com.tw", lang="zh-TW")
    loc, draft = details_to_check(c, srv, pages, "marriage", start, fields, "double press")
    cookie = {"Cookie": "fh_draft=" + draft}
    page = pages.get(srv, "check page", loc, cookie)
    for nid in (holder, partner):
        c.check(nid not in page.text and nid.lower() not in page.text.lower(),
                "the check page shows a whole national ID %s" % nid)
    c.check("林大同" in page.text and "陳美麗" in page.text, "the check page shows both names")
    token = csrf_of(page)
    c.check(re.search(r'<form method="post" action="%s"' % re.escape(loc.replace("&", "&amp;")),
                      page.text), "the check form posts to its own address")
    before_rows, before_left = srv.rows(), remaining(srv, "marriage", start)

    body = form(csrf=token or "")
    headers = dict(FORM, **cookie)
    first = fetch(srv, "POST", loc, body, headers)
    second = fetch(srv, "POST", loc, body, headers)
    m = re.fullmatch(r"/b/([A-Z0-9]+)\?k=([^&]+)&done=booked", first.header("Location") or "")
    c.check(first.status == 303 and m, "book this time: %r %r" % (first, first.header("Location")))
    c.eq((second.status, second.header("Location")), (303, first.header("Location")),
         "book this time pressed again: the same booking")
    c.eq(srv.rows(), before_rows + 1, "two presses wrote one booking")
    c.eq(remaining(srv, "marriage", start), before_left - 1, "two presses took one place")
    mine = [b for b in day_list(srv, "2026-03-03") if b["name"] == "林大同"]
    c.eq(len(mine), 1, "the manager's day list holds the person once")
    if not m:
        return
    code, key = m.group(1), m.group(2)
    got = api_get(srv, code)
    c.eq((got.get("service"), got.get("start"), got.get("partner_name")),
         ("marriage", start, "陳美麗"), "the booking as the API reads it")
    dropped = first.cookies().get("fh_draft")
    c.check(dropped and dropped[0] == "" and dropped[1].get("max-age") == "0",
            "the booked draft is dropped from the browser: %r" % (dropped,))

    manage = pages.get(srv, "manage page", first.header("Location"))
    c.check('id="booking-code">%s<' % code in manage.text, "the manage page names the code")
    c.check('class="fh-panel"' in manage.text, "the manage page confirms the booking")
    for nid in (holder, partner):
        c.check(nid not in manage.text and nid[1:] not in manage.text,
                "the manage page shows a whole national ID %s" % nid)
    for suffix in ("/cancel", "/move"):
        a = pages.get(srv, "manage %s page" % suffix, "/b/%s%s?k=%s" % (code, suffix, key))
        for nid in (holder, partner):
            c.check(nid not in a.text, "the %s page shows a whole national ID" % suffix)
    a = fetch(srv, "GET", "/b/%s/invite.ics?k=%s" % (code, key))
    c.check(a.status == 200 and (a.header("Content-Type") or "").startswith("text/calendar"),
            "the manage page's calendar file: %r" % a)
    for nid in (holder, partner):
        c.check(nid not in a.text and nid[1:] not in a.text,
                "the calendar file holds a whole national ID %s" % nid)
    a = pages.get(srv, "manage page in English", "/b/%s?k=%s" % (code, key), EN)
    c.eq(html_lang(a), "en", "the manage page follows the browser's language")
    pages.get(srv, "manage page with a wrong key", "/b/%s?k=%s" % (code, "A" * len(key)),
              status=404)

    # The same booking found with either spouse's ID.
    loc = find_key(c, srv, code, partner, "the partner's ID")
    c.eq(loc, "/b/%s?k=%s" % (code, key), "the partner's ID finds the couple's booking")

    # A real double press: two connections, one token, sent together.
    fields = dict(name="張志明", national_id=national_id(203), phone="0912000203",
                  email="p203@example.com.tw", lang="en")
    start = TUE % "17:30"
    loc, draft = details_to_check(c, srv, pages, "id_replacement", start, fields, "race")
    headers = dict(FORM, Cookie="fh_draft=" + draft)
    page = fetch(srv, "GET", loc, headers={"Cookie": "fh_draft=" + draft})
    body = form(csrf=csrf_of(page) or "")
    before_rows = srv.rows()
    answers = [None] * 3
    conns = [srv.connection() for _ in answers]
    gate = threading.Barrier(len(answers))

    def press(i):
        try:
            gate.wait()
            conns[i].request("POST", loc, body=body, headers=headers)
            r = conns[i].getresponse()
            answers[i] = (r.status, r.getheader("Location"), r.read())
        except Exception as e:  # reported below
            answers[i] = (0, repr(e), b"")
        finally:
            conns[i].close()

    threads = [threading.Thread(target=press, args=(i,)) for i in range(len(answers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    locs = {a[1] for a in answers}
    c.check(all(a[0] == 303 for a in answers) and len(locs) == 1,
            "three presses at once: one redirect for all, got %r" % answers)
    c.check(re.fullmatch(r"/b/[A-Z0-9]+\?k=[^&]+&done=booked", next(iter(locs)) or ""),
            "three presses at once land on the booking: %r" % locs)
    c.eq(srv.rows(), before_rows + 1, "three presses at once wrote one booking")
    c.eq(len([b for b in day_list(srv, "2026-03-03") if b["name"] == "張志明"]), 1,
         "the day list holds that person once")

    # Two people on the same time: one press each, two bookings. Their check
    # pages are made in the same second (the clock is pinned here; in a rush
    # at opening time it happens for real).
    start = WED % "14:00"
    ready = []
    for n in (611, 612):
        fields = dict(name="人%d" % n, national_id=national_id(n), phone="0912000%03d" % n,
                      lang="zh-TW")
        loc, draft = details_to_check(c, srv, pages, "id_replacement", start, fields,
                                      "person %d" % n)
        page = fetch(srv, "GET", loc, headers={"Cookie": "fh_draft=" + draft})
        ready.append((loc, draft, csrf_of(page) or ""))
    before_rows = srv.rows()
    got = []
    for loc, draft, token in ready:
        a = fetch(srv, "POST", loc, form(csrf=token), dict(FORM, Cookie="fh_draft=" + draft))
        got.append((a.status, a.header("Location") or "", main_text(a)))
    c.check(all(st == 303 and re.fullmatch(r"/b/[A-Z0-9]+\?k=[^&]+&done=booked", where)
                for st, where, _ in got) and got[0][1] != got[1][1],
            "two people booking the same time each get their own booking: %r" % got)
    c.eq(srv.rows(), before_rows + 2, "two people, two bookings")

    # A check page's token books its own time only.
    other = TUE % "14:00"
    fields = dict(name="人613", national_id=national_id(613), phone="0912000613", lang="zh-TW")
    loc_a, draft = details_to_check(c, srv, pages, "id_replacement", other, fields, "person 613")
    page = fetch(srv, "GET", loc_a, headers={"Cookie": "fh_draft=" + draft})
    token = csrf_of(page) or ""
    loc_b = loc_a.replace(urllib.parse.quote(other, safe=""), urllib.parse.quote(
        TUE % "14:30", safe=""))
    before_rows = srv.rows()
    a = fetch(srv, "POST", loc_b, form(csrf=token), dict(FORM, Cookie="fh_draft=" + draft))
    c.eq(a.status, 403, "a check page's token posted to another time")
    c.eq(srv.rows(), before_rows, "that post booked nothing")


# ---- 7. the API's language, couples ------------------------------------------------------


def api_language_and_partner(c, srv):
    bad = booking(THU % "10:00", 300, service="id_replacement", national_id="A123456788")
    rows = srv.rows()
    for headers, words, other in (({"Accept-Language": "zh-TW"}, "檢查碼不符",
                                   "check digit does not match"),
                                  ({"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.8"}, "檢查碼不符",
                                   "check digit does not match"),
                                  ({"Accept-Language": "en"}, "check digit does not match",
                                   "檢查碼不符"),
                                  ({}, "check digit does not match", "檢查碼不符")):
        st, body = api_book(srv, bad, headers)
        err = body.get("error") or {}
        c.eq((st, err.get("code"), err.get("field")), (422, "invalid_field", "national_id"),
             "bad check digit with %r" % headers)
        msg = err.get("message") or ""
        c.check(words in msg and other not in msg,
                "bad check digit with %r: message %r should say %r" % (headers, msg, words))
    c.eq(srv.rows(), rows, "the refused bookings wrote nothing")

    for n, lang, at in ((301, "zh-tw", "10:00"), (302, "zh", "10:00"), (303, "zh-TW", "10:00"),
                        (304, "en", "10:30")):
        st, body = api_book(srv, booking(THU % at, n, service="id_replacement", lang=lang))
        c.eq(st, 201, "lang %r is accepted" % lang)
        got = api_get(srv, body.get("code", "-"))
        c.eq(got.get("lang"), "en" if lang == "en" else "zh-TW", "lang %r reads back" % lang)
    for lang in ("fr", "zh-CN", "EN", ""):
        st, body = api_book(srv, booking(THU % "11:00", 305, service="id_replacement",
                                         lang=lang))
        c.eq((st, (body.get("error") or {}).get("field")), (422, "lang"),
             "lang %r is refused" % lang)

    # A couple: one booking, one place, the partner's ID masked.
    start = THU % "14:00"
    a_id, b_id = national_id(311), national_id(312, letter="F", sex="2")
    left = remaining(srv, "marriage", start)
    st, body = api_book(srv, booking(start, 311, partner_name="配偶 乙",
                                     partner_national_id=b_id))
    c.eq(st, 201, "a marriage booking naming the partner")
    c.eq(remaining(srv, "marriage", start), left - 1, "a couple takes one place")
    a = fetch(srv, "GET", "/api/v1/bookings/" + body.get("code", "-"),
              headers={"X-Manage-Token": body.get("manage_token", "-")})
    got = a.json() or {}
    c.eq(got.get("partner_name"), "配偶 乙", "the partner's name reads back")
    masked = got.get("partner_national_id_masked") or ""
    c.check(len(masked) == 10 and masked.count("*") >= 4 and masked[:1] == b_id[:1]
            and masked[-3:] == b_id[-3:], "the partner's ID masked, got %r" % masked)
    c.check(b_id not in a.text and a_id not in a.text and b_id[1:] not in a.text,
            "a booking read back holds a whole national ID: %s" % a.text)
    c.check("partner_national_id" not in got, "no unmasked partner field: %r" % sorted(got))

    # The partner, holder of their own booking: refused as the holder.
    rows = srv.rows()
    st, body = api_book(srv, booking(FRI % "10:00", 312, national_id=b_id))
    err = body.get("error") or {}
    c.eq((st, err.get("code")), (409, "duplicate_booking"),
         "the partner books a marriage in their own name")
    c.check(err.get("field") in (None, "national_id"),
            "that refusal is about the holder's own ID, field %r" % err.get("field"))
    c.check("partner" not in (err.get("message") or "").lower(),
            "the holder is not told it is their partner's: %r" % err.get("message"))
    # Someone naming the holder of an active marriage booking as partner.
    st, body = api_book(srv, booking(FRI % "10:00", 313, partner_name="配偶 甲",
                                     partner_national_id=a_id),
                        {"Accept-Language": "zh-TW"})
    err = body.get("error") or {}
    c.eq((st, err.get("code"), err.get("field")), (409, "duplicate_booking",
                                                   "partner_national_id"),
         "naming a partner who holds a marriage booking")
    c.check("另一半" in (err.get("message") or ""),
            "the refusal says it is the partner's (in zh-TW): %r" % err.get("message"))
    c.eq(srv.rows(), rows, "the refused couples wrote nothing")

    st, body = api_book(srv, booking(FRI % "11:00", 314, service="id_replacement",
                                     partner_name="配偶", partner_national_id=national_id(315)))
    err = body.get("error") or {}
    c.check(st == 422 and err.get("code") == "invalid_field"
            and (err.get("field") or "").startswith("partner_"),
            "a partner on id_replacement: %d %r" % (st, err))
    st, body = api_book(srv, booking(FRI % "11:00", 316, service="id_replacement",
                                     partner_national_id=national_id(317)))
    c.eq((st, (body.get("error") or {}).get("field")), (422, "partner_national_id"),
         "a partner's ID alone on id_replacement")
    st, body = api_book(srv, booking(FRI % "11:00", 318, partner_name="同一人",
                                     partner_national_id=national_id(318)))
    c.eq((st, (body.get("error") or {}).get("field")), (422, "partner_national_id"),
         "the partner's ID is the holder's")
    st, body = api_book(srv, booking(FRI % "11:00", 319, partner_name="同一人",
                                     partner_national_id=national_id(319).lower()))
    c.eq((st, (body.get("error") or {}).get("field")), (422, "partner_national_id"),
         "the partner's ID is the holder's, in small letters")
    c.eq(srv.rows(), rows, "the refused partners wrote nothing")


def spaced_phone(c, srv, pages):
    """A phone number typed with spaces between its digits is taken (spaces
    and hyphens between digits are ignored); however many there are, the
    person either reaches the check page with the details kept or is told
    on the form what is wrong, never sent back to an empty form."""
    start = THU % "15:00"
    details = "/o/%s/book/details?service=id_replacement&start=%s" % (
        OFFICE, urllib.parse.quote(start, safe=""))
    for phone in ("0912 345 678", "09" + " " * 1500 + "12345678"):
        page = fetch(srv, "GET", details)
        fields = dict(name="空白先生", national_id=national_id(701), phone=phone, lang="zh-TW")
        a = fetch(srv, "POST", details, form(csrf=csrf_of(page) or "", **fields), FORM)
        what = "a phone of %d characters" % len(phone)
        if a.status == 422:
            c.check('class="fh-error-summary"' in a.text and 'href="#phone"' in a.text,
                    what + ": refused with a message on the phone field")
            continue
        c.eq(a.status, 303, what + ": the details form")
        draft = (a.cookies().get("fh_draft") or ("",))[0]
        b = fetch(srv, "GET", a.header("Location") or "/", headers={"Cookie": "fh_draft=" + draft})
        c.check(b.status == 200 and "空白先生" in b.text,
                "%s: the check page shows the details, got %d to %r (the details typed are lost)"
                % (what, b.status, b.header("Location")))


# ---- 8. odd query strings ----------------------------------------------------------------


def robustness(c, srv):
    probes = [
        ("GET", "/api/v1/offices?%ff=1", None, {}),
        ("GET", "/o/taichung-south/book/day?%ff=1&service=marriage", None, {}),
        ("GET", "/o/taichung-south/book/day?service=%ff&month=%ff", None, {}),
        ("GET", "/o/taichung-south/book/time?service=marriage&day=%ff%fe", None, {}),
        ("GET", "/o/taichung-south/book/details?service=marriage&start=%ff", None, {}),
        ("GET", "/o/taichung-south/book/check?service=marriage&start=" +
         urllib.parse.quote(TUE % "12:00", safe=""), None, {"Cookie": "fh_draft=%%%ff"}),
        ("GET", "/?lang=%ff", None, {"Cookie": "fh_lang=%ff"}),
        ("GET", "/b/%ff?k=%ff", None, {}),
        ("GET", "/o/%ff", None, {}),
        ("GET", "/find?" + "a=1&" * 200, None, {}),
        ("POST", "/find", "%ff=%ff&csrf=%ff&code=%ff&national_id=%ff", FORM),
        ("POST", "/find", "csrf=" + "9" * 40 + "." + "0" * 64, FORM),
        ("POST", "/find", "&&&===&csrf", FORM),
    ]
    for method, path, body, headers in probes:
        try:
            a = fetch(srv, method, path, body, headers)
        except OSError as e:
            c.check(False, "%s %s: no answer (%s)" % (method, path, e))
            continue
        c.check(a.status < 500, "%s %s: %r" % (method, path, a))
        try:
            a.body.decode("utf-8")
        except UnicodeDecodeError:
            c.check(False, "%s %s: the answer is not UTF-8: %r" % (method, path, a))
        if path.startswith("/api/"):
            c.check(a.json() is not None, "%s %s: the API's answer is JSON: %r"
                    % (method, path, a))
    a = fetch(srv, "GET", "/healthz")
    c.eq(a.status, 200, "/healthz after the odd queries")


# ---- 9. find my booking ------------------------------------------------------------------


def find_booking(c, srv, pages):
    req = booking(WED % "10:00", 401, service="household_transcript")
    st, x = api_book(srv, req)
    c.eq(st, 201, "the booking to find")
    code = x.get("code", "ZZZZZZZZ")
    loc = find_key(c, srv, code, req["national_id"], "find")
    m = re.fullmatch(r"/b/%s\?k=([^&]+)" % code, loc)
    c.check(m, "find: the manage page's address, got %r" % loc)
    if m:
        pages.get(srv, "manage page found", loc)
    # As people type it: small letters, a hyphen, spaces.
    page = fetch(srv, "GET", "/find")
    typed = " %s-%s " % (code[:4].lower(), code[4:].lower())
    a = fetch(srv, "POST", "/find", form(csrf=csrf_of(page) or "", code=typed,
                                         national_id=req["national_id"].lower()), FORM)
    c.eq((a.status, a.header("Location")), (303, loc), "find with the code as typed %r" % typed)

    other = national_id(402)
    unknown = ("2" if code[0] != "2" else "3") + code[1:]
    wrong = []
    for what, cd, nid in (("wrong ID", code, other), ("unknown code", unknown,
                                                      req["national_id"])):
        a = fetch(srv, "POST", "/find", form(csrf=csrf_of(page) or "", code=cd, national_id=nid),
                  FORM)
        c.eq(a.status, 422, "find with a " + what)
        pages.check("find with a " + what, a)
        c.check(a.header("Location") is None, "find with a %s opens nothing" % what)
        c.check(nid not in a.text, "find with a %s shows the ID typed" % what)
        wrong.append(summary_block(a))
    c.check(wrong[0] is not None and 'href="#code"' in (wrong[0] or ""),
            "a wrong pair gets an error summary: %r" % wrong[0])
    c.eq(wrong[0], wrong[1], "a wrong ID and an unknown code get the same words")


def find_rate_limit(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["rate_limit"] = {"per_minute": 2, "burst": 2}
    cfg["public_url"] = "https://booking.example.gov.tw"  # behind an HTTPS proxy
    srv = fhtest.Server(cfg).start()
    try:
        a = fetch(srv, "GET", "/?lang=en")
        c.check((a.cookies().get("fh_lang") or ("", {}))[1].get("secure") is True,
                "served over HTTPS, the language cookie is Secure: %r"
                % a.headers.get_all("Set-Cookie"))
        details = "/o/%s/book/details?service=id_replacement&start=%s" % (
            OFFICE, urllib.parse.quote(THU % "09:00", safe=""))
        page = fetch(srv, "GET", details)
        a = fetch(srv, "POST", details, form(csrf=csrf_of(page) or "", name="安全", lang="en",
                                             national_id=national_id(801), phone="0912000801"),
                  FORM)
        draft = a.cookies().get("fh_draft")
        c.check(a.status == 303 and draft and draft[1].get("secure") is True
                and draft[1].get("samesite", "").lower() == "strict",
                "served over HTTPS, the details cookie is Secure and SameSite=Strict: %r"
                % a.headers.get_all("Set-Cookie"))
        page = fetch(srv, "GET", "/find")
        token = csrf_of(page) or ""
        got = []
        for i in range(3):
            a = fetch(srv, "POST", "/find", form(csrf=token, code="ABCD2345",
                                                 national_id=national_id(500 + i)), FORM)
            got.append(a)
        c.eq([a.status for a in got[:2]], [422, 422], "two quick finds are answered")
        a = got[2]
        c.eq(a.status, 429, "the third quick find")
        ra = a.header("Retry-After") or ""
        c.check(ra.isdigit() and int(ra) >= 1, "429 says when to try again: %r" % ra)
        c.check((a.header("Content-Type") or "").startswith("text/html")
                and html_lang(a) == "zh-Hant-TW", "the 429 is a page in zh-TW")
        c.check(a.header("Location") is None, "the 429 opens nothing")
        a = fetch(srv, "GET", "/find")
        c.eq(a.status, 200, "reading the find page is not limited")
        c.eq(srv.stop(), 0, "the second server's exit status after SIGTERM")
    finally:
        srv.cleanup()


# ---- all of it ---------------------------------------------------------------------------


def main(c):
    started = time.monotonic()
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["notifier"] = {"poll_ms": 100}
    srv = fhtest.Server(cfg)
    pages = Pages(c)
    try:
        srv.start()
        static_files(c, srv, pages)  # first: the weight of pages needs their sizes
        faces(c, srv, pages)
        for what, path in (("home", "/"), ("office", "/o/%s" % OFFICE),
                           ("service", "/o/%s/book" % OFFICE),
                           ("day", "/o/%s/book/day?service=marriage" % OFFICE),
                           ("time", "/o/%s/book/time?service=marriage&day=2026-03-07" % OFFICE),
                           ("weekday time",
                            "/o/%s/book/time?service=id_replacement&day=2026-03-03" % OFFICE),
                           ("find", "/find")):
            pages.get(srv, what + " page", path)
            pages.get(srv, what + " page in English", path, EN)
        language(c, srv, pages)
        forms(c, srv, pages)
        move_again(c, srv, pages)
        double_press(c, srv, pages)
        api_language_and_partner(c, srv)
        spaced_phone(c, srv, pages)
        robustness(c, srv)
        find_booking(c, srv, pages)
        c.check(pages.count >= 40, "pages checked: %d" % pages.count)
        status = srv.stop()
        c.eq(status, 0, "exit status after SIGTERM")
        said = [line for line in srv.log().splitlines() if " level=info " not in line]
        if c.failures and said:  # what the server said besides its access log
            print("\n".join(said[-40:]))
    finally:
        srv.cleanup()
    find_rate_limit(c)
    print("took %.1f s" % (time.monotonic() - started))


fhtest.run(main)
