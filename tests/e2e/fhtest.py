"""fhtest.py: helpers for the end-to-end tests of the HTTP API (standard
library only). Starts the real flexhours binary on a free loopback port with
a test configuration, a pinned clock and a scratch database, and talks
HTTP/JSON to it. Not a test itself; the tests import it."""

import hashlib
import http.client
import json
import re
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

MANAGER_TOKEN = "test-manager-token"
# A Monday: no national holiday near it, the default day rule applies.
NOW = "2026-03-02T10:00:00+08:00"
OFFICE = "taichung-south"
SKIP = 77

# The letters of national IDs and the numbers they stand for in the check
# digit: the Ministry of the Interior's assignment, written out from it (the
# place of first registration), not from validate/val.c.
ID_LETTERS = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17,  # 臺北市..桃園
    "I": 34, "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23,  # 嘉義市..雲林
    "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29,                    # 嘉義縣..臺東
    "W": 32, "X": 30, "Y": 31, "Z": 33,                    # 金門 澎湖 陽明山 連江
}
_LETTERS = sorted(ID_LETTERS)


def national_id(n, letter=None, sex=None):
    """The n-th valid national ID (check digit computed), distinct per n.
    Unless named, the letter goes round all 26 with n, and the sex digit
    alternates (1, 2) every 26, so that every letter of the table is used by
    the tests' people."""
    letter = letter or _LETTERS[n % 26]
    sex = sex or "12"[(n // 26) % 2]
    body = sex + "%07d" % (n % 10_000_000)
    v = ID_LETTERS[letter]
    total = v // 10 + (v % 10) * 9
    for i, d in enumerate(body):
        total += int(d) * (8 - i)
    check = (10 - total % 10) % 10
    return letter + body + str(check)


class Failure(Exception):
    pass


class Checker:
    """Collects failed checks; a test ends with finish()."""

    def __init__(self):
        self.failures = 0

    def check(self, cond, what):
        if not cond:
            self.failures += 1
            print("FAIL:", what, flush=True)
        return cond

    def eq(self, got, want, what):
        return self.check(got == want, "%s: got %r, expected %r" % (what, got, want))

    def finish(self):
        if self.failures:
            print("FAIL (%d)" % self.failures)
            return 1
        print("PASS")
        return 0


def binary():
    b = os.environ.get("FLEXHOURS_BIN")
    if not b or not os.access(b, os.X_OK):
        print("SKIP: FLEXHOURS_BIN is not set to the built binary (run through make check)")
        sys.exit(SKIP)
    return b


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_config(bin_path):
    """The embedded demo configuration as a dict, to adjust per test."""
    out = subprocess.run([bin_path, "demo-config"], check=True, capture_output=True)
    return json.loads(out.stdout)


def test_config(bin_path, capacity=3, limits=None):
    """The demo office with every window's capacity set and a known manager."""
    cfg = demo_config(bin_path)
    office = cfg["offices"][0]
    for w in office["windows"]:
        w["capacity"] = capacity
    if limits is not None:
        office["limits"] = limits
    cfg["managers"] = [
        {"name": "test manager",
         "token_sha256": hashlib.sha256(MANAGER_TOKEN.encode()).hexdigest()}
    ]
    # Every test's requests come from 127.0.0.1: no limit unless the test
    # sets one (rate_limit.py, hostile.py and pages_http.py do).
    cfg["rate_limit"] = {"per_minute": 0, "failures_per_minute": 0, "connections_per_client": 0}
    return cfg


class Server:
    """The flexhours binary serving on a free loopback port."""

    def __init__(self, config, now=NOW, workdir=None, env=None):
        self.bin = binary()
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="fh-e2e-")
        self.config_path = os.path.join(self.dir, "config.json")
        self.db = os.path.join(self.dir, "flexhours.db")
        with open(self.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False)
        self.now = now
        self.env = env or {}
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.dir, "server.log")
        self.starts = 0

    def start(self):
        env = dict(os.environ)
        env["FLEXHOURS_NOW"] = self.now
        env.update(self.env)
        for attempt in range(5):
            self.port = free_port()
            self.starts += 1
            log = open(self.log_path, "a")
            self.proc = subprocess.Popen(
                [self.bin, "serve", "--config", self.config_path, "--db", self.db,
                 "--listen", "127.0.0.1:%d" % self.port],
                cwd=self.dir, env=env, stdout=log, stderr=log)
            log.close()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break  # the port was taken meanwhile, or a start-up error
                try:
                    st, _, _ = self.request("GET", "/healthz")
                    if st == 200:
                        return self
                except OSError:
                    time.sleep(0.02)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        raise Failure("the server did not start; log:\n" + self.log())

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stops the server; returns its exit status (None if not running)."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return "timeout"

    def kill9(self):
        self.proc.kill()  # SIGKILL: no chance to flush anything
        self.proc.wait()

    def cleanup(self):
        self.stop()
        if self.own_dir and not os.environ.get("FH_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None, timeout=30):
        """Returns (status, headers as a dict with lower-case names, parsed
        JSON or raw bytes)."""
        own = conn is None
        if own:
            conn = self.connection(timeout)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False).encode()
            elif isinstance(body, str):
                body = body.encode()
            headers = dict(headers or {})
            # The API takes JSON bodies as application/json only (a test of
            # that sends its own Content-Type).
            if body is not None and not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            hdrs = {k.lower(): v for k, v in resp.getheaders()}
            data = raw
            is_json = hdrs.get("content-type", "").startswith("application/json") and raw
            if is_json:
                data = json.loads(raw)
            record_answer(method, path, resp.status, hdrs.get("content-type", ""), data if is_json else None)
            return resp.status, hdrs, data
        finally:
            if own:
                conn.close()

    def manager(self):
        return {"Authorization": "Bearer " + MANAGER_TOKEN}

    def rows(self, where="1=1"):
        """Number of booking rows, read from the SQLite file read-only."""
        if not os.path.exists(self.db):
            return 0
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10)
        try:
            return con.execute("SELECT count(*) FROM booking WHERE " + where).fetchone()[0]
        finally:
            con.close()


