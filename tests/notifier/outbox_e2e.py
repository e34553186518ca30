"""outbox_e2e.py: the outbox end to end, flexhours serving with a real SMTP
server (aiosmtpd) and a real SMS gateway (Kannel with its fake SMSC) on
loopback: the invite of a booking and its SMS, a pending booking's
"received" then its invite on confirmation, a reschedule's REQUEST with a
higher SEQUENCE and a cancellation's CANCEL, each e-mail parsed as a MIME
message and its calendar by icalendar; reminders at FLEXHOURS_NOW (a late
booking gets none, a moved booking's move with it); the SMTP server down for
a while then back, the clock moved by the test (every message once); the gateway refusing (failed, with
the error visible); and kill -9 with a full outbox."""
import email
import email.policy
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, HERE)
import e2e  # noqa: E402
import fhtest  # noqa: E402
from e2e import check  # noqa: E402
from fhtest import booking  # noqa: E402

try:
    import icalendar
    import kannel as kannel_peer
except ImportError as e:
    e2e.missing(str(e))

NOW = "2026-03-02T09:00:00+08:00"  # a Monday
OFFICE_FROM = "office@taichung-south.example"
OFFICE_MAILBOX = "counter@taichung-south.example"


def config(smtp_port, sms=None, **notifier):
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    # The evening window takes bookings until it begins, so a booking can be
    # made after its e-mail reminder's time.
    for w in cfg["offices"][0]["windows"]:
        if w["name"] == "evening":
            w["cutoff"] = {"days": 0, "at": "slot"}
    cfg["smtp"] = {"host": "127.0.0.1", "port": smtp_port, "from": OFFICE_FROM}
    # The office's own mailbox differs from the sending address: answers go there.
    cfg["offices"][0]["email"] = OFFICE_MAILBOX
    if sms is not None:
        cfg["sms"] = sms
    cfg["notifier"] = {"poll_ms": 50, "retry_seconds": 1, **notifier}
    return cfg


def kannel_at(workdir, name):
    path = os.path.join(workdir, name)
    os.makedirs(path, exist_ok=True)
    return kannel_peer.Kannel(path)


