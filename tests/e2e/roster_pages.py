"""roster_pages.py: the manager pages of the roster and compensatory time
against the real binary, as a manager uses them: generate a month's draft,
change one duty to a person the rules allow and be refused one on leave,
pins and bans, publish with bookings that would lose their place (the list
first, then forced), take compensatory time (more than is owed refused on
the page and by the API, a valid take accepted); every page and form refused
without a session, to counter staff, for another office and without its form
token; and the audit trail naming the person for each change. Prints the
number of checks made."""

import html
import re
import sys

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking
from admin_security import Browser, Counting, cli, config as two_offices, PASSWORD, WEST

MONTH = "2026-03"
STAFF = ["chen-meiling", "lin-zhiwei", "wang-xiaofen", "huang-jianhong", "zhang-yating",
         "li-junjie", "wu-peishan", "liu-guanyu", "cai-yiting", "yang-zongxian"]
ON_LEAVE = STAFF[9]  # on leave on 2026-03-03
TUE, THU = "2026-03-03", "2026-03-05"


def config():
    cfg = two_offices()
    for office in cfg["offices"]:
        office["staff"] = [
            {"id": s, "name": "職員%d" % i, "skills": "all", "email": "%s@example.org" % s,
             **({"leave": [TUE]} if s == ON_LEAVE else {})}
            for i, s in enumerate(STAFF)]
        office["roster"] = {"min_staff": {"noon": 2, "evening": 1, "saturday": 2, "holiday": 0},
                            "max_duties_per_month": 12}
    return cfg


def roster(srv, month=MONTH):
    st, _, doc = srv.request("GET", "/api/v1/offices/%s/roster/%s" % (OFFICE, month),
                             headers=srv.manager())
    if st != 200:
        raise fhtest.Failure("roster %s: %s %r" % (month, st, doc))
    return doc


def on_duty(doc, date, duty):
    return sorted(a["staff"] for a in doc["assignments"] if a["date"] == date and a["duty"] == duty)


def token(text, action):
    """The form token of the form posting to action."""
    m = re.search(r'action="%s"[^>]*>\s*<input type="hidden" name="csrf" value="([^"]+)"'
                  % re.escape(action), text)
    return m.group(1) if m else None


def main(c):
    srv = fhtest.Server(config())
    try:
        for user, role, offices in (("chen", "manager", OFFICE), ("wang", "manager", WEST),
                                    ("lin", "counter", OFFICE)):
            out = cli(srv, "user", "add", user, "--name", "員工 " + user, "--role", role,
                      "--offices", offices, stdin=PASSWORD + "\n")
            if out.returncode != 0:
                raise fhtest.Failure("user add %s: %s" % (user, out.stderr))
        srv.start()
        scenario(c, srv)
    finally:
        srv.cleanup()
    print("%d roster page checks" % c.count)


