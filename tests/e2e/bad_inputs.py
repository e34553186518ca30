"""bad_inputs.py: a table of bad requests, each checked for its status, error
code and field, for the error body's shape, and that nothing was written
(the booking rows, read from the SQLite file, do not change)."""

import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import json

import fhtest
from fhtest import OFFICE, booking

GOOD = "2026-03-03T10:00:00+08:00"
SLOTS = "/api/v1/offices/%s/slots" % OFFICE


def body(**over):
    b = booking(GOOD, 7)
    for k, v in over.items():
        if v is DROP:
            b.pop(k, None)
        else:
            b[k] = v
    return b


DROP = object()
POST, GET = "POST", "GET"
B = "/api/v1/bookings"

# (name, method, path, body, headers, status, code, field)
CASES = [
    ("not JSON", POST, B, b"office=taichung-south", {}, 400, "bad_request", None),
    ("truncated JSON", POST, B, b'{"office": "taichung-south"', {}, 400, "bad_request", None),
    ("invalid UTF-8", POST, B, b'{"office": "taichung-south", "name": "\xff\xfe"}', {}, 400,
     "bad_request", None),
    ("NUL in a string", POST, B, b'{"name": "a\\u0000b"}', {}, 400, "bad_request", None),
    ("duplicate key", POST, B, b'{"office": "a", "office": "b"}', {}, 400, "bad_request", None),
    ("array body", POST, B, b"[]", {}, 400, "bad_request", None),
    ("empty body", POST, B, b"", {}, 400, "bad_request", None),
    ("too large", POST, B, b'{"name": "' + b"x" * 17000 + b'"}', {}, 413,
     "payload_too_large", None),
    ("unknown field", POST, B, body(foo="bar"), {}, 422, "invalid_field", "foo"),
    ("office missing", POST, B, body(office=DROP), {}, 422, "invalid_field", "office"),
    ("unknown office", POST, B, body(office="taipei-nowhere"), {}, 422, "invalid_field",
     "office"),
    ("office not a string", POST, B, body(office=7), {}, 422, "invalid_field", "office"),
    ("unknown service", POST, B, body(service="divorce-express"), {}, 422, "invalid_field",
     "service"),
    ("service not a string", POST, B, body(service=["marriage"]), {}, 422, "invalid_field",
     "service"),
    ("start missing", POST, B, body(start=DROP), {}, 422, "invalid_field", "start"),
    ("start without offset", POST, B, body(start="2026-03-03T10:00:00"), {}, 422,
     "invalid_field", "start"),
    ("start no such day", POST, B, body(start="2026-02-30T10:00:00+08:00"), {}, 422,
     "invalid_field", "start"),
    ("start with seconds", POST, B, body(start="2026-03-03T10:00:30+08:00"), {}, 422,
     "invalid_field", "start"),
    ("start a number", POST, B, body(start=1772503200), {}, 422, "invalid_field", "start"),
    ("start not a slot", POST, B, body(start="2026-03-03T10:15:00+08:00"), {}, 422,
     "not_a_slot", "start"),
    ("start in the past", POST, B, body(start="2026-03-02T08:00:00+08:00"), {}, 422, "in_past",
     "start"),
    ("cut-off passed", POST, B, body(start="2026-03-02T14:00:00+08:00"), {}, 422,
     "cutoff_passed", "start"),
    ("not yet open", POST, B, body(start="2026-03-20T10:00:00+08:00"), {}, 422, "not_yet_open",
     "start"),
    ("name missing", POST, B, body(name=DROP), {}, 422, "invalid_field", "name"),
    ("name empty", POST, B, body(name=""), {}, 422, "invalid_field", "name"),
    ("name blank", POST, B, body(name="   "), {}, 422, "invalid_field", "name"),
    ("name control character", POST, B, body(name="王\u0007明"), {}, 422, "invalid_field",
     "name"),
    ("name 101 characters", POST, B, body(name="王" * 101), {}, 422, "invalid_field", "name"),
    ("national ID missing", POST, B, body(national_id=DROP), {}, 422, "invalid_field",
     "national_id"),
    ("national ID check digit", POST, B, body(national_id="A123456788"), {}, 422,
     "invalid_field", "national_id"),
    ("national ID second digit", POST, B, body(national_id="A323456789"), {}, 422,
     "invalid_field", "national_id"),
    ("national ID too short", POST, B, body(national_id="A12345678"), {}, 422, "invalid_field",
     "national_id"),
    ("national ID digits only", POST, B, body(national_id="1123456789"), {}, 422,
     "invalid_field", "national_id"),
    ("phone landline", POST, B, body(phone="0223456789"), {}, 422, "invalid_field", "phone"),
    ("phone foreign", POST, B, body(phone="+81901234567"), {}, 422, "invalid_field", "phone"),
    ("phone letters", POST, B, body(phone="09one23456"), {}, 422, "invalid_field", "phone"),
    ("neither phone nor e-mail", POST, B, body(phone=DROP, email=DROP), {}, 422, "invalid_field",
     "phone"),
    ("e-mail without domain dot", POST, B, body(email="someone@localhost"), {}, 422,
     "invalid_field", "email"),
    ("e-mail double dot", POST, B, body(email="a..b@example.com"), {}, 422, "invalid_field",
     "email"),
    ("e-mail two @", POST, B, body(email="a@b@example.com"), {}, 422, "invalid_field", "email"),
    ("lang unknown", POST, B, body(lang="fr"), {}, 422, "invalid_field", "lang"),
    ("Idempotency-Key too long", POST, B, body(), {"Idempotency-Key": "k" * 300}, 422,
     "invalid_field", "Idempotency-Key"),
    ("query on create", POST, B + "?debug=1", body(), {}, 422, "invalid_field", "debug"),
    ("wrong method", "PUT", B, body(), {}, 405, "method_not_allowed", None),
    ("unknown path", GET, "/api/v2/bookings", None, {}, 404, "not_found", None),
    ("unknown office in path", GET, "/api/v1/offices/nowhere/slots?service=marriage"
     "&from=2026-03-03&to=2026-03-04", None, {}, 404, "not_found", None),
    ("slots without service", GET, SLOTS + "?from=2026-03-03&to=2026-03-04", None, {}, 422,
     "invalid_field", "service"),
    ("slots unknown service", GET, SLOTS + "?service=x&from=2026-03-03&to=2026-03-04", None, {},
     422, "invalid_field", "service"),
    ("slots bad from", GET, SLOTS + "?service=marriage&from=03/03/2026&to=2026-03-04", None, {},
     422, "invalid_field", "from"),
    ("slots to before from", GET, SLOTS + "?service=marriage&from=2026-03-04&to=2026-03-03",
     None, {}, 422, "invalid_field", "to"),
    ("slots more than a year", GET, SLOTS + "?service=marriage&from=2026-03-03&to=2027-03-05",
     None, {}, 422, "invalid_field", "to"),
    ("slots unknown argument", GET, SLOTS + "?service=marriage&from=2026-03-03&to=2026-03-04"
     "&limit=5", None, {}, 422, "invalid_field", "limit"),
    ("manager list without token", GET, "/api/v1/offices/%s/bookings?date=2026-03-03" % OFFICE,
     None, {}, 401, "unauthorized", None),
    ("manager list bad date", GET, "/api/v1/offices/%s/bookings?date=tomorrow" % OFFICE, None,
     "manager", 422, "invalid_field", "date"),
    ("booking without token", GET, B + "/ABCDEFGH", None, {}, 401, "unauthorized", None),
    ("unknown booking", GET, B + "/ABCDEFGH", None, {"X-Manage-Token": "0" * 32}, 404,
     "not_found", None),
    ("confirm with a wrong bearer", POST, B + "/ABCDEFGH/confirm", None,
     {"Authorization": "Bearer wrong"}, 401, "unauthorized", None),
    ("confirm with a body field", POST, B + "/ABCDEFGH/confirm", {"note": "x"}, "manager", 422,
     "invalid_field", "note"),
]