def sms_texts(k, want, timeout=10):
    """(from, to, text, parts) of the SMS the fake SMSC got, once want are there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(kannel_peer.texts(k.messages())) < want:
        time.sleep(0.05)
    return kannel_peer.texts(k.messages())


def kannel_sms(k, password=kannel_peer.PASSWORD):
    return {"provider": "kannel", "url": k.sendsms_url, "username": "booking",
            "password": password, "from": "TaichungSouth"}


OFFICE_MAILBOX = "taichung-south@flexhours.invalid"  # the demo office's own address


def parsed(sink, to_office=False):
    """The messages to the citizens (or those to the office's mailbox)."""
    msgs = [email.message_from_bytes(raw, policy=email.policy.default)
            for raw, _ in sink.messages()]
    return [m for m in msgs
            if (m["To"].addresses[0].addr_spec == OFFICE_MAILBOX) == to_office]


def mails(sink, want, timeout=10):
    """The parsed messages to citizens once at least want have arrived."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(parsed(sink)) < want:
        time.sleep(0.05)
    return parsed(sink)


def calendar_of(msg):
    """(MIME method, parsed calendar) of an invite, or (None, None)."""
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), icalendar.Calendar.from_ical(part.get_content())
    return None, None


def vevent(cal):
    return [c for c in cal.walk() if c.name == "VEVENT"][0]


def cli(srv, *args, now=None):
    env = dict(os.environ, FLEXHOURS_NOW=now or srv.now)
    r = subprocess.run([srv.bin, *args, "--config", srv.config_path, "--db", srv.db],
                       capture_output=True, env=env, cwd=srv.dir, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def lifecycle(workdir):
    """Invites, SMS and reminders through bookings' lives."""
    with e2e.SmtpSink() as sink, kannel_at(workdir, "kannel") as k:
        srv = fhtest.Server(config(sink.port, kannel_sms(k)), now=NOW).start()
        try:
            # A noon seal registration on Wednesday: the invite and an SMS.
            st, _, a = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T12:00:00+08:00", 1,
                                           service="seal_registration"))
            check(st == 201, "book a noon seal registration")
            got = mails(sink, 1)
            check(len(got) == 1, f"one e-mail for one booking (got {len(got)})")
            m = got[0]
            check(m["From"].addresses[0].addr_spec == OFFICE_FROM, "From is the office")
            check(m["To"].addresses[0].addr_spec == "p1@example.com.tw", "To is the citizen")
            check(m["To"].addresses[0].display_name == "測試 1", "the name in To, decoded")
            check(str(m["Subject"]).startswith("預約確認：印鑑登記 2026-03-04（三）12:00"),
                  f"the subject, RFC 2047 decoded: {m['Subject']}")
            check(m["Date"] is not None and m["Message-ID"] is not None, "Date and Message-ID")
            check(m.get_content_type() == "multipart/mixed", "multipart/mixed")
            alt = [p for p in m.iter_parts() if p.get_content_type() == "multipart/alternative"]
            check(len(alt) == 1 and [p.get_content_type() for p in alt[0].iter_parts()] ==
                  ["text/plain", "text/calendar"], "text/plain and text/calendar alternatives")
            text = alt[0].get_body(("plain",)).get_content() if alt else ""
            check("預約代碼：" + a["code"] in text, "the booking code in the text")
            check("應備證件（正本）：" in text and "・擬登記之印鑑章" in text, "documents to bring")
            attachment = [p for p in m.iter_attachments() if p.get_filename() == "invite.ics"]
            method, cal = calendar_of(m)
            check(method == "REQUEST" and str(cal["METHOD"]) == "REQUEST", "method=REQUEST")
            check(len(attachment) == 1 and attachment[0].get_content() in
                  (alt[0].get_payload()[1].get_content(),
                   alt[0].get_payload()[1].get_content().encode()), "the same .ics attached")
            ev = vevent(cal)
            uid = str(ev["UID"])
            check(uid == a["code"] + "@taichung-south.flexhours", "UID")
            check(int(ev["SEQUENCE"]) == 0 and str(ev["STATUS"]) == "CONFIRMED", "SEQUENCE 0")
            # The organizer is the sender (or mail apps call it forwarded);
            # replies go to the office's mailbox; no reply is asked for.
            check(str(ev["ORGANIZER"]).lower() == "mailto:" + OFFICE_FROM,
                  f"ORGANIZER is From: {ev['ORGANIZER']}")
            check(OFFICE_FROM in str(m["From"]), f"From: {m['From']}")
            check(str(m["Reply-To"] or "").endswith("<%s>" % OFFICE_MAILBOX),
                  f"Reply-To: {m['Reply-To']}")
            check(ev["ATTENDEE"].params.get("RSVP") == "FALSE", "RSVP=FALSE")
            sms = sms_texts(k, 1)
            check(len(sms) == 1 and sms[0][1].endswith("900000001"),
                  f"one SMS to the booker: {[(f, t) for f, t, _, _ in sms]}")
            check(len(sms) == 1 and "印鑑登記預約已確認 3/4（三）12:00 代碼" + a["code"] in sms[0][2],
                  f"the Chinese SMS arrives intact: {sms[:1]}")
            # It ends with the booking's page, whole (a page, not JSON).
            check(len(sms) == 1 and re.search(r" https?://[^ ]+/b/%s\?k=[0-9a-f]{32}$" % a["code"],
                                              sms[0][2]) is not None,
                  f"the SMS ends with the link to the booking's page: {sms[:1]}")

            # A Sunday wedding waits for the manager: "received", then the invite.
            st, _, w = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-08T09:00:00+08:00", 2))
            check(st == 201 and w["status"] == "pending", "a pending wedding")
            got = mails(sink, 2)
            check(len(got) == 2 and str(got[1]["Subject"]).startswith("已收到預約申請（待確認）"),
                  "the pending booking's e-mail says it is received")
            check(len(got) == 2 and calendar_of(got[1]) == (None, None),
                  "no invite before the confirmation")
            # Nobody is on holiday duty that day: the office hears of it.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not parsed(sink, to_office=True):
                time.sleep(0.05)
            alert = parsed(sink, to_office=True)
            check(len(alert) == 1 and str(alert[0]["Subject"]).startswith(
                "假日結婚登記值班待指派：2026-03-08（日）09:00") and
                  w["code"] in str(alert[0]["Subject"]),
                  "the office is told that nobody is on holiday duty: %r" %
                  ([str(a["Subject"]) for a in alert],))
            st, _, _ = srv.request("POST", "/api/v1/bookings/%s/confirm" % w["code"],
                                   headers=srv.manager())
            got = mails(sink, 3)
            method, cal = calendar_of(got[2]) if len(got) == 3 else (None, None)
            check(method == "REQUEST" and str(vevent(cal)["STATUS"]) == "CONFIRMED",
                  "the invite comes with the confirmation")

            # Moved, then cancelled: same UID, SEQUENCE 1, then CANCEL 2.
            tok = {"X-Manage-Token": a["manage_token"]}
            st, _, _ = srv.request("POST", "/api/v1/bookings/%s/reschedule" % a["code"],
                                   {"start": "2026-03-05T12:30:00+08:00"}, tok)
            got = mails(sink, 4)
            method, cal = calendar_of(got[3]) if len(got) == 4 else (None, None)
            check(method == "REQUEST" and str(vevent(cal)["UID"]) == uid and
                  int(vevent(cal)["SEQUENCE"]) == 1, "the move: same UID, SEQUENCE 1")
            check(method and vevent(cal).decoded("DTSTART").isoformat() ==
                  "2026-03-05T12:30:00+08:00", "the move: the new time")
            st, _, _ = srv.request("DELETE", "/api/v1/bookings/" + a["code"], headers=tok)
            got = mails(sink, 5)
            method, cal = calendar_of(got[4]) if len(got) == 5 else (None, None)
            check(method == "CANCEL" and str(cal["METHOD"]) == "CANCEL" and
                  str(vevent(cal)["STATUS"]) == "CANCELLED" and
                  int(vevent(cal)["SEQUENCE"]) == 2 and str(vevent(cal)["UID"]) == uid,
                  "the cancellation: METHOD:CANCEL, same UID, SEQUENCE 2")
            check(len(sms_texts(k, 5)) == 5, "an SMS for each of the five changes")

            # English, for the other language's words.
            st, _, e = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T17:30:00+08:00", 3, lang="en",
                                           service="id_replacement"))
            got = mails(sink, 6)
            check(len(got) == 6 and str(got[5]["Subject"]).startswith(
                "Booking confirmed: National ID card, replacement"), "an English subject")

            # A booking made late on Tuesday for Wednesday evening: its e-mail
            # reminder time (19:00 Tuesday) has passed already, so it gets none.
            # The server, back at 20:30, sends the reminders due since 19:00.
            before = len(parsed(sink))
            srv.stop()
            srv.now = "2026-03-03T20:30:00+08:00"
            srv.start()
            st, _, late = srv.request("POST", "/api/v1/bookings",
                                      booking("2026-03-04T18:00:00+08:00", 4,
                                              service="seal_change"))
            check(st == 201, "a late booking")
            mails(sink, 7)
            srv.stop()
            status, out, _ = cli(srv, "outbox", "list", "--status", "queued")
            reminders = [line for line in out.splitlines() if " reminder " in line]
            codes = {line.split()[1] for line in reminders}
            check(late["code"] in codes, "the late booking keeps its SMS reminder")
            check(sum(1 for line in reminders if late["code"] in line and " email " in line) == 0,
                  "but gets no stale e-mail reminder")
            check(a["code"] not in codes, "a cancelled booking has no reminder left")

            # The e-mail reminders went the evening before; at 16:00 the SMS.
            got = mails(sink, before + 2)
            subjects = [str(m["Subject"]) for m in got[before:]]
            check(any(s.startswith("Reminder: National ID card, replacement") for s in subjects),
                  f"the e-mail reminder the evening before: {subjects}")
            status, out, err = cli(srv, "outbox", "send", now="2026-03-04T16:00:00+08:00")
            check(status == 0 and "handled" in out, "outbox send: " + err)
            texts = [t for _, _, t, _ in sms_texts(k, 8)]
            check(any("提醒" in t and late["code"] in t for t in texts),
                  "the late booking's SMS reminder two hours before")
            check(any(t.startswith("Taichung South") and "reminder" in t and e["code"] in t
                      for t in texts), "the English booking's SMS reminder, in English")
        finally:
            srv.cleanup()