def scenario(c, srv):
    chen, wang, lin, nobody = Browser(srv), Browser(srv), Browser(srv), Browser(srv)
    for b, name in ((chen, "chen"), (wang, "wang"), (lin, "lin")):
        st, _, _ = b.signin(name, PASSWORD)
        c.eq(st, 303, "%s signs in" % name)
    month_path = "/admin/roster?office=%s&month=%s" % (OFFICE, MONTH)

    # ---- the home page lists the two pages; the month before any roster ----
    st, _, text = chen.request("GET", "/admin/")
    c.check('href="/admin/roster"' in text and 'href="/admin/comp"' in text,
            "the home page links the roster and compensatory time")
    st, _, text = chen.request("GET", month_path)
    c.eq(st, 200, "the month page")
    c.check("尚未排班" in text, "no roster yet")
    c.check("產生排班草稿" in text and "公布排班" not in text,
            "a month without a roster offers to generate, not to publish")
    st, _, text = chen.request("GET", "/admin/roster?office=%s&month=2026-13" % OFFICE)
    c.eq(st, 422, "a month that does not exist")
    c.check("月份格式是 YYYY-MM" in text, "the month's fault in words")

    # Three noon bookings on Thursday before the roster exists (3 places).
    codes = []
    for n in range(3):
        st, _, b = srv.request("POST", "/api/v1/bookings",
                               booking(THU + "T12:00:00+08:00", 40 + n, service="name_change"))
        c.eq(st, 201, "noon booking %d on Thursday" % n)
        codes.append(b.get("code"))

    # ---- generate ----
    tok = token(text, "/admin/roster/generate")
    st, _, text = chen.request("GET", month_path)
    tok = token(text, "/admin/roster/generate")
    c.check(tok is not None, "the generate form carries a token")
    st, h, _ = chen.request("POST", "/admin/roster/generate",
                            {"csrf": tok, "office": OFFICE, "month": MONTH})
    c.eq((st, h.get("location")), (303, month_path + "&done=generated"), "generate: 303 back")
    st, _, text = chen.request("GET", month_path + "&done=generated")
    c.check("已產生排班草稿" in text, "the page says the draft was generated")
    c.check("草稿（尚未公布）" in text and "版本 1" in text, "draft, version 1")
    doc = roster(srv)
    c.eq((doc["state"], doc["version"]), ("draft", 1), "the API sees the draft")
    grid = re.search(r'<table class="fh-table fh-roster" id="roster-grid">(.*?)</table>', text, re.S)
    c.check(grid is not None, "the month grid")
    grid = grid.group(1) if grid else ""
    c.check("<caption" in grid and 'scope="col"' in grid and 'scope="row"' in grid,
            "the grid has a caption and headers")
    c.eq(grid.count('<tr><th scope="row"'), len(STAFF), "a row per person")
    # Tuesday 3 March: both noon people show N in that column (day 3).
    rows = re.findall(r'<tr><th scope="row"[^>]*><bdi>([^<]*)</bdi></th>(.*?)</tr>', grid, re.S)
    letters = {name: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for name, cells in rows}
    noon_tue = on_duty(doc, TUE, "noon")
    for s in noon_tue:
        name = "職員%d" % STAFF.index(s)
        c.check(letters.get(name, [""] * 5)[2] in ("N", "+"), "%s shows N on the 3rd" % s)
    c.check('class="fh-roster__off"' in grid and "休" in grid, "rest days are marked in words")
    c.check("N 午間、E 夜間、S 週六、H 假日值班" in text, "the legend")

    # ---- edit one duty: an allowed person, then one on leave ----
    duty_path = "/admin/roster/duty?office=%s&month=%s&date=%s&duty=noon" % (OFFICE, MONTH, TUE)
    st, _, text = chen.request("GET", duty_path)
    c.eq(st, 200, "the duty page")
    offered = re.findall(r'<input type="checkbox" id="s-([a-z-]+)"', text)
    c.check(ON_LEAVE not in offered, "a person on leave that day is not offered")
    c.check(ON_LEAVE in text and "當天休假" in text, "and the page says why")
    newcomer = next(s for s in offered if s not in noon_tue)
    tok = token(text, "/admin/roster/duty")
    form = {"csrf": tok, "office": OFFICE, "month": MONTH, "date": TUE, "duty": "noon",
            "version": "1", "s-" + noon_tue[0]: "1", "s-" + newcomer: "1"}
    st, h, _ = chen.request("POST", "/admin/roster/duty", form)
    c.eq((st, h.get("location")), (303, month_path + "&done=edited"), "the duty saved")
    doc = roster(srv)
    c.eq(on_duty(doc, TUE, "noon"), sorted([noon_tue[0], newcomer]), "the API sees the change")
    c.eq(doc["version"], 2, "the version went up")
    st, _, text = chen.request("GET", duty_path)
    tok = token(text, "/admin/roster/duty")
    form = {"csrf": tok, "office": OFFICE, "month": MONTH, "date": TUE, "duty": "noon",
            "version": "2", "s-" + noon_tue[0]: "1", "s-" + ON_LEAVE: "1"}
    st, _, text = chen.request("POST", "/admin/roster/duty", form)
    c.eq(st, 422, "a person on leave refused")
    c.check("這樣排違反排班規則" in text and "當天休假" in text,
            "the refusal names the rule in words")
    c.eq(on_duty(roster(srv), TUE, "noon"), sorted([noon_tue[0], newcomer]), "nothing changed")
    form["version"] = "1"
    form.pop("s-" + ON_LEAVE)
    st, _, text = chen.request("POST", "/admin/roster/duty", form)
    c.eq(st, 409, "an edit made on an old copy is refused")

    # ---- pins and bans ----
    st, _, text = chen.request("GET", duty_path)
    tok = token(text, "/admin/roster/pin")
    st, h, _ = chen.request("POST", "/admin/roster/pin",
                            {"csrf": tok, "office": OFFICE, "month": MONTH, "date": TUE,
                             "duty": "noon", "staff": STAFF[3], "kind": "ban"})
    c.eq((st, h.get("location")), (303, month_path + "&done=pinned"), "a ban saved")
    st, _, text = chen.request("GET", month_path)
    pins = re.search(r'<table class="fh-table" id="pins">(.*?)</table>', text, re.S)
    c.check(pins is not None and STAFF[3] in pins.group(1) and "排除" in pins.group(1),
            "the month lists the ban")
    tok = token(text, "/admin/roster/unpin")
    st, h, _ = chen.request("POST", "/admin/roster/unpin",
                            {"csrf": tok, "office": OFFICE, "month": MONTH, "date": TUE,
                             "duty": "noon", "staff": STAFF[3]})
    c.eq((st, h.get("location")), (303, month_path + "&done=unpinned"), "the ban removed")

    # ---- publish with bookings that would lose their place ----
    # Thursday's noon down to one person in the draft (a draft promises nothing).
    keep = on_duty(roster(srv), THU, "noon")[0]
    st, _, text = chen.request("GET", duty_path.replace(TUE, THU))
    tok = token(text, "/admin/roster/duty")
    st, _, _ = chen.request("POST", "/admin/roster/duty",
                            {"csrf": tok, "office": OFFICE, "month": MONTH, "date": THU,
                             "duty": "noon", "s-" + keep: "1"})
    c.eq(st, 303, "Thursday noon down to one person in the draft")
    st, _, text = chen.request("GET", month_path)
    c.check("不足：" in text, "the short duty is highlighted with its reason")
    tok = token(text, "/admin/roster/publish")
    st, _, text = chen.request("POST", "/admin/roster/publish",
                               {"csrf": tok, "office": OFFICE, "month": MONTH})
    c.eq(st, 409, "publishing would displace bookings: asked first")
    listed = re.findall(r'<td class="fh-code">([A-Z0-9]+)</td>', text)
    # One person on duty is one place: the two booked last lose theirs.
    c.eq(sorted(listed), sorted(codes[1:]), "the bookings that would lose their place")
    c.eq(roster(srv)["state"], "draft", "nothing published yet")
    tok = token(text, "/admin/roster/publish")
    c.check('name="force" value="1"' in text and "仍要公布" in text, "a forced publish offered")
    st, h, _ = chen.request("POST", "/admin/roster/publish",
                            {"csrf": tok, "office": OFFICE, "month": MONTH, "force": "1"})
    c.eq((st, h.get("location")), (303, month_path + "&done=published"), "published, forced")
    c.eq(roster(srv)["state"], "published", "the API sees it published")
    st, _, text = chen.request("GET", month_path)
    c.check("已公布" in text and "產生排班草稿" not in text, "a published month is not generated")

    # ---- compensatory time: February published, then taken ----
    m = srv.manager()
    feb = "/api/v1/offices/%s/roster/2026-02" % OFFICE
    st, _, _ = srv.request("POST", feb + "/generate", {}, m)
    c.eq(st, 200, "February generated")
    st, _, _ = srv.request("POST", feb + "/publish", {"force": True}, m)
    c.eq(st, 200, "February published")
    st, _, comp = srv.request("GET", "/api/v1/offices/%s/comp?staff=%s" % (OFFICE, STAFF[0]),
                              headers=m)
    owed = comp["comp"][0]["balance_minutes"]
    c.check(owed > 0, "February's duties earned time")
    st, _, body = srv.request("POST", "/api/v1/offices/%s/comp" % OFFICE,
                              {"staff": STAFF[0], "date": "2026-03-06", "minutes": owed + 1}, m)
    c.eq((st, body["error"]["code"], body["error"]["field"]), (422, "comp_overdrawn", "minutes"),
         "the API refuses taking more than is owed")
    st, _, text = chen.request("GET", "/admin/comp?office=" + OFFICE)
    c.eq(st, 200, "the compensatory time page")
    row = re.search(r'<tr id="comp-%s">(.*?)</tr>' % STAFF[0], text, re.S)
    c.check(row is not None and ("%d 分" % owed) in row.group(1), "the page shows what is owed")
    c.check("補休期限" in text, "the take-by dates are shown")
    tok = token(text, "/admin/comp")
    st, _, text = chen.request("POST", "/admin/comp",
                               {"csrf": tok, "office": OFFICE, "staff": STAFF[0],
                                "date": "2026-03-06", "minutes": str(owed + 1)})
    c.eq(st, 422, "the page refuses taking more than is owed")
    c.check("補休不能超過尚欠的時數" in text and 'href="#minutes"' in text,
            "the error summary links to the minutes")
    st, h, _ = chen.request("POST", "/admin/comp",
                            {"csrf": tok, "office": OFFICE, "staff": STAFF[0],
                             "date": "2026-03-06", "minutes": "60", "note": "家庭日"})
    c.eq((st, h.get("location")), (303, "/admin/comp?office=%s&done=taken" % OFFICE),
         "a take within what is owed")
    st, _, comp = srv.request("GET", "/api/v1/offices/%s/comp?staff=%s" % (OFFICE, STAFF[0]),
                              headers=m)
    c.eq(comp["comp"][0]["balance_minutes"], owed - 60, "owed less the 60 minutes taken")
    st, _, text = chen.request("POST", "/admin/comp",
                               {"csrf": tok, "office": OFFICE, "staff": STAFF[0],
                                "date": "2026-03-06", "minutes": "0"})
    c.eq(st, 422, "zero minutes refused")

    refusals(c, srv, chen, wang, lin, nobody)

    # ---- the audit trail names the person ----
    out = cli(srv, "audit", "--office", OFFICE, "--user", "user:chen", "--limit", "100")
    for action in ("roster-generate", "roster-duty", "roster-pin", "roster-unpin",
                   "roster-publish", "comp-taken"):
        c.check(action in out.stdout, "the audit has %s by user:chen" % action)
    c.check('"forced":true' in out.stdout, "the forced publish is recorded as forced")
    out = cli(srv, "audit", "--office", OFFICE, "--action", "roster-duty")
    c.check(newcomer in out.stdout, "the duty edit names who joined")
    c.check("comp_overdrawn" not in out.stdout, "a refused take leaves no record")
    out = cli(srv, "audit", "--office", OFFICE, "--action", "comp-taken")
    c.eq(out.stdout.count("comp-taken"), 1, "one take recorded: the refused ones left none")


