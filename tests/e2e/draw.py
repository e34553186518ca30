"""draw.py: a lucky-date draw through the API (issue 15). A Sunday's few
marriage places are given by a draw: its commitment (the SHA-256 of a seed)
is published before requests open (the API, the openings feed); couples request while it is open, one
request a couple whichever of the two asks (409 already_requested), with a
booking's checks (422 for a bad ID, not a slot) and Idempotency-Key; nobody
books the date first come meanwhile (not_yet_released). The server is
restarted after the draw's close: the seed is revealed, its SHA-256 is the
commitment, the ranks are those this test computes itself (HMAC-SHA256 of
each number under the seed, sorted), the first ranks are booked and the
rest are on the day's waitlist in rank order, each told (draw_result in the
outbox); `flexhours draw verify` accepts the published draw and refuses it
altered; `flexhours check` finds the kept counts equal to a recount."""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # the source tree may be read-only

import fhtest
from fhtest import OFFICE, booking, national_id

LUCKY = "2026-03-22"  # a Sunday: the holiday window alone takes marriages
AT = LUCKY + "T%s:00+08:00"
DRAWS = "/api/v1/offices/%s/draws" % OFFICE
REQUESTS = DRAWS + "/" + LUCKY + "/requests"
CLOSED = "2026-03-05T09:30:00+08:00"  # after the draw, before the release
COUPLES = 6


def config():
    cfg = fhtest.test_config(fhtest.binary(), capacity=1)
    office = cfg["offices"][0]
    # Two hours of the Sunday window: a place an hour for six couples.
    for w in office["windows"]:
        if w["name"] == "holiday":
            w["end"] = "11:00"
    office["releases"] = [{
        "date": LUCKY,
        "release": {"on": "2026-03-06", "at": "09:00",
                    "draw": {"opens": {"on": "2026-03-02", "at": "09:00"},
                             "closes": {"on": "2026-03-05", "at": "09:00"}}}}]
    return cfg


def couple(n, start=AT % "09:00", **over):
    b = booking(start, n, partner_name="伴侶 %d" % n, partner_national_id=national_id(n + 500))
    b.pop("office")
    b.update(over)
    return b


def restart(srv, now):
    srv.stop()
    srv.now = now
    srv.start()


def own_ranks(seed_hex, numbers):
    """The draw's order computed here, from its published definition."""
    seed = bytes.fromhex(seed_hex)
    keyed = sorted(numbers, key=lambda n: (hmac.new(seed, n.encode(), hashlib.sha256).digest(), n))
    return {n: i + 1 for i, n in enumerate(keyed)}


def draw_messages(srv):
    """{number: the text} of the draw_result e-mails the worker wrote to the
    outbox file (no SMTP server here)."""
    path = os.path.join(srv.dir, "outbox.log")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8", errors="replace") as f:
        data = f.read()
    out = {}
    for chunk in re.split(r"^==== ", data, flags=re.M)[1:]:
        head = chunk.partition("\n")[0].split()
        # STAMP CHANNEL #ID KIND CODE to ADDRESS
        if len(head) >= 5 and head[1] == "email" and head[3] == "draw_result":
            body = chunk.replace("\r\n", "\n").partition("\n\n")[2]
            out[head[4]] = base64.b64decode("".join(body.split())).decode("utf-8", "replace")
    return out


def main(c):
    srv = fhtest.Server(config()).start()
    try:
        run(c, srv)
    finally:
        srv.cleanup()