def smtp_down_then_back(workdir):
    """Messages queued while the SMTP server is away arrive once it is back,
    each exactly once. The clock is the test's: the server tries at 09:00,
    and is started again ten minutes later, when the retries are due."""
    port = e2e.free_port()
    srv = fhtest.Server(config(port), now=NOW).start()
    try:
        codes = []
        for n in range(5):
            st, _, b = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T%02d:00:00+08:00" % (8 + n), 10 + n,
                                           service="seal_registration"))
            check(st == 201, "book while the mail server is down")
            codes.append(b["code"])
        deadline = time.monotonic() + 30  # a hang guard: the worker's first pass
        tried = []
        while time.monotonic() < deadline:
            st, _, queued = srv.request("GET", "/api/v1/outbox?status=queued",
                                        headers=srv.manager())
            tried = [m for m in queued if m["channel"] == "email" and m["kind"] == "confirmed"]
            if len(tried) == 5 and all(m["attempts"] >= 1 for m in tried):
                break
            time.sleep(0.05)
        check(len(tried) == 5 and all(m["attempts"] == 1 for m in tried) and
              all("last_error" in m for m in tried),
              "tried once at 09:00 (the clock stands still), the error recorded: %s" % tried)
        check(not any("@" in m.get("last_error", "") for m in queued), "no address in errors")
        srv.stop()
        with e2e.SmtpSink("--port", str(port)) as sink:
            srv.now = "2026-03-02T09:10:00+08:00"
            srv.start()
            got = mails(sink, 5, timeout=30)
            srv.stop()
            srv.now = "2026-03-02T09:20:00+08:00"
            srv.start()
            st, _, queued = srv.request("GET", "/api/v1/outbox?status=queued",
                                        headers=srv.manager())
            check(not [m for m in queued if m["kind"] == "confirmed"],
                  "nothing of them left queued: %s" % queued)
            srv.stop()
            ids = [str(m["Message-ID"]) for m in sink_messages(sink)]
            check(len(ids) == 5 and len(set(ids)) == 5,
                  f"all five arrive once the server is back, each once: {len(ids)}")
            check(sorted(c for c in codes) == sorted(text_code(m) for m in got),
                  "one for each booking")
    finally:
        srv.cleanup()


