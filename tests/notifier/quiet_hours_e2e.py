"""quiet_hours_e2e.py: no SMS between 21:00 and 08:00, end to end, with the
clock driven by the test (FLEXHOURS_NOW for the server and for each
`flexhours outbox send`, never the real clock), against an HTTP SMS provider
on loopback whose answer the test chooses (200, 503: try again, 400: no).

A booking and its move at 23:00 queue their SMS for 08:00 (the e-mails go at
once); at 07:59 nothing goes, at 08:00 the move's does (the confirmation of
the old time is dropped); a retry at 20:59:50 after a
refusal falls into the night and waits for 08:00; a message failed for good
and queued again by a manager at 23:00 does not go in the night either, but
at 08:00."""
import http.server
import json
import os
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, HERE)
import fhtest  # noqa: E402
from e2e import check, finish  # noqa: E402
from fhtest import booking  # noqa: E402


class Provider(http.server.BaseHTTPRequestHandler):
    answer = 200
    texts = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Provider.texts.append(json.loads(body)["text"])
        self.send_response(Provider.answer)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def cli(srv, now, *args):
    env = dict(os.environ, FLEXHOURS_NOW=now)
    r = subprocess.run([srv.bin, *args, "--config", srv.config_path, "--db", srv.db],
                       capture_output=True, env=env, cwd=srv.dir, timeout=120)
    check(r.returncode == 0, "flexhours %s at %s: %s" % (" ".join(args), now, r.stderr.decode()))
    return r.stdout.decode()


def sms_rows(srv, now, status):
    """{kind: (id, due UTC)} of the booking's SMS in `outbox list`."""
    out = {}
    for line in cli(srv, now, "outbox", "list", "--status", status).splitlines():
        f = line.split()
        if len(f) >= 7 and f[3] == "sms" and f[2] in ("confirmed", "rescheduled"):
            out[f[2]] = (f[0], f[6])
    return out


def send_at(srv, now, answer):
    """`flexhours outbox send` at now, the provider answering answer; the
    SMS texts it got."""
    Provider.answer = answer
    before = len(Provider.texts)
    cli(srv, now, "outbox", "send")
    return Provider.texts[before:]


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cfg = fhtest.test_config(fhtest.binary())
    cfg["sms"] = {"provider": "http", "url": "http://127.0.0.1:%d/" % server.server_address[1],
                  "body_template": '{"to":"{to}","text":"{text}"}', "from": "Office"}
    cfg["notifier"] = {"retry_seconds": 30, "max_attempts": 8}
    srv = fhtest.Server(cfg, now="2026-03-02T23:00:00+08:00")
    try:
        srv.start()
        st, _, b = srv.request("POST", "/api/v1/bookings",
                               booking("2026-03-06T12:00:00+08:00", 70,
                                       service="seal_registration"))
        check(st == 201, "a booking at 23:00 on Monday")
        st, _, _ = srv.request("POST", "/api/v1/bookings/%s/reschedule" % b["code"],
                               {"start": "2026-03-06T12:30:00+08:00"},
                               {"X-Manage-Token": b["manage_token"]})
        check(st == 200, "moved at 23:00")
        # The worker has had its pass once the e-mails are in the outbox file.
        srv.stop()
        check(Provider.texts == [], "no SMS at 23:00: %s" % Provider.texts)
        rows = sms_rows(srv, "2026-03-02T23:00:00+08:00", "queued")
        check({k: due for k, (_, due) in rows.items()} ==
              {"confirmed": "2026-03-03T00:00:00Z", "rescheduled": "2026-03-03T00:00:00Z"},
              "the booking's and the move's SMS wait for 08:00 (00:00 UTC): %s" % rows)

        check(send_at(srv, "2026-03-03T07:59:00+08:00", 200) == [], "nothing at 07:59")
        # 08:00: the move's SMS goes (the provider says try again); the
        # confirmation of the old time is not sent any more.
        check(len(send_at(srv, "2026-03-03T08:00:00+08:00", 503)) == 1, "the move's SMS at 08:00")
        check(list(sms_rows(srv, "2026-03-03T08:00:00+08:00", "dropped")) == ["confirmed"],
              "the old time's confirmation is dropped")
        # A retry at 20:59:50 is refused again; the next try would fall at
        # 21:00 or later: it waits for Wednesday 08:00.
        check(len(send_at(srv, "2026-03-03T20:59:50+08:00", 503)) == 1, "tried at 20:59:50")
        rows = sms_rows(srv, "2026-03-03T20:59:50+08:00", "queued")
        check({k: due for k, (_, due) in rows.items()} == {"rescheduled": "2026-03-04T00:00:00Z"},
              "a retry that would fall after 21:00 waits for 08:00: %s" % rows)
        check(send_at(srv, "2026-03-03T23:00:00+08:00", 200) == [], "nothing at 23:00")
        # Wednesday 08:00: refused for good.
        check(len(send_at(srv, "2026-03-04T08:00:00+08:00", 400)) == 1, "tried at 08:00")
        failed = sms_rows(srv, "2026-03-04T08:00:00+08:00", "failed")
        check(list(failed) == ["rescheduled"], "failed for good: %s" % failed)
        # A manager queues them again at 23:00: they go in the morning.
        for _, (mid, _) in failed.items():
            cli(srv, "2026-03-04T23:00:00+08:00", "outbox", "retry", mid)
        check(send_at(srv, "2026-03-04T23:00:00+08:00", 200) == [],
              "a manager's retry at 23:00 sends nothing in the night")
        check(send_at(srv, "2026-03-05T07:59:00+08:00", 200) == [], "nor at 07:59")
        texts = send_at(srv, "2026-03-05T08:00:00+08:00", 200)
        check(len(texts) == 1 and all(b["code"] in t for t in texts),
              "at 08:00, naming the booking: %s" % texts)
    finally:
        srv.cleanup()
        server.shutdown()
        server.server_close()
    finish()


if __name__ == "__main__":
    main()
