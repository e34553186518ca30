"""sms_e2e.py: the SMS transport against a real Kannel (bearerbox, smsbox and
the fake SMSC, tests/peers/kannel.py) on free loopback ports: a Chinese SMS
arrives intact at the fake SMSC (UCS-2 decoded back), a shortened long text
arrives as exactly two concatenated parts, an ASCII text goes as GSM; a wrong
password is a permanent failure; the gateway down is a retry, fast. Then the
generic HTTP provider against a small local HTTP server: JSON and form
templates, 4xx failed, 5xx/429 retry, a server that never answers retry."""
import http.server
import json
import os
import socket
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import check, finish, free_port, missing, send_tool  # noqa: E402

import kannel  # noqa: E402  (tests/peers, put on sys.path by e2e)

TO = "+886912345678"
SENDER = "FlexHours"
ZH = "您好，王小明：您的結婚登記預約 3/9（日）09:00 已確認。請攜帶身分證。南區戶政"


def sms(url, *args, to=TO, text, user=kannel.USER, password=kannel.PASSWORD, timeout_ms=3000):
    lines = send_tool("sms", "--provider", "kannel", "--url", url, "--user", user,
                            "--pass", password, "--from", SENDER, "--timeout-ms",
                            str(timeout_ms), *args, to, text)
    status, code, reason = (lines[0].split(" ", 2) + ["", ""])[:3] if lines else ("", "0", "")
    check(TO not in reason and TO[1:] not in reason, f"a reason holds the phone number: {reason}")
    return status, int(code), reason


def shorten(text, *tail):
    lines = send_tool("shorten", text, *tail)
    segments, cut, short = lines[0].split(" ", 2)
    return int(segments), cut == "1", short


def test_kannel():
    with tempfile.TemporaryDirectory() as d:
        try:
            k = kannel.Kannel(d)
        except kannel.KannelMissing as e:
            missing(str(e))
        with k:
            status, code, reason = sms(k.sendsms_url, text=ZH)
            check(status == "sent" and code == 202, f"Chinese SMS: {status} {code} {reason}")

            long_zh = "您好，王小明：" + "您的結婚登記預約已確認，請準時到場並攜帶證件。" * 8
            segments, cut, short = shorten(long_zh)
            check(cut and segments == 2 and short.endswith("…"), f"shortened: {segments} {cut}")
            status, code, reason = sms(k.sendsms_url, text=short)
            check(status == "sent", f"two-part SMS: {status} {code} {reason}")
            link = " http://127.0.0.1:8080/b/K7QX3MZP?k=" + "0123456789abcdef" * 2
            segments, cut, with_link = shorten(long_zh, link)
            check(cut and segments == 2 and with_link.endswith("…" + link),
                  f"shortened before a link, the link whole: {segments} {cut} {with_link[-80:]}")

            ascii_text = "Booking K7QX3MZP confirmed: 2025-03-09 09:00, marriage [bring ID]."
            status, code, reason = sms(k.sendsms_url, text=ascii_text)
            check(status == "sent", f"ASCII SMS: {status} {code} {reason}")

            status, code, reason = sms(k.sendsms_url, text=ZH, password="wrong")
            check(status == "failed" and code == 403, f"wrong password: {status} {code} {reason}")

            got = kannel.texts(k.wait_messages(4))
            check(len(got) == 3, f"the fake SMSC got {len(got)} texts: {got}")
            if len(got) == 3:
                check(got[0] == (SENDER, TO, ZH, 1), f"Chinese text at the SMSC: {got[0]}")
                check(got[1] == (SENDER, TO, short, 2), f"two-part text at the SMSC: {got[1]}")
                check(got[2] == (SENDER, TO, ascii_text, 1), f"ASCII text: {got[2]}")
            raw = k.messages()
            check(raw and raw[0]["coding"] == "ucs-2", "Chinese went as UCS-2 (coding=2)")
            check(raw and raw[-1]["coding"] == "text", "ASCII went as GSM text")
            url = k.sendsms_url
        # Kannel is stopped now: nobody listens on its port.
        status, code, reason = sms(url, text=ZH)
        check(status == "retry" and code == 0, f"gateway down: {status} {code} {reason}")
        check("connect" in reason.lower(), f"gateway down: the reason says so: {reason}")


class Provider(http.server.BaseHTTPRequestHandler):
    """A generic SMS provider: answers with the status the path names."""
    requests = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Provider.requests.append((self.path, self.headers.get("Content-Type"), body,
                                  self.headers.get("Authorization")))
        status = int(self.path.strip("/").split("/")[0] or 200)
        reply = json.dumps({"status": status, "detail": "queued" if status < 300 else "nope"})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply.encode())

    def log_message(self, *args):
        pass


def http_sms(url, template, text, user=None, timeout_ms=3000):
    args = ["sms", "--provider", "http", "--url", url, "--from", SENDER, "--template", template,
            "--timeout-ms", str(timeout_ms)]
    if user:
        args += ["--user", user, "--pass", "pw"]
    lines = send_tool(*args, TO, text)
    status, code, reason = (lines[0].split(" ", 2) + ["", ""])[:3] if lines else ("", "0", "")
    return status, int(code), reason


def test_http_provider():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        text = ZH + ' "quoted" \\ back\nline'
        status, code, reason = http_sms(base + "/200", '{"to":"{to}","message":"{text}"}',
                                           text, user="acct")
        check(status == "sent" and code == 200, f"http JSON: {status} {code} {reason}")
        path, ctype, body, auth = Provider.requests[-1]
        check(ctype.startswith("application/json"), f"JSON content type {ctype}")
        try:
            sent = json.loads(body)
        except ValueError:
            sent = None
        check(sent == {"to": TO, "message": text}, f"JSON body {body!r}")
        check(auth is not None and auth.startswith("Basic "), "basic auth with a username")

        status, code, reason = http_sms(base + "/202", "to={to}&msg={text}", ZH)
        check(status == "sent" and code == 202, f"http form: {status} {code} {reason}")
        path, ctype, body, auth = Provider.requests[-1]
        form = urllib.parse.parse_qs(body.decode())
        check(form == {"to": [TO], "msg": [ZH]}, f"form body {form}")
        check(ctype == "application/x-www-form-urlencoded" and auth is None, f"form {ctype}")

        for st, want in ((400, "failed"), (401, "failed"), (429, "retry"), (500, "retry"),
                         (503, "retry")):
            status, code, reason = http_sms(f"{base}/{st}", '{"to":"{to}"}', "hi")
            check(status == want and code == st, f"HTTP {st}: {status} {code} {reason}")
    finally:
        server.shutdown()
        server.server_close()

    # Connection refused, and a server that never answers.
    status, code, reason = http_sms(f"http://127.0.0.1:{free_port()}/", "{text}", "hi")
    check(status == "retry" and code == 0 and "connect" in reason.lower(),
          f"refused: {status} {reason}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        status, code, reason = http_sms(f"http://127.0.0.1:{s.getsockname()[1]}/", "{text}", "hi",
                                        timeout_ms=800)
        check(status == "retry" and code == 0, f"hung provider: {status} {code} {reason}")
        check("timed out" in reason, f"hung provider: its own timeout ended it: {reason}")


def main():
    test_kannel()
    test_http_provider()
    finish()


if __name__ == "__main__":
    main()