def main(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary(), capacity=3))
    try:
        srv.start()
        # One real booking, so that "unchanged" is not trivially zero rows.
        st, _, _ = srv.request("POST", B, booking("2026-03-04T10:00:00+08:00", 99))
        c.eq(st, 201, "the one valid booking")
        c.check(len(CASES) >= 30, "at least 30 cases")
        rows = srv.rows()
        for name, method, path, payload, headers, status, code, field in CASES:
            if headers == "manager":
                headers = srv.manager()
            if isinstance(payload, dict):
                payload = json.dumps(payload, ensure_ascii=False).encode()
            st, h, got = srv.request(method, path, payload, dict(headers))
            if not c.check(isinstance(got, dict) and isinstance(got.get("error"), dict),
                           "%s: error body, got %d %r" % (name, st, got)):
                continue
            err = got["error"]
            c.eq((st, err.get("code"), err.get("field")), (status, code, field), name)
            c.check(isinstance(err.get("message"), str) and err["message"], name + ": message")
            c.check(h.get("content-type", "").startswith("application/json"),
                    name + ": content type")
            if status == 405:
                c.eq(h.get("allow"), "POST", name + ": Allow")
            c.eq(srv.rows(), rows, name + ": rows unchanged")
        # The same body, made valid, is accepted: the table tests the fields.
        st, _, _ = srv.request("POST", B, body())
        c.eq(st, 201, "the table's base body is valid")
        st, _, got = srv.request("POST", B, body(national_id="a123456789",
                                                 start="2026-03-04T02:30:00Z",
                                                 phone="+886 912 345 678", email=DROP))
        c.eq(st, 201, "lower-case ID letter, UTC start, spaced +886 phone")
        c.eq(got.get("start"), "2026-03-04T10:30:00+08:00", "start shown in the office offset")
        # Too early says when booking opens: the demo's regular windows open
        # 7 calendar days before the slot's date at 00:00 (README), so a
        # slot on Friday 20 March opens on Friday 13 March at midnight.
        st, _, got = srv.request("POST", B, body(start="2026-03-20T10:00:00+08:00"))
        err = got.get("error", {}) if isinstance(got, dict) else {}
        c.eq((st, err.get("code"), err.get("opens_at")),
             (422, "not_yet_open", "2026-03-13T00:00:00+08:00"), "not_yet_open says when")
        # Moving a booking there says the same.
        st, _, made = srv.request("POST", B, booking("2026-03-05T10:00:00+08:00", 98))
        st, _, got = srv.request("POST", "%s/%s/reschedule" % (B, made.get("code")),
                                 {"start": "2026-03-20T10:00:00+08:00"},
                                 {"X-Manage-Token": made.get("manage_token")})
        err = got.get("error", {}) if isinstance(got, dict) else {}
        c.eq((st, err.get("code"), err.get("opens_at")),
             (422, "not_yet_open", "2026-03-13T00:00:00+08:00"), "a move too early says when")
    finally:
        srv.cleanup()


fhtest.run(main)
