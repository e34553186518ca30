"""roster.py: staffing the flexible shifts through the HTTP API, as a manager
does it: generate a month's roster (hard rules kept, no shortfall), the same
JSON from `flexhours roster show --json`, publish it (each person told by
e-mail), the places of a noon window following the staff on duty, a shrink
below what is booked refused with the bookings named and then forced, edits
that break a hard rule or race another edit refused, a holiday wedding with
nobody on holiday duty (the office told; confirming dispatches somebody),
each person's duty feed behind their key, compensatory time, and pins and
bans kept by a second month's generation."""

import datetime
import email
import email.policy
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking

MONTH = "2026-03"
TUE = "2026-03-03"
NOON = "2026-03-03T12:00:00+08:00"
SUNDAY = "2026-03-08T09:00:00+08:00"  # holiday window: pending until confirmed
STAFF = ["chen-meiling", "lin-zhiwei", "wang-xiaofen", "huang-jianhong", "zhang-yating",
         "li-junjie", "wu-peishan", "liu-guanyu", "cai-yiting", "yang-zongxian"]
NO_EMAIL = STAFF[4]  # nobody to e-mail
EMAILED = set(STAFF) - {NO_EMAIL}


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    office = cfg["offices"][0]
    office["staff"] = [
        {"id": s, "name": "職員 %d" % i, "skills": "all",
         **({"email": "%s@example.org" % s} if s in EMAILED else {})}
        for i, s in enumerate(STAFF)]
    office["roster"] = {"min_staff": {"noon": 2, "evening": 1, "saturday": 2, "holiday": 0},
                        "max_duties_per_month": 12}
    return cfg


def main(c):
    srv = fhtest.Server(config())
    try:
        srv.start()
        scenario(c, srv)
    finally:
        srv.cleanup()


def by_instance(doc):
    out = {}
    for a in doc["assignments"]:
        out.setdefault((a["date"], a["duty"]), []).append(a["staff"])
    return out


def hard_rules(c, doc, what):
    per_day = {}
    for a in doc["assignments"]:
        if a["duty"] in ("noon", "evening"):
            key = (a["staff"], a["date"])
            per_day[key] = per_day.get(key, 0) + 1
    c.eq([k for k, v in per_day.items() if v > 1], [], what + ": noon and evening on one day")
    for p in doc["staff"]:
        c.check(p["duties"] <= 12, "%s: %s has %d duties, over the cap" %
                (what, p["id"], p["duties"]))


def outbox(srv, kind):
    st, _, body = srv.request("GET", "/api/v1/outbox?limit=1000", headers=srv.manager())
    return [m for m in body if m["kind"] == kind] if st == 200 else None


def slot(srv, service, start):
    path = "/api/v1/offices/%s/slots?service=%s&from=%s&to=%s" % (
        OFFICE, service, start[:10], start[:10])
    st, _, body = srv.request("GET", path)
    for s in body.get("slots", []) if st == 200 else []:
        if s["start"] == start:
            return s
    return None


def outbox_file(srv, kind, want, timeout=15):
    """(header, parsed e-mail) of the messages of a kind that the worker wrote
    to the outbox file (no SMTP server is configured), once want are there."""
    path = os.path.join(srv.dir, "outbox.log")
    deadline = time.monotonic() + timeout
    while True:
        found = []
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                for chunk in re.split(r"^==== ", f.read(), flags=re.M)[1:]:
                    head, _, body = chunk.partition("\n")
                    if head.split()[3] == kind:
                        found.append((head, email.message_from_string(
                            body, policy=email.policy.default)))
        if len(found) >= want or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def cli_show(srv):
    env = dict(os.environ, FLEXHOURS_NOW=srv.now)
    out = subprocess.run([srv.bin, "roster", "show", "--office", OFFICE, "--month", MONTH,
                          "--json", "--config", srv.config_path, "--db", srv.db],
                         capture_output=True, env=env, timeout=60)
    return out.returncode, out.stdout.decode(), out.stderr.decode()


