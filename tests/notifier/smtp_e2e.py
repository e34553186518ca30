"""smtp_e2e.py: the e-mail transport against a real SMTP server (aiosmtpd,
tests/peers/smtp_sink.py) on loopback. Every delivered message is parsed by
Python's email package (policy.default) and its calendar by python3-icalendar:
headers decoded, Date and Message-ID, multipart/alternative with text/plain
and text/calendar; method=REQUEST (or CANCEL), the invite.ics attachment
byte-identical to the calendar part. Then one batch over one session, a
refused recipient (permanent), 451 (retry), the server down and a server
that never answers (retry, fast), and STARTTLS (capped at TLS 1.2) with AUTH:
good password, bad password, untrusted certificate."""
import datetime
import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import SmtpSink, check, finish, free_port, missing, send_tool  # noqa: E402

try:
    import aiosmtpd  # noqa: F401
    import icalendar
except ImportError as e:
    print(f"{e.name} is missing: run with Debian's /usr/bin/python3 "
          "(apt-get install python3-aiosmtpd python3-icalendar)")
    sys.exit(77)

OFFICE = "taichung-south@flexhours.invalid"
OFFICE_NAME = "臺中市南區戶政事務所"
UID = "K7QX3MZP@taichung-south.flexhours"
SUBJECTS = {
    "request": "預約已確認：2025年3月9日（星期日）上午9時 結婚登記，臺中市南區戶政事務所",
    "cancel": "預約已取消：2025年3月9日 結婚登記",
    "plain": "預約提醒：明天上午9時 結婚登記",
}
TAIPEI = datetime.timezone(datetime.timedelta(hours=8))


def parse_outcomes(lines):
    out = []
    for line in lines:
        index, status, code, accepted, reason = (line.split(" ", 4) + [""])[:5]
        out.append({"status": status, "code": int(code), "accepted": int(accepted),
                    "reason": reason})
        check("@" not in reason, f"a reason holds an address: {reason}")
    return out


def check_octets(label, raw):
    check(b"\n" not in raw.replace(b"\r\n", b""), f"{label}: a bare LF")
    check(all(b < 0x80 for b in raw), f"{label}: not 7-bit clean")
    for line in raw.split(b"\r\n"):
        check(len(line) <= 998, f"{label}: a line of {len(line)} octets")


def check_message(label, raw, kind, index, rcpt):
    check_octets(label, raw)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    check(not msg.defects, f"{label}: defects {msg.defects}")
    for part in msg.walk():
        check(not part.defects, f"{label}: part defects {part.defects}")
    frm = msg["From"].addresses[0]
    check(frm.display_name == OFFICE_NAME and frm.addr_spec == OFFICE, f"{label}: From {frm}")
    to = msg["To"].addresses[0]
    check(to.display_name == "王小明" and to.addr_spec == rcpt, f"{label}: To {to}")
    check(str(msg["Subject"]) == SUBJECTS[kind], f"{label}: Subject {msg['Subject']}")
    date = msg["Date"].datetime
    check(date == datetime.datetime(2025, 2, 20, 5, 20, index, tzinfo=TAIPEI)
          and date.utcoffset() == datetime.timedelta(hours=8), f"{label}: Date {msg['Date']}")
    check(msg["Message-ID"] == f"<flexhours.{kind}.{index}@flexhours.invalid>",
          f"{label}: Message-ID {msg['Message-ID']}")
    check(msg["MIME-Version"] == "1.0", f"{label}: MIME-Version")

    if kind == "plain":
        check(msg.get_content_type() == "text/plain", f"{label}: text/plain")
        check(msg.get_content_charset() == "utf-8", f"{label}: charset")
        check(msg.get_content() == "王小明您好：明天上午9時請準時到場。\r\n", f"{label}: body")
        return None

    method = "REQUEST" if kind == "request" else "CANCEL"
    check(msg.get_content_type() == "multipart/mixed", f"{label}: multipart/mixed")
    parts = list(msg.iter_parts())
    check(len(parts) == 2, f"{label}: two parts in multipart/mixed")
    alt = parts[0]
    check(alt.get_content_type() == "multipart/alternative", f"{label}: multipart/alternative")
    alts = list(alt.iter_parts())
    check([p.get_content_type() for p in alts] == ["text/plain", "text/calendar"],
          f"{label}: alternative parts {[p.get_content_type() for p in alts]}")
    text, cal = alts[0], alts[1]
    check(text.get_content_charset() == "utf-8", f"{label}: text charset")
    body = text.get_content()
    if kind == "request":
        check("您的結婚登記預約已確認" in body, f"{label}: the Chinese text")
        check("\r\n.\r\n" in body, f"{label}: a line holding only '.' survived")
    check(cal.get_param("method") == method, f"{label}: MIME method {cal.get_param('method')}")
    check(cal.get_content_charset() == "utf-8", f"{label}: calendar charset")
    att = parts[1]
    check(att.get_content_type() == "application/ics", f"{label}: application/ics")
    check(att.is_attachment() and att.get_filename() == "invite.ics", f"{label}: attachment")
    check(att.get_param("name") == "invite.ics", f"{label}: name=invite.ics")
    check(att["Content-Transfer-Encoding"] == "base64", f"{label}: attachment in base64")
    cal_bytes = cal.get_payload(decode=True)
    check(att.get_payload(decode=True) == cal_bytes, f"{label}: attachment differs from calendar")

    ical = icalendar.Calendar.from_ical(cal_bytes)
    check(str(ical["METHOD"]) == method, f"{label}: METHOD {ical.get('METHOD')}")
    check(str(ical["METHOD"]) == cal.get_param("method"), f"{label}: METHOD equals MIME method")
    events = [c for c in ical.walk() if c.name == "VEVENT"]
    check(len(events) == 1, f"{label}: one VEVENT")
    ev = events[0]
    check(str(ev["UID"]) == UID, f"{label}: UID {ev.get('UID')}")
    check(str(ev["ORGANIZER"]).lower() == f"mailto:{OFFICE}", f"{label}: ORGANIZER is From")
    check(str(ev["ATTENDEE"]).lower() == f"mailto:{rcpt}", f"{label}: ATTENDEE")
    check(ev["ATTENDEE"].params.get("RSVP") == "FALSE", f"{label}: no reply asked for")
    if kind == "cancel":
        check(str(ev["STATUS"]) == "CANCELLED" and int(ev["SEQUENCE"]) == 1,
              f"{label}: cancelled, SEQUENCE 1")
    return ev