def cli(srv, *args, stdin=None):
    """Runs a flexhours command on the server's configuration and database."""
    return subprocess.run([srv.bin, *args, "--config", srv.config_path, "--db", srv.db],
                          cwd=srv.dir, env=dict(os.environ, FLEXHOURS_NOW=srv.now),
                          input=stdin, capture_output=True, text=True, timeout=60)


def add_staff(srv, user, role, offices, password):
    """Adds a staff account with `flexhours user add` (before or while serving)."""
    out = cli(srv, "user", "add", user, "--name", "員工 " + user, "--role", role,
              "--offices", offices, stdin=password + "\n")
    if out.returncode != 0:
        raise Failure("user add %s: %s" % (user, out.stderr))


class Browser:
    """A cookie jar for the /admin/ pages."""

    def __init__(self, srv):
        self.srv = srv
        self.cookie = None
        self.set_cookie = None

    def request(self, method, path, form=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = "fh_admin=" + self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        st, hdrs, data = self.srv.request(method, path, body, h)
        self.set_cookie = hdrs.get("set-cookie")
        if self.set_cookie and self.set_cookie.startswith("fh_admin="):
            value = self.set_cookie.split(";")[0][len("fh_admin="):]
            self.cookie = value or None
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
        return st, hdrs, text

    def csrf(self, path):
        """The form token of the first form of a page."""
        st, _, text = self.request("GET", path)
        m = re.search(r'name="csrf" value="([^"]+)"', text)
        return m.group(1) if m else None

    def signin(self, name, password):
        token = Browser(self.srv).csrf("/admin/signin")
        return self.request("POST", "/admin/signin",
                            {"csrf": token, "name": name, "password": password})


def booking(start, n, service="marriage", **over):
    """A valid booking request for person n."""
    b = {"office": OFFICE, "service": service, "start": start, "name": "測試 %d" % n,
         "national_id": national_id(n), "phone": "09%08d" % (n % 100_000_000),
         "email": "p%d@example.com.tw" % n, "lang": "zh-TW"}
    b.update(over)
    return b


# ---- the answers against the OpenAPI description ---------------------------

# Every answer of the API's face (its paths, /healthz, /readyz) a test
# receives, checked at the end of run() against docs/openapi.json: the
# schema of its route, method and status; an undocumented status fails.
_answers = []
_answers_lock = threading.Lock()


def _api_face(path):
    return path.startswith("/api/") or path == "/api" or path in ("/healthz", "/readyz")


def record_answer(method, target, status, content_type, body):
    path = urllib.parse.urlsplit(target).path
    if not _api_face(path):
        return
    entry = {"method": method.lower(), "path": path, "status": status,
             "type": content_type.split(";")[0].strip(), "body": body}
    with _answers_lock:
        _answers.append(entry)
    log = os.environ.get("FH_API_ANSWERS")
    if log:
        with _answers_lock, open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def openapi_document():
    src = os.environ.get("FLEXHOURS_SRCDIR",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    with open(os.path.join(src, "docs", "openapi.json"), encoding="utf-8") as f:
        return json.load(f)


def route_of(doc, path):
    """The description's path template that path matches, or None."""
    parts = path.split("/")
    for template in doc["paths"]:
        t = template.split("/")
        if len(t) == len(parts) and all(
                a == b or (a.startswith("{") and a.endswith("}") and b != "")
                for a, b in zip(t, parts)):
            return template
    return None


# The JSON Schema keywords the description may use (a subset of 2020-12 that
# this checker implements; tests/openapi.mjs validates with ajv as well).
SCHEMA_KEYWORDS = {"$ref", "type", "properties", "required", "additionalProperties", "items",
                   "enum", "const", "pattern", "minimum", "maximum", "description", "format"}


def schema_errors(doc, schema, value, where="body"):
    """The ways value breaks schema (an empty list when it conforms)."""
    unknown = set(schema) - SCHEMA_KEYWORDS
    if unknown:
        return ["%s: the schema uses %s, which this checker does not know" % (where, sorted(unknown))]
    if "$ref" in schema:
        node = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return schema_errors(doc, node, value, where)
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        kinds = {"object": isinstance(value, dict), "array": isinstance(value, list),
                 "string": isinstance(value, str), "boolean": isinstance(value, bool),
                 "integer": isinstance(value, int) and not isinstance(value, bool),
                 "number": isinstance(value, (int, float)) and not isinstance(value, bool),
                 "null": value is None}
        if not any(kinds[t] for t in types):
            return ["%s: %r is not of type %s" % (where, value, "/".join(types))]
    errs = []
    if "const" in schema and value != schema["const"]:
        errs.append("%s: %r is not %r" % (where, value, schema["const"]))
    if "enum" in schema and value not in schema["enum"]:
        errs.append("%s: %r is not one of %s" % (where, value, schema["enum"]))
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errs.append("%s: %r does not match %s" % (where, value, schema["pattern"]))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errs.append("%s: %r is below %r" % (where, value, schema["minimum"]))
        if "maximum" in schema and value > schema["maximum"]:
            errs.append("%s: %r is above %r" % (where, value, schema["maximum"]))
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errs.append("%s: %s is missing" % (where, name))
        for name, v in value.items():
            if name in props:
                errs += schema_errors(doc, props[name], v, where + "." + name)
            elif schema.get("additionalProperties") is False:
                errs.append("%s: %s is not in the description" % (where, name))
            elif isinstance(schema.get("additionalProperties"), dict):
                errs += schema_errors(doc, schema["additionalProperties"], v, where + "." + name)
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            errs += schema_errors(doc, schema["items"], v, "%s[%d]" % (where, i))
    return errs


def answer_errors(doc, a):
    """What is wrong with one recorded answer against the description."""
    what = "%s %s -> %d" % (a["method"].upper(), a["path"], a["status"])
    template = route_of(doc, a["path"])
    # HEAD is GET without the body (the router answers both).
    method = "get" if a["method"] == "head" else a["method"]
    op = doc["paths"].get(template, {}).get(method) if template else None
    if op is None:
        # No such route or method: the router's own 404 or 405, an error body.
        if a["status"] not in (404, 405):
            return ["%s: an undocumented route answered other than 404/405" % what]
        response = doc["components"]["responses"]["NotFound"]
    else:
        response = op["responses"].get(str(a["status"]))
        if response is None:
            return ["%s: status %d is not documented for %s %s" % (what, a["status"],
                                                                   a["method"].upper(), template)]
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].split("/")[-1]]
    content = response.get("content")
    if content is None:
        return [] if a["body"] is None else ["%s: a JSON body where none is documented" % what]
    media = content.get(a["type"])
    if media is None:
        return ["%s: content type %s is not documented (%s)" % (what, a["type"], sorted(content))]
    if a["body"] is None:
        return []  # not JSON (iCalendar): its type is documented, its text is not a schema's
    return [what + ": " + e for e in schema_errors(doc, media["schema"], a["body"])]


def check_answers(c):
    """Fails the test for every answer that does not match the description."""
    with _answers_lock:
        answers = list(_answers)
        _answers.clear()
    if not answers:
        return
    doc = openapi_document()
    bad = []
    for a in answers:
        bad += answer_errors(doc, a)
    for e in bad[:20]:
        print("openapi:", e)
    print("openapi: %d API answers checked against docs/openapi.json, %d wrong" % (len(answers), len(bad)))
    c.check(not bad, "%d of %d API answers match docs/openapi.json" % (len(answers) - len(bad), len(answers)))


def run(main):
    """Runs a test's main(checker, ...), checks every API answer it got
    against the OpenAPI description, and exits with its status."""
    c = Checker()
    try:
        main(c)
    except Failure as e:
        print("FAIL:", e)
        sys.exit(1)
    check_answers(c)
    sys.exit(c.finish())