def refusals(c, srv, chen, wang, lin, nobody):
    gets = ["/admin/roster?office=%s&month=%s" % (OFFICE, MONTH),
            "/admin/roster/duty?office=%s&month=%s&date=%s&duty=noon" % (OFFICE, MONTH, TUE),
            "/admin/comp?office=%s" % OFFICE]
    form = {"office": OFFICE, "month": MONTH, "date": TUE, "duty": "noon", "staff": STAFF[0],
            "minutes": "1", "version": "1"}
    posts = ["/admin/roster/generate", "/admin/roster/publish", "/admin/roster/duty",
             "/admin/roster/pin", "/admin/roster/unpin", "/admin/comp"]
    before = roster(srv)["version"]
    for path in gets:
        st, h, _ = nobody.request("GET", path)
        c.eq((st, h.get("location")), (303, "/admin/signin"), "%s without a session" % path)
        st, _, _ = lin.request("GET", path)
        c.eq(st, 403, "%s for counter staff" % path)
        st, _, _ = wang.request("GET", path)
        c.eq(st, 403, "%s for another office's manager" % path)
    for path in posts:
        st, h, _ = nobody.request("POST", path, dict(form, csrf="x"))
        c.eq((st, h.get("location")), (303, "/admin/signin"), "POST %s without a session" % path)
        st, _, _ = lin.request("POST", path, dict(form, csrf="x"))
        c.eq(st, 403, "POST %s by counter staff" % path)
        st, _, _ = wang.request("POST", path, dict(form, csrf="x"))
        c.eq(st, 403, "POST %s for another office" % path)
        st, _, _ = chen.request("POST", path, form)
        c.eq(st, 403, "POST %s without its form token" % path)
        st, _, _ = chen.request("POST", path, dict(form, csrf="not-a-token"))
        c.eq(st, 403, "POST %s with a wrong form token" % path)
    c.eq(roster(srv)["version"], before, "no refused form changed the roster")


if __name__ == "__main__":
    c = Counting()
    try:
        main(c)
    except fhtest.Failure as e:
        print("FAIL:", e)
        sys.exit(1)
    fhtest.check_answers(c)
    sys.exit(c.finish())