def sink_messages(sink):
    return [email.message_from_bytes(raw, policy=email.policy.default)
            for raw, _ in sink.messages()]


def text_code(msg):
    body = msg.get_body(("plain",)).get_content()
    for line in body.splitlines():
        if line.startswith("預約代碼："):
            return line.split("：", 1)[1].strip()
    return None


def gateway_refuses(workdir):
    """A gateway that refuses (a wrong password): the SMS fails for good, and
    a manager sees why; queued again, it fails again."""
    with e2e.SmtpSink() as sink, kannel_at(workdir, "kannel2") as k:
        srv = fhtest.Server(config(sink.port, kannel_sms(k, password="wrong")), now=NOW).start()
        try:
            st, _, b = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T12:00:00+08:00", 30,
                                           service="seal_registration"))
            deadline = time.monotonic() + 10
            failed = []
            while time.monotonic() < deadline and not failed:
                st, _, failed = srv.request("GET", "/api/v1/outbox?status=failed",
                                            headers=srv.manager())
                time.sleep(0.1)
            check(len(failed) == 1 and failed[0]["channel"] == "sms" and
                  failed[0]["booking"] == b["code"], f"the SMS failed: {failed}")
            check(failed and "403" in failed[0].get("last_error", ""),
                  "the gateway's refusal is visible")
            check(len(mails(sink, 1)) == 1, "the e-mail went all the same")
            check(k.messages() == [], "nothing reached the SMSC")
            st, _, body = srv.request("POST", "/api/v1/outbox/%d/retry" % failed[0]["id"],
                                      headers=srv.manager())
            check(st == 200 and body["status"] == "queued", "queued again by the manager")
            st, _, body = srv.request("POST", "/api/v1/outbox/%d/retry" % failed[0]["id"],
                                      headers=srv.manager())
            check(st in (200, 409), "retrying a queued message is refused or a no-op")
        finally:
            srv.cleanup()


def killed_with_full_outbox(workdir):
    """kill -9 while the outbox is full and sending: after the restart every
    message arrives; one that the server had handed over before it died but
    not yet recorded comes again with the same Message-ID, recognisable."""
    with e2e.SmtpSink() as sink:
        # A worker that waits a minute between passes lets the outbox fill.
        srv = fhtest.Server(config(sink.port, poll_ms=60000), now=NOW).start()
        try:
            n = 0
            for day in (3, 4, 5, 6, 9):
                for hour in (8, 9, 10, 11, 13, 14, 15, 16):
                    st, _, _ = srv.request("POST", "/api/v1/bookings",
                                           booking("2026-03-%02dT%02d:00:00+08:00" % (day, hour),
                                                   100 + n, service="household_transcript"))
                    n += st == 201
            check(n == 40, f"40 bookings queued ({n})")
            before = len(parsed(sink))
            srv.kill9()
            # Restart with a quick worker and kill it again while it sends.
            srv.config_path = write_config(srv, config(sink.port, poll_ms=10))
            srv.start()
            time.sleep(0.05)
            srv.kill9()
            srv.start()
            got = mails(sink, before + 40, timeout=20)
            time.sleep(0.5)
            ids = [str(m["Message-ID"]) for m in sink_messages(sink)[before:]]
            distinct = set(ids)
            check(len(distinct) == 40, f"every message arrives ({len(distinct)} of 40)")
            print(f"kill -9: {len(ids) - len(distinct)} message(s) delivered again, "
                  "each with its first Message-ID")
            status, out, _ = cli(srv, "outbox", "list", "--status", "queued")
            check(" confirmed " not in out, "nothing left queued but reminders")
        finally:
            srv.cleanup()


