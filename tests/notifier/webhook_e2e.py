"""webhook_e2e.py: webhooks end to end, flexhours serving with a real
receiver on loopback (http.server in this process) that checks each
delivery's Standard Webhooks signature with hmac and records it: a booking
created, moved, cancelled and another checked in (on its day), each
delivered once with its type and a valid signature; a tampered body fails
the receiver's check; an endpoint answering 500 twice then 200 gets the
same webhook-id three times and the event ends sent; kill -9 of the server
with a webhook queued delivers it after the restart, with the same id."""
import base64
import hashlib
import hmac
import http.server
import json
import os
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, HERE)
import e2e  # noqa: E402
import fhtest  # noqa: E402
from e2e import check  # noqa: E402
from fhtest import booking  # noqa: E402

NOW = "2026-03-02T09:00:00+08:00"  # a Monday
SECRET_BYTES = bytes(range(1, 33))  # 32 bytes
SECRET = "whsec_" + base64.b64encode(SECRET_BYTES).decode()


def verify(headers, body):
    """The receiver's check, as docs/api.md tells integrators to write it."""
    msg_id = headers.get("webhook-id", "")
    stamp = headers.get("webhook-timestamp", "")
    signed = ("%s.%s." % (msg_id, stamp)).encode() + body
    want = base64.b64encode(hmac.new(SECRET_BYTES, signed, hashlib.sha256).digest()).decode()
    given = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split()
             if s.startswith("v1,")]
    return any(hmac.compare_digest(want, g) for g in given)


class Receiver:
    """An endpoint on a free loopback port: records every delivery with
    whether its signature held; answers the statuses queued in fail_with
    first, then 200."""

    def __init__(self):
        self.got = []
        self.fail_with = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                h = {k.lower(): v for k, v in self.headers.items()}
                with outer.lock:
                    status = outer.fail_with.pop(0) if outer.fail_with else 200
                    outer.got.append({"headers": h, "body": body, "valid": verify(h, body),
                                      "status": status})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def deliveries(self, want, timeout=20):
        deadline = time.monotonic() + timeout  # a hang guard, not a timing assertion
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.got) >= want:
                    break
            time.sleep(0.05)
        with self.lock:
            return list(self.got)


def config(port, events=None, **notifier):
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["offices"][0]["webhooks"] = [{
        "url": "http://127.0.0.1:%d/hooks" % port, "secret": SECRET,
        "events": events or ["booking.created", "booking.moved", "booking.cancelled",
                             "booking.checked_in", "booking.lapsed", "booking.no_show"]}]
    cfg["notifier"] = {"poll_ms": 50, "retry_seconds": 1, **notifier}
    return cfg


def write_config(srv, cfg):
    with open(srv.config_path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False)


def payload(d):
    return json.loads(d["body"])


def outbox(srv, status=None):
    st, _, rows = srv.request("GET", "/api/v1/outbox" + ("?status=" + status if status else ""),
                              headers=srv.manager())
    return [m for m in rows if m["channel"] == "webhook"] if st == 200 else []


def lifecycle():
    with Receiver() as rx:
        srv = fhtest.Server(config(rx.port), now=NOW).start()
        try:
            st, _, a = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T10:00:00+08:00", 1,
                                           service="household_transcript"))
            check(st == 201, "book on Wednesday 10:00")
            got = rx.deliveries(1)
            check(len(got) == 1, f"one delivery for one booking (got {len(got)})")
            p = payload(got[0]) if got else {}
            check(got and got[0]["valid"], "the signature holds")
            check(got and got[0]["headers"].get("content-type") == "application/json",
                  "Content-Type: application/json")
            check(p.get("type") == "booking.created", f"type booking.created: {p}")
            data = p.get("data", {})
            check(data.get("code") == a["code"] and data.get("office") == fhtest.OFFICE and
                  data.get("service") == "household_transcript" and
                  data.get("start") == "2026-03-04T10:00:00+08:00" and
                  data.get("status") == "confirmed" and data.get("channel") == "web",
                  f"the data of the booking: {data}")
            check(p.get("timestamp") == "2026-03-02T01:00:00Z", f"the event's time: {p}")
            raw = got[0]["body"].decode() if got else ""
            for personal in ("測試", "p1@example.com.tw", "900000001", "national"):
                check(personal not in raw, f"nothing personal in the body ({personal})")
            check(got and got[0]["headers"].get("webhook-timestamp") == "1772413200",
                  "webhook-timestamp is the pinned clock's unix seconds")
            # The receiver's check is real: the same headers over a changed body fail.
            if got:
                tampered = got[0]["body"].replace(b"confirmed", b"cancelled")
                check(tampered != got[0]["body"] and not verify(got[0]["headers"], tampered),
                      "a tampered body fails verification")

            tok = {"X-Manage-Token": a["manage_token"]}
            st, _, _ = srv.request("POST", "/api/v1/bookings/%s/reschedule" % a["code"],
                                   {"start": "2026-03-05T11:00:00+08:00"}, tok)
            check(st == 200, "move it to Thursday 11:00")
            got = rx.deliveries(2)
            p = payload(got[1]) if len(got) > 1 else {}
            check(p.get("type") == "booking.moved" and
                  p["data"]["start"] == "2026-03-05T11:00:00+08:00" and got[1]["valid"],
                  f"booking.moved with the new start, signed: {p}")
            st, _, _ = srv.request("DELETE", "/api/v1/bookings/%s" % a["code"], headers=tok)
            check(st == 200, "cancel it")
            got = rx.deliveries(3)
            p = payload(got[2]) if len(got) > 2 else {}
            check(p.get("type") == "booking.cancelled" and p["data"]["status"] == "cancelled" and
                  got[2]["valid"], f"booking.cancelled, signed: {p}")

            st, _, b = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T10:00:00+08:00", 2,
                                           service="household_transcript"))
            check(st == 201, "book another on Wednesday 10:00")
            rx.deliveries(4)
            # Check-in is allowed on the booking's day only: Wednesday 09:55.
            srv.stop()
            srv.now = "2026-03-04T09:55:00+08:00"
            srv.start()
            st, _, _ = srv.request("POST", "/api/v1/bookings/%s/check-in" % b["code"],
                                   headers=srv.manager())
            check(st == 200, f"check in on the day ({st})")
            got = rx.deliveries(5)
            p = payload(got[4]) if len(got) > 4 else {}
            check(p.get("type") == "booking.checked_in" and p["data"]["code"] == b["code"] and
                  got[4]["valid"], f"booking.checked_in, signed: {p}")
            time.sleep(0.5)  # anything sent twice would have come by now
            got = rx.deliveries(5)
            types = [payload(d)["type"] for d in got]
            check(types == ["booking.created", "booking.moved", "booking.cancelled",
                            "booking.created", "booking.checked_in"],
                  f"each event delivered once, in order: {types}")
            check(len({d["headers"]["webhook-id"] for d in got}) == 5, "five distinct ids")
            check(all(m["status"] == "sent" for m in outbox(srv)), "every webhook sent")
        finally:
            srv.cleanup()


