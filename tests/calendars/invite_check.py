"""invite_check.py: the invites of one booking through its life, parsed by an
independent parser (Debian's python3-icalendar) and checked value by value:
METHOD, a UID stable across reschedule and cancel, SEQUENCE growing, times in
Asia/Taipei, the alarm the evening before, folded Chinese text intact; then
the openings, bookings and staff duty feeds."""
import datetime
import os
import subprocess
import sys

try:
    import icalendar
except ImportError:
    print("python3-icalendar is not installed (scripts/setup.sh --with-tests installs it)")
    sys.exit(77)

TAIPEI = datetime.timezone(datetime.timedelta(hours=8))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def invites(lang, *mode):
    dump = os.path.join(os.environ["FLEXHOURS_BUILDDIR"], "tests/calendars/invite_dump")
    raw = subprocess.run([dump, lang, *mode], check=True, capture_output=True).stdout
    out = {}
    for part in raw.split(b"=== ")[1:]:
        name, _, body = part.partition(b"\n")
        out[name.decode()] = body
    return out


def check_octets(name, body):
    check(body.endswith(b"\r\n"), f"{name}: ends with CRLF")
    for line in body.split(b"\r\n"):
        check(b"\n" not in line and b"\r" not in line, f"{name}: a bare LF or CR")
        check(len(line) <= 75, f"{name}: a line of {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            check(False, f"{name}: a fold splits a UTF-8 character: {line!r}")


def event_of(name, body):
    cal = icalendar.Calendar.from_ical(body)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    check(len(events) == 1, f"{name}: one VEVENT")
    zones = [c for c in cal.walk() if c.name == "VTIMEZONE"]
    check(len(zones) == 1 and str(zones[0]["TZID"]) == "Asia/Taipei",
          f"{name}: the VTIMEZONE of Asia/Taipei")
    return cal, events[0]


def main():
    lives = {"zh-TW": invites("zh-TW"), "en": invites("en")}
    for lang, life in lives.items():
        check(list(life) == ["pending", "confirmed", "rescheduled", "cancelled"], "four invites")
        uids = set()
        expected = {
            "pending": ("REQUEST", 0, "TENTATIVE", datetime.datetime(2025, 3, 9, 9, 0)),
            "confirmed": ("REQUEST", 0, "CONFIRMED", datetime.datetime(2025, 3, 9, 9, 0)),
            "rescheduled": ("REQUEST", 1, "CONFIRMED", datetime.datetime(2025, 3, 16, 10, 0)),
            "cancelled": ("CANCEL", 2, "CANCELLED", datetime.datetime(2025, 3, 16, 10, 0)),
        }
        for name, body in life.items():
            label = f"{lang} {name}"
            check_octets(label, body)
            cal, ev = event_of(label, body)
            method, sequence, status, start = expected[name]
            check(str(cal["METHOD"]) == method, f"{label}: METHOD {cal['METHOD']}")
            check(int(ev["SEQUENCE"]) == sequence, f"{label}: SEQUENCE {ev['SEQUENCE']}")
            check(str(ev["STATUS"]) == status, f"{label}: STATUS {ev['STATUS']}")
            uids.add(str(ev["UID"]))
            dtstart = ev.decoded("DTSTART")
            dtend = ev.decoded("DTEND")
            check(dtstart.tzinfo is not None, f"{label}: DTSTART is not floating")
            check(dtstart.utcoffset() == datetime.timedelta(hours=8), f"{label}: +08:00")
            check(dtstart == start.replace(tzinfo=TAIPEI), f"{label}: DTSTART {dtstart}")
            check(dtend - dtstart == datetime.timedelta(hours=1), f"{label}: an hour long")
            check(ev["DTSTART"].params.get("TZID") == "Asia/Taipei", f"{label}: TZID")
            check(str(ev["ORGANIZER"]) == "mailto:taichung-south@flexhours.invalid",
                  f"{label}: ORGANIZER {ev['ORGANIZER']}")
            check(str(ev["ATTENDEE"]) == "mailto:ming@example.org", f"{label}: ATTENDEE")
            check(ev["ATTENDEE"].params.get("CN") == "王小明", f"{label}: ATTENDEE CN")
            # Nothing reads replies: no Accept/Decline buttons that do nothing.
            check(ev["ATTENDEE"].params.get("RSVP") == "FALSE", f"{label}: RSVP=FALSE")
            check(ev["ATTENDEE"].params.get("PARTSTAT") == "ACCEPTED", f"{label}: PARTSTAT")
            summary, description = str(ev["SUMMARY"]), str(ev["DESCRIPTION"])
            check("K7QX3MZP" in description, f"{label}: the booking code")
            check("/b/K7QX3MZP?token=00112233445566778899aabbccddeeff" in description,
                  f"{label}: the manage link, unbroken")
            if lang == "zh-TW":
                check(summary.endswith("結婚登記預約：臺中市南區戶政事務所（示範）"), f"{label}: {summary}")
                if method == "REQUEST":
                    check("・結婚書約（二位成年證人簽名或蓋章）\n" in description,
                          f"{label}: the documents, folded text intact")
                    check("・雙方最近二年內彩色半身照片各一張\n" in description, f"{label}: photo")
            else:
                check("Marriage registration appointment" in summary, f"{label}: {summary}")
                if method == "REQUEST":
                    check("Documents to bring:" in description, f"{label}: documents")
            alarms = [c for c in ev.walk() if c.name == "VALARM"]
            if method == "REQUEST":
                check(len(alarms) == 1, f"{label}: one VALARM")
                trigger = alarms[0].decoded("TRIGGER")
                evening = (start - datetime.timedelta(days=1)).replace(hour=19, minute=0)
                check(trigger == evening.replace(tzinfo=TAIPEI), f"{label}: TRIGGER {trigger}")
            else:
                check(not alarms, f"{label}: a cancellation carries no alarm")
        check(len(uids) == 1, f"{lang}: one UID for the whole life, got {uids}")
    check_feeds()
    check_duties()
    print("PASS" if not failures else f"FAIL ({len(failures)})")
    return 1 if failures else 0


def check_feeds():
    """The openings feed of 2025-10-06..12 under the real 2025 calendar:
    中秋節 Monday and 國慶日 Friday bring holiday duty only, the Saturday of
    that long weekend has no Saturday service but holiday duty, and the
    working days between have their noon and evening windows."""
    first = invites("zh-TW", "feed")
    second = invites("zh-TW", "feed")
    check(first == second, "a feed is the same from one fetch to the next")
    for name, body in first.items():
        check_octets(f"feed {name}", body)
    cal = icalendar.Calendar.from_ical(first["openings"])
    check(str(cal["METHOD"]) == "PUBLISH", "openings: METHOD:PUBLISH")
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    got = sorted((e.decoded("DTSTART").strftime("%m-%d %H:%M"),
                  e.decoded("DTEND").strftime("%H:%M"), str(e["SUMMARY"])) for e in events)
    holiday = "假日結婚登記（預約制）"
    want = sorted([("10-06 09:00", "12:00", holiday)] +
                  [(f"10-0{d} 12:00", "13:30", "中午彈性服務") for d in (7, 8, 9)] +
                  [(f"10-0{d} 17:30", "18:30", "夜間延長服務") for d in (7, 8, 9)] +
                  [("10-10 09:00", "12:00", holiday), ("10-11 09:00", "12:00", holiday),
                   ("10-12 09:00", "12:00", holiday)])
    check(got == want, f"openings: {got}")
    check(all(e.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=8) for e in events),
          "openings: times in Asia/Taipei")
    uids = [str(e["UID"]) for e in events]
    check(len(set(uids)) == len(uids), "openings: one UID per opening")
    check("taichung-south-noon-1200-20251007@flexhours" in uids, f"openings: UIDs {uids[:3]}")
    noon = [e for e in events if str(e["UID"]).startswith("taichung-south-noon-1200-20251007")][0]
    check("受理項目：結婚登記、改名登記" in str(noon["DESCRIPTION"]), "openings: services listed")

    cal = icalendar.Calendar.from_ical(first["bookings"])
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    check([str(e["SUMMARY"]) for e in events] ==
          ["K7QX3MZP 印鑑登記（已確認）", "P4RT9WXY 結婚登記（待確認）"], "bookings: summaries")
    check([str(e["STATUS"]) for e in events] == ["CONFIRMED", "TENTATIVE"], "bookings: status")
    check(b"ming@example.org" not in first["bookings"] and "王小明".encode() not in first["bookings"],
          "bookings feed: no personal data")
    check(str(events[0]["UID"]) == "K7QX3MZP@taichung-south.flexhours", "bookings: the booking UID")