def scenario(c, srv):
    m = srv.manager()
    base = "/api/v1/offices/%s/roster/%s" % (OFFICE, MONTH)

    st, _, _ = srv.request("GET", base)
    c.eq(st, 401, "a roster without the manager's token")
    st, _, body = srv.request("GET", base, headers=m)
    c.eq((st, body.get("state"), body.get("assignments")), (200, "none", []), "no roster yet")
    st, _, body = srv.request("GET", "/api/v1/offices/%s/roster/2026-13" % OFFICE, headers=m)
    c.eq((st, body["error"]["code"]), (422, "invalid_field"), "month 13")

    # Before any roster, the noon window offers its configured counters.
    one = booking(NOON, 1, service="name_change")
    st, _, _ = srv.request("POST", "/api/v1/bookings", one)
    c.eq(st, 201, "a noon booking before the roster")
    c.eq(slot(srv, "name_change", NOON)["remaining"], 2, "3 counters, 1 booked")

    # ---- generate a draft ----
    st, _, draft = srv.request("POST", base + "/generate", headers=m)
    if not c.eq(st, 200, "generate: %r" % (draft,)):
        return
    c.eq((draft["office"], draft["month"], draft["state"]), (OFFICE, MONTH, "draft"), "draft")
    c.eq(draft["shortfalls"], [], "ten people cover March")
    inst = by_instance(draft)
    c.eq(len(inst.get((TUE, "noon"), [])), 2, "Tuesday noon has its minimum of two")
    c.eq(len(inst.get(("2026-03-07", "saturday"), [])), 2, "Saturday has its minimum of two")
    c.check(("2026-03-08", "holiday") not in inst, "nobody on holiday duty without bookings")
    hard_rules(c, draft, "draft")
    fair = draft.get("fairness", {})
    c.check(fair.get("spread", 99) <= fair.get("bound", -1) + 1,
            "spread %r within 1 of the bound" % (fair,))
    c.eq({tuple(sorted(a)) for a in draft["assignments"]}, {("date", "duty", "staff")},
         "assignment fields")

    # `roster show --json` prints what the API returns.
    st, _, shown = srv.request("GET", base, headers=m)
    rc, out, err = cli_show(srv)
    if c.eq(rc, 0, "roster show: %s" % err):
        c.eq(json.loads(out), shown, "roster show --json equals GET roster")

    # A draft changes nothing for citizens yet.
    c.eq(slot(srv, "name_change", NOON)["remaining"], 2, "a draft leaves the places alone")

    # ---- publish ----
    st, _, pub = srv.request("POST", base + "/publish", headers=m)
    c.eq((st, pub.get("state")), (200, "published"), "publish")
    st, _, body = srv.request("POST", base + "/publish", headers=m)
    c.eq((st, body["error"]["code"]), (409, "roster_conflict"), "publish twice")
    st, _, body = srv.request("POST", base + "/generate", headers=m)
    c.eq((st, body["error"]["code"]), (409, "roster_conflict"), "generate a published month")
    with_duty = {a["staff"] for a in pub["assignments"]}
    mailed = outbox(srv, "roster_published")
    c.eq(len(mailed), len(with_duty & EMAILED),
         "one roster e-mail per person on duty with an address")
    # What one of them reads: their own duties, with times, and their feed.
    sent = outbox_file(srv, "roster_published", len(mailed))
    c.eq(len(sent), len(mailed), "the worker sent every roster e-mail")
    first = STAFF[0]
    mine = [m for h, m in sent if m["To"].addresses[0].addr_spec == first + "@example.org"]
    if c.check(len(mine) == 1, "%s got one roster e-mail" % first):
        text = mine[0].get_body(("plain",)).get_content()
        own = sorted(a["date"] for a in pub["assignments"] if a["staff"] == first)
        for day in own:
            c.check(day in text, "the e-mail lists the duty of %s:\n%s" % (day, text))
        c.eq(sum(text.count(d) for d in set(own)) >= len(own), True, "every duty listed")
        c.check("/staff/%s/duties.ics?key=" % first in text, "the e-mail links the duty feed")
        c.check("2026" in str(mine[0]["Subject"]), "the subject names the month")

    # Places follow the staff on duty: two at noon, one booked.
    c.eq(slot(srv, "name_change", NOON)["remaining"], 1, "two on duty, one booked")
    st, _, _ = srv.request("POST", "/api/v1/bookings", booking(NOON, 2, service="name_change"))
    c.eq(st, 201, "the second place")
    st, _, body = srv.request("POST", "/api/v1/bookings", booking(NOON, 3, service="name_change"))
    c.eq((st, body["error"]["code"]), (409, "slot_full"), "no third place with two on duty")

    # ---- shrink below what is booked ----
    noon_staff = by_instance(pub)[(TUE, "noon")]
    # Take off one who has an address, so that their e-mail can be read.
    noon_staff.sort(key=lambda s: s in EMAILED)
    edit = {"date": TUE, "duty": "noon", "staff": noon_staff[:1], "version": pub["version"]}
    st, _, body = srv.request("POST", base + "/duties", edit, headers=m)
    c.eq((st, body.get("error", {}).get("code")), (409, "roster_overbooked"), "shrink refused")
    c.eq(len(body.get("bookings", [])), 1, "the booking that would lose its place is named")
    st, _, now = srv.request("GET", base, headers=m)
    c.eq(sorted(by_instance(now)[(TUE, "noon")]), sorted(noon_staff), "a refused edit changes nothing")
    c.eq(now["version"], pub["version"], "nor the version")

    edit["force"] = True
    st, _, forced = srv.request("POST", base + "/duties", edit, headers=m)
    c.eq(st, 200, "forced shrink: %r" % (forced,))
    c.eq(len(forced.get("overbooked", [])), 1, "a forced shrink lists the booking to reschedule")
    c.eq(by_instance(forced)[(TUE, "noon")], noon_staff[:1], "one on duty now")
    c.eq(slot(srv, "name_change", NOON), None, "one on duty, two booked: no place listed")
    changed = outbox(srv, "roster_changed")
    c.eq(len(changed), 1 if noon_staff[1] in EMAILED else 0,
         "the person taken off is told")
    if changed:
        sent = outbox_file(srv, "roster_changed", 1)
        if c.eq(len(sent), 1, "the change e-mail is sent"):
            text = sent[0][1].get_body(("plain",)).get_content()
            c.check("2026-03-03" not in text, "Tuesday's noon duty is gone from it:\n" + text)

    # Stale version: another manager changed it meanwhile.
    st, _, body = srv.request("POST", base + "/duties", edit, headers=m)
    c.eq((st, body["error"]["code"]), (409, "version_conflict"), "a stale version")

    # Hard rules on edits: noon and evening on one day for one person.
    evening = by_instance(forced).get((TUE, "evening"), [])
    someone = [s for s in STAFF if s not in evening][0]
    both = {"date": TUE, "duty": "evening", "staff": evening + [noon_staff[0]]}
    if noon_staff[0] not in evening:
        st, _, body = srv.request("POST", base + "/duties", both, headers=m)
        c.eq((st, body["error"]["code"]), (422, "roster_rule"), "noon and evening on one day")
    st, _, body = srv.request("POST", base + "/duties",
                              {"date": TUE, "duty": "evening", "staff": ["nobody"]}, headers=m)
    c.eq((st, body["error"]["code"], body["error"].get("field")), (422, "invalid_field", "staff"),
         "an unknown person")
    st, _, body = srv.request("POST", base + "/duties",
                              {"date": "2026-03-08", "duty": "noon", "staff": [someone]},
                              headers=m)
    c.eq((st, body["error"]["code"], body["error"].get("field")), (422, "invalid_field", "date"),
         "no noon window on a Sunday")
    st, _, body = srv.request("POST", base + "/duties",
                              {"date": TUE, "duty": "lunch", "staff": []}, headers=m)
    c.eq((st, body["error"]["field"]), (422, "duty"), "an unknown duty")

    # ---- a holiday wedding with nobody on holiday duty ----
    st, _, wed = srv.request("POST", "/api/v1/bookings", booking(SUNDAY, 4))
    c.eq((st, wed.get("status")), (201, "pending"), "holiday wedding pending")
    c.eq(len(outbox(srv, "duty_needed")), 1, "the office is told nobody is on duty")
    st, _, conf = srv.request("POST", "/api/v1/bookings/%s/confirm" % wed["code"], headers=m)
    c.eq((st, conf.get("status")), (200, "confirmed"), "confirm dispatches somebody")
    who = conf.get("dispatched")
    c.check(who in STAFF, "the person dispatched is named: %r" % (who,))
    st, _, now = srv.request("GET", base, headers=m)
    c.eq(by_instance(now).get(("2026-03-08", "holiday")), [who], "on holiday duty now")

    # The manager may name whom to dispatch: checked against the hard rules.
    sunday2 = "2026-03-15T09:00:00+08:00"
    st, _, wed2 = srv.request("POST", "/api/v1/bookings", booking(sunday2, 5))
    c.eq((st, wed2.get("status")), (201, "pending"), "a second holiday wedding")
    st, _, body = srv.request("POST", "/api/v1/bookings/%s/confirm" % wed2["code"],
                              {"staff": "nobody"}, headers=m)
    c.eq((st, body["error"].get("field")), (422, "staff"), "dispatch an unknown person")
    chosen = STAFF[7]
    st, _, conf2 = srv.request("POST", "/api/v1/bookings/%s/confirm" % wed2["code"],
                               {"staff": chosen}, headers=m)
    c.eq((st, conf2.get("status"), conf2.get("dispatched")), (200, "confirmed", chosen),
         "dispatch the person named")
    st, _, now = srv.request("GET", base, headers=m)
    c.eq(by_instance(now).get(("2026-03-15", "holiday")), [chosen], "the one named is on duty")

    # Moved onto another holiday with nobody on duty, it waits again: the
    # office hears of that day too.
    before = len(outbox(srv, "duty_needed"))
    st, _, wed3 = srv.request("POST", "/api/v1/bookings",
                              booking("2026-03-22T09:00:00+08:00", 6))
    c.eq((st, wed3.get("status")), (201, "pending"), "a third holiday wedding")
    st, _, moved = srv.request("POST", "/api/v1/bookings/%s/reschedule" % wed3["code"],
                               {"start": "2026-03-29T10:00:00+08:00"},
                               {"X-Manage-Token": wed3["manage_token"]})
    c.eq((st, moved.get("status")), (200, "pending"), "moved to another Sunday, still pending")
    c.eq(len(outbox(srv, "duty_needed")), before + 2, "the office hears of both days")

    # ---- duty feeds ----
    st, _, staff = srv.request("GET", "/api/v1/offices/%s/staff" % OFFICE, headers=m)
    c.eq(st, 200, "staff list")
    person = noon_staff[0]
    feed = [p["feed"] for p in staff["staff"] if p["id"] == person][0]
    path = urllib.parse.urlsplit(feed)
    c.eq(path.netloc, "127.0.0.1:%d" % srv.port, "links name the address served (--listen)")
    st, h, ics = srv.request("GET", path.path + "?" + path.query)
    c.eq(st, 200, "duty feed")
    c.check(h.get("content-type", "").startswith("text/calendar"), "duty feed type")
    own = [a for a in now["assignments"] if a["staff"] == person]
    c.eq(ics.count(b"BEGIN:VEVENT"), len(own), "one event per duty")
    c.check(b"20260303T120000" in ics, "the Tuesday noon duty is in the feed")
    st, _, _ = srv.request("GET", path.path + "?key=" + "0" * 32)
    c.eq(st, 401, "a duty feed with a wrong key")
    # The line is written when the request completes, just after the answer.
    deadline = time.monotonic() + 5
    line_401 = "route=/api/v1/offices/*/staff/*/duties.ics status=401"
    while line_401 not in srv.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = srv.log()
    c.check("route=/api/v1/offices/*/staff/*/duties.ics status=200" in log,
            "the access log shows the feed request")
    c.check("/staff/%s" % person not in log, "the access log names no member of staff")

    # ---- compensatory time ----
    st, _, comp = srv.request("GET", "/api/v1/offices/%s/comp?staff=%s" % (OFFICE, person),
                              headers=m)
    c.eq(st, 200, "comp")
    earned = comp["comp"][0]["earned_minutes"] if st == 200 else 0
    c.check(earned > 0, "duties earn compensatory time")
    st, _, _ = srv.request("POST", "/api/v1/offices/%s/comp" % OFFICE,
                           {"staff": person, "date": "2026-03-20", "minutes": 90,
                            "note": "午休補休"}, headers=m)
    c.eq(st, 201, "compensatory time taken")
    st, _, comp = srv.request("GET", "/api/v1/offices/%s/comp?staff=%s" % (OFFICE, person),
                              headers=m)
    c.eq(comp["comp"][0]["balance_minutes"], earned - 90, "balance after taking 90 minutes")
    st, _, body = srv.request("POST", "/api/v1/offices/%s/comp" % OFFICE,
                              {"staff": person, "date": "2026-03-20", "minutes": 0}, headers=m)
    c.eq((st, body["error"]["field"]), (422, "minutes"), "zero minutes")

    # ---- pins and bans, then a new month ----
    april = "/api/v1/offices/%s/roster/2026-04" % OFFICE
    pin = {"date": "2026-04-01", "duty": "noon", "staff": STAFF[9]}
    ban = {"date": "2026-04-02", "duty": "noon", "staff": STAFF[0], "forbid": True}
    for p in (pin, ban):
        st, _, body = srv.request("POST", april + "/pins", p, headers=m)
        c.eq(st, 200, "pin %r: %r" % (p, body))
    st, _, body = srv.request("POST", april + "/pins", dict(pin, date="2026-05-01"), headers=m)
    c.eq((st, body["error"]["field"]), (422, "date"), "a pin outside the month")
    st, _, apr = srv.request("POST", april + "/generate", headers=m)
    c.eq(st, 200, "generate April")
    inst = by_instance(apr)
    c.check(STAFF[9] in inst.get(("2026-04-01", "noon"), []), "the pin is kept")
    c.check(STAFF[0] not in inst.get(("2026-04-02", "noon"), []), "the ban is obeyed")
    hard_rules(c, apr, "April")
    # A duty set by hand in the draft is kept when the month is solved again.
    kept = None
    apr_inst = by_instance(apr)
    for day in ("2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09"):
        on_day = {s for (d, _), ss in apr_inst.items() if d == day for s in ss}
        for person in STAFF:
            if person in on_day:
                continue
            edit = {"date": day, "duty": "noon",
                    "staff": apr_inst.get((day, "noon"), [])[:1] + [person]}
            st, _, body = srv.request("POST", april + "/duties", edit, headers=m)
            if st == 200:
                kept = (day, person)
                break
        if kept:
            break
    if c.check(kept is not None, "a hand edit of the April draft"):
        st, _, again = srv.request("POST", april + "/generate", headers=m)
        c.eq(st, 200, "generate April again")
        c.check(kept[1] in by_instance(again).get((kept[0], "noon"), []),
                "the duty set by hand is kept: %r" % (kept,))
    st, _, body = srv.request("GET", "/api/v1/offices/%s/roster/1999-12" % OFFICE, headers=m)
    c.eq((st, body["error"].get("field")), (422, "month"), "a month before rosters")

    st, _, _ = srv.request("DELETE", april + "/pins?date=2026-04-01&duty=noon&staff=" + STAFF[9],
                           headers=m)
    c.eq(st, 200, "unpin")
    st, _, _ = srv.request("DELETE", april + "/pins?date=2026-04-01&duty=noon&staff=" + STAFF[9],
                           headers=m)
    c.eq(st, 404, "unpin twice")

    # ---- a command run beside the server ----
    # `flexhours calendar import` makes Thursday 2026-03-05 a day off: the
    # running server puts it in force by itself, within a few seconds.
    thursday_noon = "2026-03-05T12:00:00+08:00"
    c.check(slot(srv, "name_change", thursday_noon) is not None, "Thursday noon is offered")
    csv = os.path.join(srv.dir, "2026.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("西元日期,星期,是否放假,備註\n")
        day = datetime.date(2026, 1, 1)
        while day.year == 2026:
            off = day.weekday() >= 5 or day == datetime.date(2026, 3, 5)
            f.write("%s,%s,%d,%s\n" % (day.strftime("%Y%m%d"), "一二三四五六日"[day.weekday()],
                                       2 if off else 0,
                                       "颱風停班" if day == datetime.date(2026, 3, 5) else ""))
            day += datetime.timedelta(days=1)
    env = dict(os.environ, FLEXHOURS_NOW=srv.now)
    out = subprocess.run([srv.bin, "calendar", "import", csv, "--config", srv.config_path,
                          "--db", srv.db], capture_output=True, env=env, timeout=60)
    c.eq(out.returncode, 0, "calendar import beside the server: %s" % out.stderr.decode())
    deadline = time.monotonic() + 10
    while slot(srv, "name_change", thursday_noon) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    c.check(slot(srv, "name_change", thursday_noon) is None,
            "the server follows the import made beside it")


if __name__ == "__main__":
    fhtest.run(main)