def run(c, srv):
    st, _, body = srv.request("GET", DRAWS)
    c.eq(st, 200, "the office's draws")
    draws = body.get("draws", [])
    c.eq([d["date"] for d in draws], [LUCKY], "the lucky date's draw listed")
    draw = draws[0] if draws else {}
    commitment = draw.get("commitment") or ""
    c.check(len(commitment) == 64, "a commitment published before requests (%r)" % commitment)
    c.eq((draw.get("phase"), draw.get("seed")), ("open", None), "open, its seed not revealed")

    # The openings feed says the date is drawn, with the commitment (folded
    # at 75 octets as iCalendar lines are: unfolded here).
    st, _, feed = srv.request("GET", "/api/v1/offices/%s/openings.ics" % OFFICE)
    text = feed.decode("utf-8").replace("\r\n ", "") if st == 200 else ""
    c.check(commitment and commitment in text and "抽籤" in text,
            "the openings feed carries the draw and its commitment")

    # Nobody books the date first come while the draw is open.
    st, _, body = srv.request("POST", "/api/v1/bookings", booking(AT % "09:00", 90))
    c.eq((st, body.get("error", {}).get("code")), (422, "not_yet_released"),
         "a booking on the draw's date before its release")

    requests = {}
    key = {"Idempotency-Key": "draw-1"}
    st, hdrs, first = srv.request("POST", REQUESTS, couple(1), headers=key)
    c.eq(st, 201, "the first couple's request")
    c.eq((first.get("outcome"), first.get("rank")), ("pending", None), "pending, no rank yet")
    c.check(hdrs.get("location") == "/api/v1/draw-requests/%s" % first.get("number"),
            "Location names the request")
    st, _, again = srv.request("POST", REQUESTS, couple(1), headers=key)
    c.eq((st, again), (201, first), "a retry with the same key replays the answer")
    requests[first["number"]] = first
    for n in range(2, COUPLES + 1):
        start = AT % ("09:00" if n % 2 else "10:00")
        st, _, body = srv.request("POST", REQUESTS, couple(n, start))
        c.eq(st, 201, "couple %d's request" % n)
        if st == 201:
            requests[body["number"]] = body

    # One request a couple, whichever of the two asks, at any time.
    swapped = couple(1, AT % "10:00", national_id=national_id(501),
                     partner_national_id=national_id(1))
    st, _, body = srv.request("POST", REQUESTS, swapped)
    c.eq((st, body.get("error", {}).get("code")), (409, "already_requested"),
         "the same couple again, the partner asking")
    st, _, body = srv.request("POST", REQUESTS, couple(50, partner_national_id=national_id(2)))
    c.eq((st, body.get("error", {}).get("code")), (409, "already_requested"),
         "a person already in a couple's request")
    st, _, body = srv.request("POST", REQUESTS, couple(51, national_id="A123456780"))
    c.eq(st, 422, "a bad national ID is refused as for a booking")
    st, _, body = srv.request("POST", REQUESTS, couple(52, AT % "11:30"))
    c.eq((st, body.get("error", {}).get("code")), (422, "not_a_slot"), "a time with no slot")
    st, _, body = srv.request("POST", DRAWS + "/2026-03-29/requests", couple(53, "2026-03-29T09:00:00+08:00"))
    c.eq(st, 404, "a date without a draw")
    st, _, body = srv.request("GET", "/api/v1/draw-requests/%s?token=%s" % (first["number"], "0" * 32))
    c.eq(st, 404, "a wrong token finds no request")
    st, _, body = srv.request("GET", "/api/v1/draw-requests/%s?token=%s" % (first["number"], first["token"]))
    c.eq((st, body.get("outcome")), (200, "pending"), "one's own request, pending")

    # A person erased before the draw: their couple's request is withdrawn.
    n = COUPLES + 1
    st, _, extra = srv.request("POST", REQUESTS, couple(n))
    c.eq(st, 201, "one more couple's request")
    st, _, _ = srv.request("POST", "/api/v1/erasures", {"national_id": national_id(n + 500)},
                           headers=srv.manager())
    c.eq(st, 200, "the partner's data erased on request")
    st, _, body = srv.request("GET", DRAWS + "/" + LUCKY)
    c.check(extra.get("number") not in [q["number"] for q in body.get("request_list", [])],
            "the erased couple's request is withdrawn")
    c.eq(body.get("requests"), COUPLES, "the other requests stay")

    # The draw closes; the server (restarted after) holds it at start.
    restart(srv, CLOSED)
    st, _, drawn = srv.request("GET", DRAWS + "/" + LUCKY)
    c.eq(st, 200, "the draw after its close")
    seed = drawn.get("seed") or ""
    c.eq(drawn.get("commitment"), commitment, "the commitment unchanged")
    c.check(len(seed) == 64 and hashlib.sha256(bytes.fromhex(seed)).hexdigest() == commitment,
            "the revealed seed's SHA-256 is the commitment")
    listed = {q["number"]: q for q in drawn.get("request_list", [])}
    c.eq(sorted(listed), sorted(requests), "every request listed by number, nobody's name")
    c.check(all(set(q) == {"number", "rank", "outcome"} for q in listed.values()),
            "the list holds numbers, ranks and outcomes only")
    if len(seed) == 64:
        ranks = own_ranks(seed, list(listed))
        c.eq({n: q["rank"] for n, q in listed.items()}, ranks, "the ranks are the seed's")
        by_rank = sorted(listed.values(), key=lambda q: q["rank"])
        outcomes = [q["outcome"] for q in by_rank]
        booked = outcomes.count("booked")
        c.check(booked >= 1 and outcomes == ["booked"] * booked + ["waiting"] * (COUPLES - booked),
                "the first ranks booked, the rest waiting in rank order (%s)" % outcomes)
    c.eq(drawn.get("done"), True, "the draw done")

    st, _, body = srv.request("GET", "/api/v1/outbox?limit=1000", headers=srv.manager())
    kinds = [m["kind"] for m in body] if st == 200 else []
    c.eq(kinds.count("draw_result"), COUPLES - booked if len(seed) == 64 else -1,
         "every couple not drawn is told (draw_result)")
    for number, q in requests.items():
        st, _, body = srv.request("GET", "/api/v1/draw-requests/%s?token=%s" % (number, q["token"]))
        c.eq(st, 200, "request %s read with its token" % number)
        if st == 200:
            c.eq(body.get("outcome"), listed.get(number, {}).get("outcome"), "its outcome")
            if body.get("outcome") == "booked":
                c.check(body.get("booking", {}).get("code"), "a booked request names its booking")
    # The messages themselves (the outbox file: no SMTP server here): each
    # couple not drawn reads that, and the link to their request's page.
    waiting = [n for n, q in listed.items() if q["outcome"] == "waiting"]
    told = {}
    for _ in range(100):
        told = draw_messages(srv)
        if waiting and all(n in told for n in waiting):
            break
        time.sleep(0.1)
    c.eq(sorted(told), sorted(waiting), "a draw_result message to each couple on the waitlist")
    c.check(all("/d/%s?k=" % n in told.get(n, "") and "未抽中" in told.get(n, "") for n in waiting),
            "each says they were not drawn, with the link to their request's page")
    r = fhtest.cli(srv, "check")
    c.check(r.returncode == 0, "flexhours check after the draw (%s)" % (r.stdout + r.stderr))

    # Still not first come before the release.
    st, _, body = srv.request("POST", "/api/v1/bookings", booking(AT % "09:00", 91))
    c.eq((st, body.get("error", {}).get("code")), (422, "not_yet_released"),
         "first come waits for the release after the draw")

    # Anyone can check the published draw; an altered one fails.
    path = os.path.join(srv.dir, "draw.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(drawn, f)
    r = fhtest.cli(srv, "draw", "verify", path)
    c.check(r.returncode == 0 and "ranks: ok" in r.stdout, "draw verify accepts it: %s" % r.stdout)
    if drawn.get("request_list"):
        bent = json.loads(json.dumps(drawn))
        a, b = bent["request_list"][0], bent["request_list"][-1]
        a["rank"], b["rank"] = b["rank"], a["rank"]
        with open(path, "w", encoding="utf-8") as f:
            json.dump(bent, f)
        r = fhtest.cli(srv, "draw", "verify", path)
        c.check(r.returncode == 1 and "FAILS" in r.stdout, "draw verify refuses swapped ranks")
    bent = dict(drawn, seed="0" * 64)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(bent, f)
    r = fhtest.cli(srv, "draw", "verify", path)
    c.check(r.returncode == 1 and "commitment: FAILS" in r.stdout, "draw verify refuses another seed")
    numbers = "\n".join(listed) + "\n"
    r = fhtest.cli(srv, "draw", "verify", "--seed", seed or "0" * 64, "-", stdin=numbers)
    order = [line.split()[1] for line in r.stdout.splitlines() if line.strip()]
    if len(seed) == 64:
        c.eq(order, sorted(listed, key=lambda n: own_ranks(seed, list(listed))[n]),
             "draw verify --seed prints the order")


if __name__ == "__main__":
    fhtest.run(main)
