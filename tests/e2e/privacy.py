"""privacy.py: personal data at rest against the real binary. While the server
runs: the database, its WAL and shared memory copied hold no ID, name, phone
or e-mail, and every file is mode 0600; a command beside the server revokes
one booking's link (its page answers 404, the next message carries a new
link that opens it) and one person's duty feed key, and rotates the key
(the links and feeds sent before still open);
a manager erases a booking and a person through POST /api/v1/erasures, a
command erases another person by an ID read from standard input; the log
names codes only. Stopped, a key file others may read stops it starting."""

import os
import re
import shutil
import stat
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking, national_id

TUE = "2026-03-03T%s:00+08:00"  # noon and evening windows, bookable from NOW


def links(srv, code):
    """The manage-link keys of code in the local outbox file, oldest first."""
    try:
        with open(os.path.join(srv.dir, "outbox.log"), encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return []
    return re.findall(r"/b/%s\?k=([0-9a-f]{32})" % code, text)


def wait_links(srv, code, n, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = links(srv, code)
        if len(found) >= n:
            return found
        time.sleep(0.05)
    return links(srv, code)


def command(srv, *args, stdin=None):
    return subprocess.run([srv.bin, *args, "--config", srv.config_path, "--db", srv.db],
                          cwd=srv.dir, env=dict(os.environ, FLEXHOURS_NOW=srv.now),
                          input=stdin, capture_output=True, text=True, timeout=30)


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["notifier"] = {"poll_ms": 50}
    srv = fhtest.Server(cfg)
    people = []
    try:
        srv.start()
        people = scenario(c, srv)
        c.eq(srv.stop(), 0, "exit status after SIGTERM")
        log = srv.log()
        for p in people:
            for secret in (p["national_id"], p["name"], p["email"], p["phone"][1:]):
                c.check(secret not in log, "the log holds %r" % secret)
        c.check("audit: erase: booking" in log, "the erasures are in the log:\n" + log[-1500:])
        refused_start(c, srv)
    finally:
        srv.cleanup()


def scenario(c, srv):
    manager = srv.manager()
    a = booking(TUE % "12:00", 1, service="name_change")
    b = booking(TUE % "12:30", 2, service="name_change")
    wed = booking(TUE % "17:30", 3, service="marriage", partner_name="配偶 4",
                  partner_national_id=national_id(4))
    made = {}
    for req in (a, b, wed):
        st, _, body = srv.request("POST", "/api/v1/bookings", req)
        if not c.eq(st, 201, "booking %s" % req["name"]):
            raise fhtest.Failure(repr(body))
        made[req["name"]] = body
    code_a = made[a["name"]]["code"]
    code_b = made[b["name"]]["code"]
    code_w = made[wed["name"]]["code"]
    people = [a, b, wed, {"national_id": national_id(4), "name": "配偶 4", "email": "none@none",
                          "phone": "0000000000"}]

    # The files while the server runs: 0600, and a copy tells nothing.
    first = wait_links(srv, code_a, 1)
    for suffix in ("", "-wal", "-shm", ".key"):
        path = srv.db + suffix
        if os.path.exists(path):
            c.eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "mode of flexhours.db" + suffix)
    copy = os.path.join(srv.dir, "copy")
    os.makedirs(copy)
    data = b""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(srv.db + suffix):
            shutil.copy(srv.db + suffix, os.path.join(copy, "flexhours.db" + suffix))
            with open(srv.db + suffix, "rb") as f:
                data += f.read()
    for p in people:
        local = p["phone"]
        for secret in (p["national_id"], p["name"], p["email"], local, "+886" + local[1:]):
            c.check(secret.encode() not in data, "the copied database holds %r" % secret)

    # One link revoked beside the server.
    c.check(len(first) >= 1, "the first message links the booking")
    old = first[0] if first else ""
    st, _, _ = srv.request("GET", "/b/%s?k=%s" % (code_a, old))
    c.eq(st, 200, "the link sent opens the page")
    out = command(srv, "keys", "revoke", "--code", code_a)
    c.eq(out.returncode, 0, "keys revoke: " + out.stderr)
    st, _, _ = srv.request("GET", "/b/%s?k=%s" % (code_a, old))
    c.eq(st, 404, "the revoked link answers 404")
    st, _, _ = srv.request("GET", "/api/v1/bookings/%s?token=%s" % (code_a, old))
    c.eq(st, 404, "the revoked link opens nothing through the API")
    token_a = made[a["name"]]["manage_token"]
    n = len(links(srv, code_a))
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/reschedule" % code_a,
                              {"start": TUE % "13:00"}, headers={"X-Manage-Token": token_a})
    c.eq(st, 200, "reschedule with the manage token: %r" % (body,))
    after = wait_links(srv, code_a, n + 1)
    new = after[-1] if len(after) > n else ""
    c.check(new and new != old, "the next message carries a new link")
    st, _, _ = srv.request("GET", "/b/%s?k=%s" % (code_a, new))
    c.eq(st, 200, "the new link opens the page")

    # One person's duty feed key revoked beside the server.
    st, _, body = srv.request("GET", "/api/v1/offices/%s/staff" % OFFICE, headers=manager)
    staff = body["staff"][0]["id"]
    feed = body["staff"][0]["feed"].split("/api/", 1)[1]
    other_feed = body["staff"][1]["feed"].split("/api/", 1)[1]
    st, _, _ = srv.request("GET", "/api/" + feed)
    c.eq(st, 200, "the duty feed opens")
    out = command(srv, "keys", "revoke", "--office", OFFICE, "--staff", staff)
    c.eq(out.returncode, 0, "keys revoke --staff: " + out.stderr)
    st, _, _ = srv.request("GET", "/api/" + feed)
    c.eq(st, 401, "the revoked feed key opens nothing")
    st, _, _ = srv.request("GET", "/api/" + other_feed)
    c.eq(st, 200, "another person's feed still opens")
    st, _, body = srv.request("GET", "/api/v1/offices/%s/staff" % OFFICE, headers=manager)
    feed = body["staff"][0]["feed"].split("/api/", 1)[1]
    st, _, _ = srv.request("GET", "/api/" + feed)
    c.eq(st, 200, "the new feed link opens")

    # A rotation beside the server: the links sent before still open.
    out = command(srv, "keys", "rotate")
    c.eq(out.returncode, 0, "keys rotate: " + out.stderr)
    st, _, _ = srv.request("GET", "/b/%s?k=%s" % (code_a, new))
    c.eq(st, 200, "a link sent before the rotation still opens")
    time.sleep(1.1)  # the server looks at the key file at most once a second
    st, _, _ = srv.request("GET", "/api/" + feed)
    c.eq(st, 200, "a feed subscribed before the rotation still opens")
    st, _, body = srv.request("GET", "/api/v1/offices/%s/staff" % OFFICE, headers=manager)
    c.check(body["staff"][0]["feed"].split("/api/", 1)[1] != feed,
            "the feed link handed out now is made under the new key")
    late = booking(TUE % "17:30", 5, service="name_change")
    st, _, body = srv.request("POST", "/api/v1/bookings", late)
    c.eq(st, 201, "a booking after the rotation")
    people.append(late)
    out = command(srv, "keys", "list")
    c.check(re.search(r"^2\s+yes\s+1$", out.stdout, re.M) is not None,
            "the new booking is sealed under key 2:\n" + out.stdout)

    # Erasure by a manager: one booking, then the partner of another.
    st, _, _ = srv.request("POST", "/api/v1/erasures", {"code": code_b})
    c.eq(st, 401, "erasure needs a manager")
    st, _, body = srv.request("POST", "/api/v1/erasures", {"code": code_b}, headers=manager)
    c.eq(st, 200, "erase a booking")
    c.eq(body, {"count": 1, "erased": [{"code": code_b, "partner_only": False,
                                         "cancelled": True}]}, "the erasure's answer")
    st, _, body = srv.request("GET", "/api/v1/bookings/%s" % code_b, headers=manager)
    c.eq((st, body.get("name"), body.get("status")), (200, "", "cancelled"),
         "the erased booking keeps no name")
    st, _, body = srv.request("POST", "/api/v1/erasures", {"national_id": national_id(4)},
                              headers=manager)
    c.eq((st, body), (200, {"count": 1, "erased": [{"code": code_w, "partner_only": True,
                                                     "cancelled": False}]}),
         "erase the partner")
    st, _, body = srv.request("GET", "/api/v1/bookings/%s" % code_w, headers=manager)
    c.eq((body.get("name"), body.get("partner_name", "")), (wed["name"], ""),
         "the holder stays, the partner goes")
    st, _, body = srv.request("POST", "/api/v1/erasures", {"national_id": "A123"},
                              headers=manager)
    c.eq((st, body["error"]["code"], body["error"]["field"]), (422, "invalid_field", "national_id"),
         "a bad ID")
    c.check("A123" not in str(body), "the answer does not echo the ID")
    st, _, body = srv.request("POST", "/api/v1/erasures", {"code": "ZZZZZZZZ"}, headers=manager)
    c.eq(st, 404, "an unknown code")
    st, _, body = srv.request("POST", "/api/v1/erasures",
                              {"code": code_a, "national_id": national_id(1)}, headers=manager)
    c.eq(st, 422, "code and national_id together")

    # Erasure by a command, the ID on standard input.
    out = command(srv, "erase", "--national-id", "-", stdin=national_id(3) + "\n")
    c.eq(out.returncode, 0, "erase --national-id -: " + out.stderr)
    c.check(code_w in out.stdout and national_id(3) not in out.stdout + out.stderr,
            "the command names the booking, not the person:\n" + out.stdout)
    st, _, body = srv.request("GET", "/api/v1/bookings/%s" % code_w, headers=manager)
    c.eq((body.get("name"), body.get("status")), ("", "cancelled"), "erased by the command")
    out = command(srv, "erase", "--code", "ZZZZZZZZ")
    c.eq(out.returncode, 65, "erase of an unknown code")
    return people


def refused_start(c, srv):
    """A key file others may read: the server refuses to start, and says how."""
    key = srv.db + ".key"
    os.chmod(key, 0o644)
    out = subprocess.run([srv.bin, "serve", "--config", srv.config_path, "--db", srv.db,
                          "--listen", "127.0.0.1:%d" % fhtest.free_port()],
                         cwd=srv.dir, capture_output=True, text=True, timeout=30)
    c.check(out.returncode != 0, "serve with a world-readable key file exits")
    c.check("may be read by others" in out.stderr and "chmod 600" in out.stderr,
            "and says why: " + out.stderr)
    os.chmod(key, 0o600)


if __name__ == "__main__":
    fhtest.run(main)