def retried():
    """500, 500, then 200: the same id three times, then sent. The clock is
    the test's: each retry is made due by running the next pass later."""
    with Receiver() as rx:
        rx.fail_with = [500, 500]
        srv = fhtest.Server(config(rx.port), now=NOW).start()
        try:
            st, _, a = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T10:00:00+08:00", 3,
                                           service="household_transcript"))
            check(st == 201, "book while the endpoint fails")
            rx.deliveries(1)
            srv.stop()
            for minute in ("09:10", "09:20"):
                status, out, errout = srv_cli(srv, "outbox", "send",
                                              now="2026-03-02T%s:00+08:00" % minute)
                check(status == 0, f"outbox send at {minute}: {errout}")
            got = rx.deliveries(3)
            ids = [d["headers"]["webhook-id"] for d in got]
            check([d["status"] for d in got] == [500, 500, 200],
                  f"500, 500, then 200: {[d['status'] for d in got]}")
            check(len(ids) == 3 and len(set(ids)) == 1, f"the same webhook-id each time: {ids}")
            check(all(d["valid"] for d in got), "each attempt signed")
            check(len({d["body"] for d in got}) == 1, "the same body each time")
            srv.start()
            rows = outbox(srv)
            check(len(rows) == 1 and rows[0]["status"] == "sent" and rows[0]["attempts"] == 3,
                  f"the event is sent after three attempts: {rows}")
        finally:
            srv.cleanup()


def srv_cli(srv, *args, now):
    import subprocess
    env = dict(os.environ, FLEXHOURS_NOW=now)
    r = subprocess.run([srv.bin, *args, "--config", srv.config_path, "--db", srv.db],
                       capture_output=True, env=env, cwd=srv.dir, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def killed():
    """kill -9 with a webhook queued: delivered after the restart, once the
    worker runs, under the id it was queued with."""
    with Receiver() as rx:
        srv = fhtest.Server(config(rx.port, poll_ms=60000), now=NOW).start()
        try:
            # The first pass ran at the start; this one waits for the next.
            time.sleep(0.2)
            st, _, a = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T11:00:00+08:00", 4,
                                           service="household_transcript"))
            check(st == 201, "book with the worker asleep")
            queued = outbox(srv, "queued")
            check(len(queued) == 1, f"the webhook is queued: {queued}")
            srv.kill9()
            write_config(srv, config(rx.port, poll_ms=50))
            srv.start()
            got = rx.deliveries(1)
            check(len(got) == 1 and got[0]["valid"] and payload(got[0])["type"] ==
                  "booking.created" and payload(got[0])["data"]["code"] == a["code"],
                  "delivered after the restart, signed")
            if queued and got:
                check(got[0]["headers"]["webhook-id"] == "msg_flexhours_%d" % queued[0]["id"],
                      "under the id of its outbox row")
        finally:
            srv.cleanup()


def bad_config():
    """The configuration is refused, with the path, for each mistake."""
    import subprocess
    for hook, want in (
            ({"url": "ftp://x.example/", "secret": SECRET, "events": ["booking.created"]}, "url"),
            ({"url": "https://x.example/", "secret": "whsec_" + base64.b64encode(b"x" * 16)
              .decode(), "events": ["booking.created"]}, "secret"),
            ({"url": "https://x.example/", "secret": SECRET[6:], "events": ["booking.created"]},
             "secret"),
            ({"url": "https://x.example/", "secret": SECRET, "events": ["booking.made"]},
             "events[0]"),
            ({"url": "https://x.example/", "secret": SECRET, "events": ["booking.created"],
              "retries": 3}, "retries")):
        cfg = fhtest.test_config(fhtest.binary())
        cfg["offices"][0]["webhooks"] = [hook]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(cfg, f)
        r = subprocess.run([fhtest.binary(), "check-config", "--config", f.name],
                           capture_output=True, timeout=60)
        os.unlink(f.name)
        err = r.stderr.decode()
        check(r.returncode != 0 and "webhooks[0]." + want in err,
              f"refused, naming webhooks[0].{want}: {err.strip()}")


def main():
    lifecycle()
    retried()
    killed()
    bad_config()
    e2e.finish()


main()