def test_delivery():
    with SmtpSink() as sink:
        lines = send_tool("smtp", "--port", str(sink.port),
                                "request:ming@example.org", "cancel:ming@example.org",
                                "plain:mei@example.org", "plain:bad-user@example.org",
                                "request:lin@example.org,bad2@example.org")
        out = parse_outcomes(lines)
        check([o["status"] for o in out] == ["sent", "sent", "sent", "failed", "failed"],
              f"outcomes {out}")
        check(all(o["code"] == 250 and o["accepted"] == 1 for o in out[:3]), "250 for the sent")
        check(out[3]["code"] == 550 and out[3]["accepted"] == 0
              and "RCPT" in out[3]["reason"] and "rejected" in out[3]["reason"],
              f"refused recipient: {out[3]}")
        # Partial: one recipient took it, the other refused: the job failed,
        # and accepted tells the message went to someone.
        check(out[4]["code"] == 550 and out[4]["accepted"] == 1, f"partial: {out[4]}")
        got = sink.messages()
        check(len(got) == 4, f"{len(got)} messages delivered, expected 4")
        if len(got) == 4:
            ev_req = check_message("request", got[0][0], "request", 0, "ming@example.org")
            ev_can = check_message("cancel", got[1][0], "cancel", 1, "ming@example.org")
            check_message("plain", got[2][0], "plain", 2, "mei@example.org")
            check_message("partial", got[3][0], "request", 4, "lin@example.org")
            if ev_req is not None and ev_can is not None:
                check(int(ev_can["SEQUENCE"]) > int(ev_req["SEQUENCE"]), "CANCEL SEQUENCE grows")
            check(got[0][1]["mail_from"] == OFFICE, "envelope sender is the office")
            check(got[0][1]["rcpt_tos"] == ["ming@example.org"], "envelope recipient")
            check(got[3][1]["rcpt_tos"] == ["lin@example.org"], "partial: only the good one")


def test_batch_one_session():
    """Ten messages, one session: the sink sees one connection."""
    with SmtpSink() as sink:
        specs = [f"plain:p{i}@example.org" for i in range(10)]
        lines = send_tool("smtp", "--port", str(sink.port), *specs)
        out = parse_outcomes(lines)
        check(len(out) == 10 and all(o["status"] == "sent" for o in out), f"batch: {out}")
        got = sink.messages()
        check(len(got) == 10, f"batch: {len(got)} delivered")
        check([g[1]["rcpt_tos"][0] for g in got] == [f"p{i}@example.org" for i in range(10)],
              "batch: in order")
        connections = {g[1]["connection"] for g in got}
        check(connections == {1}, f"batch used connections {connections}")