def check_duties():
    """A staff member's duty feed for the week of 2025-10-06 under the real
    2025 calendar: the duties asked for that have no window that day (noon
    on 國慶日, Saturday service on the long weekend) are left out, the rest
    are at their windows' hours in Asia/Taipei, with UIDs that stay put."""
    fetches = invites("zh-TW", "duties")
    check(list(fetches) == ["duties1", "duties2"], f"duties: two fetches, got {list(fetches)}")
    check(fetches["duties1"] == fetches["duties2"], "duties: the same from one fetch to the next")
    body = fetches["duties1"]
    check_octets("duties", body)
    cal = icalendar.Calendar.from_ical(body)
    check(str(cal["METHOD"]) == "PUBLISH", "duties: METHOD:PUBLISH")
    zones = [c for c in cal.walk() if c.name == "VTIMEZONE"]
    check(len(zones) == 1 and str(zones[0]["TZID"]) == "Asia/Taipei", "duties: the VTIMEZONE")
    calname = str(cal["X-WR-CALNAME"])
    check("林美華" in calname and "臺中市南區戶政事務所（示範）" in calname,
          f"duties: X-WR-CALNAME {calname}")
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    holiday = "假日結婚登記值班 Holiday wedding duty"
    want = [
        ("duty-S017-20251006-holiday@taichung-south.flexhours", (10, 6, 9, 0), (12, 0), holiday,
         "8 小時"),
        ("duty-S017-20251007-noon@taichung-south.flexhours", (10, 7, 12, 0), (13, 30),
         "中午彈性服務 Noon duty", "1 小時 30 分"),
        ("duty-S017-20251008-evening@taichung-south.flexhours", (10, 8, 17, 30), (18, 30),
         "夜間延長服務 Evening duty", "1 小時"),
        ("duty-S017-20251010-holiday@taichung-south.flexhours", (10, 10, 9, 0), (12, 0), holiday,
         "8 小時"),
    ]
    check(len(events) == len(want), f"duties: {len(events)} events")
    for ev, (uid, (mo, d, h, mi), (eh, em), summary, comp) in zip(events, want):
        label = f"duties {uid}"
        check(str(ev["UID"]) == uid, f"{label}: UID {ev['UID']}")
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        check(ev["DTSTART"].params.get("TZID") == "Asia/Taipei", f"{label}: TZID")
        check(start.utcoffset() == datetime.timedelta(hours=8), f"{label}: +08:00")
        check(start == datetime.datetime(2025, mo, d, h, mi, tzinfo=TAIPEI),
              f"{label}: DTSTART {start}")
        check(end == datetime.datetime(2025, mo, d, eh, em, tzinfo=TAIPEI), f"{label}: DTEND {end}")
        check(str(ev["SUMMARY"]) == summary, f"{label}: SUMMARY {ev['SUMMARY']}")
        check(str(ev["LOCATION"]) == "臺中市南區（示範地址）", f"{label}: LOCATION")
        description = str(ev["DESCRIPTION"])
        check(f"可得補休：{comp}\n" in description, f"{label}: compensatory time, folded text intact")
        check("Compensatory time earned:" in description, f"{label}: in English too")
        check("林美華" not in description + str(ev["SUMMARY"]), f"{label}: no name in the event")
        check(str(ev["TRANSP"]) == "OPAQUE", f"{label}: busy")


sys.exit(main())