def typhoon_day(workdir):
    """A manager closes Wednesday (typhoon): no slot that day, its bookings
    cancelled, each holder told with METHOD:CANCEL and a link to choose
    another slot; closing again changes nothing; reopening brings the slots
    back."""
    with e2e.SmtpSink() as sink:
        srv = fhtest.Server(config(sink.port), now=NOW).start()
        try:
            codes = []
            for n, hour in ((40, 9), (41, 14)):
                st, _, b = srv.request("POST", "/api/v1/bookings",
                                       booking("2026-03-04T%02d:00:00+08:00" % hour, n,
                                               service="seal_registration"))
                codes.append(b["code"])
            mails(sink, 2)
            close = "/api/v1/offices/taichung-south/closures"
            st, _, _ = srv.request("POST", close, {"date": "2026-03-04", "reason": "颱風停班"})
            check(st == 401, "closing needs a manager")
            st, _, body = srv.request("POST", close, {"date": "2026-03-04"}, srv.manager())
            check(st == 422 and body["error"]["field"] == "reason",
                  "a closure without a reason (its messages say why)")
            st, _, body = srv.request("POST", close, {"date": "2026-02-30"}, srv.manager())
            check(st == 422 and body["error"]["field"] == "date", "a bad date")
            st, _, body = srv.request("POST", close, {"date": "2026-03-04", "reason": "颱風停班"},
                                      srv.manager())
            check(st == 200 and sorted(x["code"] for x in body["cancelled"]) == sorted(codes),
                  f"both bookings of the day cancelled: {body}")
            st, _, got = srv.request("GET", "/api/v1/bookings/" + codes[0], headers=srv.manager())
            check(got.get("status") == "cancelled", "the booking reads back cancelled")
            msgs = mails(sink, 4)[2:]
            check(len(msgs) == 2, "each holder is told")
            for m in msgs:
                method, cal = calendar_of(m)
                check(str(m["Subject"]).startswith("因停止上班，預約已取消") and method == "CANCEL",
                      f"a closure's cancellation: {m['Subject']}")
                text = m.get_body(("plain",)).get_content()
                check("/o/taichung-south/book/day?service=seal_registration" in text,
                      "with a link to choose another slot")
                check("原因：颱風停班" in text, "with the manager's reason")
            st, _, body = srv.request("GET", "/api/v1/offices/taichung-south/slots"
                                             "?service=seal_registration&from=2026-03-04"
                                             "&to=2026-03-04")
            check(st == 200 and body["slots"] == [], "no slot on the closed day")
            st, _, body = srv.request("POST", "/api/v1/bookings",
                                      booking("2026-03-04T10:00:00+08:00", 42,
                                              service="seal_registration"))
            check(st == 422 and body["error"]["code"] == "day_closed", "booking it: day_closed")
            st, _, body = srv.request("POST", close, {"date": "2026-03-04", "reason": "颱風停班"},
                                      srv.manager())
            check(st == 200 and body["cancelled"] == [], "closing again changes nothing")
            st, _, _ = srv.request("DELETE", close + "/2026-03-04", headers=srv.manager())
            check(st == 200, "reopen the day")
            st, _, body = srv.request("GET", "/api/v1/offices/taichung-south/slots"
                                             "?service=seal_registration&from=2026-03-04"
                                             "&to=2026-03-04")
            check(st == 200 and len(body["slots"]) > 0, "the slots are back")
            st, _, _ = srv.request("DELETE", close + "/2026-03-04", headers=srv.manager())
            check(st == 404, "reopening an open day")
            # The closure outlives a restart.
            st, _, _ = srv.request("POST", close, {"date": "2026-03-05", "reason": "颱風停班"},
                                   srv.manager())
            srv.stop()
            srv.start()
            st, _, body = srv.request("GET", "/api/v1/offices/taichung-south/slots"
                                             "?service=seal_registration&from=2026-03-05"
                                             "&to=2026-03-05")
            check(st == 200 and body["slots"] == [], "a closed day stays closed after a restart")
        finally:
            srv.cleanup()


def write_config(srv, cfg):
    with open(srv.config_path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False)
    return srv.config_path


def main():
    with tempfile.TemporaryDirectory() as workdir:
        try:
            lifecycle(workdir)
            smtp_down_then_back(workdir)
            gateway_refuses(workdir)
            typhoon_day(workdir)
            killed_with_full_outbox(workdir)
        except kannel_peer.KannelMissing as e:
            e2e.missing(str(e))
    e2e.finish()


main()