def test_tempfail():
    with SmtpSink("--tempfail-count", "1") as sink:
        lines = send_tool("smtp", "--port", str(sink.port),
                             "plain:a@example.org", "plain:b@example.org")
        out = parse_outcomes(lines)
        check(out[0]["status"] == "retry" and out[0]["code"] == 451
              and "MAIL" in out[0]["reason"], f"451 is retry: {out[0]}")
        check(out[1]["status"] == "sent", f"the session goes on after 451: {out[1]}")
        check(len(sink.messages()) == 1, "one delivered after a 451")
        # The resend of the same message (same Message-ID) goes through.
        open(os.path.join(sink.dir, "TEMPFAIL"), "w").close()
        lines = send_tool("smtp", "--port", str(sink.port), "plain:a@example.org")
        check(parse_outcomes(lines)[0]["status"] == "retry", "TEMPFAIL file: retry")
        os.unlink(os.path.join(sink.dir, "TEMPFAIL"))
        lines = send_tool("smtp", "--port", str(sink.port), "plain:a@example.org")
        check(parse_outcomes(lines)[0]["status"] == "sent", "sent once the server recovers")


def test_server_down():
    port = free_port()
    lines = send_tool("smtp", "--port", str(port), "--timeout-ms", "2000",
                            "plain:a@example.org", "request:b@example.org")
    out = parse_outcomes(lines)
    check(len(out) == 2 and all(o["status"] == "retry" and o["code"] == 0 for o in out),
          f"server down: {out}")
    check(all("Connection refused" in o["reason"] for o in out),
          f"server down: the reason says the connection was refused: {out}")

    # A server that takes the connection and never speaks: the greeting
    # timeout ends it.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        lines = send_tool("smtp", "--port", str(s.getsockname()[1]), "--timeout-ms", "1000",
                                "plain:a@example.org")
        out = parse_outcomes(lines)
        check(len(out) == 1 and out[0]["status"] == "retry", f"hung server: {out}")
        check(out and "no reply (timeout" in out[0]["reason"],
              f"hung server: the sender's own timeout ended it: {out}")


def make_cert(d, name):
    key, cert = os.path.join(d, name + "-key.pem"), os.path.join(d, name + ".pem")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1"],
                       capture_output=True)
    return (cert, key) if r.returncode == 0 else None


def test_starttls_auth():
    if shutil.which("openssl") is None:
        missing("no openssl command to make the STARTTLS certificates")
    with tempfile.TemporaryDirectory() as d:
        pair, other = make_cert(d, "sink"), make_cert(d, "other")
        if not check(pair is not None and other is not None, "openssl made certificates"):
            return
        cert, key = pair
        with SmtpSink("--tls", cert, key, "--auth", "office:s3cret") as sink:
            base = ["smtp", "--port", str(sink.port), "--starttls", "--ca", cert,
                    "--timeout-ms", "3000"]
            # Several sessions in a row: none may hang (the TLS 1.3 trap).
            for i in range(5):
                lines = send_tool(*base, "--user", "office", "--pass", "s3cret",
                                        f"request:t{i}@example.org")
                out = parse_outcomes(lines)
                check(out and out[0]["status"] == "sent", f"TLS+AUTH session {i}: {out}")
            got = sink.messages()
            check(len(got) == 5, f"TLS: {len(got)} delivered")
            if got:
                env = got[0][1]
                check(env["tls"] and env["tls_version"] == "TLSv1.2", f"TLS envelope {env}")
                check(env["auth"] and env["login"] == "office", f"AUTH envelope {env}")
                check_message("tls request", got[0][0], "request", 0, "t0@example.org")

            lines = send_tool(*base, "--user", "office", "--pass", "wrong",
                                    "plain:a@example.org")
            out = parse_outcomes(lines)
            check(out and out[0]["status"] == "retry" and "AUTH" in out[0]["reason"]
                  and out[0]["code"] == 535, f"wrong password: {out}")
            lines = send_tool(*base, "plain:a@example.org")
            out = parse_outcomes(lines)
            check(out and out[0]["status"] == "retry" and out[0]["code"] == 530,
                  f"no AUTH where required: {out}")
            # Without our CA the self-signed certificate is refused: nothing
            # goes out in clear.
            lines = send_tool("smtp", "--port", str(sink.port), "--starttls",
                                 "--ca", other[0], "--timeout-ms", "3000",
                                 "--user", "office", "--pass", "s3cret", "plain:a@example.org")
            out = parse_outcomes(lines)
            check(out and out[0]["status"] == "retry", f"untrusted certificate: {out}")
            check(len(sink.messages()) == 5, "nothing more delivered")
            print("untrusted certificate:", out[0]["reason"] if out else None)


def main():
    test_delivery()
    test_batch_one_session()
    test_tempfail()
    test_server_down()
    test_starttls_auth()
    finish()


if __name__ == "__main__":
    main()
