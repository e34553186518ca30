"""rush.py: 6,000 couples for one lucky day's places (issue 15), all on
127.0.0.1, two ways in one run:

  first come: the date's release instant has come; every couple asks at once
    (CLIENTS connections), each trying the times of the day in its own order
    of preference until booked or every time is full. Reported: the time
    from the first request until the last place was taken, the requests'
    p50 and p99, the couples booked.
  draw: the same couples request while the draw is open (the time and p99
    reported for completeness); the server is restarted after the draw's
    close and runs the draw at start. Reported: the draw's time (from the
    server's start until the API says the draw is done), booked and waiting.

In both, every place is taken exactly once: the day's bookings equal its
places, no slot over its capacity (the listing and `flexhours check`, which
recounts the kept counts from the bookings). Figures are printed, never
asserted: the machine's load varies. Run by bench/rush.sh.
"""

import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))
sys.dont_write_bytecode = True
from fhtest import national_id  # noqa: E402  (the tests' valid IDs)

BIN = sys.argv[1]
COUPLES = int(os.environ.get("COUPLES", "6000"))
CLIENTS = int(os.environ.get("CLIENTS", "32"))
CAPACITY = int(os.environ.get("CAPACITY", "10"))
OFFICE = "taichung-south"
LUCKY = "2026-03-22"  # a Sunday: the holiday window's marriages alone
OPEN_NOW = "2026-03-02T10:00:00+08:00"  # the draw open
CLOSED_NOW = "2026-03-05T09:30:00+08:00"  # after the draw, before the release
RELEASED_NOW = "2026-03-06T09:00:00+08:00"  # the release instant: first come


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def config(work, draw):
    cfg = json.loads(subprocess.run([BIN, "demo-config"], capture_output=True, text=True,
                                    check=True).stdout)
    office = cfg["offices"][0]
    for w in office["windows"]:
        w["capacity"] = CAPACITY
    release = {"on": "2026-03-06", "at": "09:00"}
    if draw:
        release["draw"] = {"opens": {"on": "2026-03-02", "at": "09:00"},
                           "closes": {"on": "2026-03-05", "at": "09:00"}}
    office["releases"] = [{"date": LUCKY, "release": release}]
    cfg["rate_limit"] = {"per_minute": 0, "failures_per_minute": 0, "connections_per_client": 0}
    cfg["database"] = os.path.join(work, "flexhours.db")
    cfg["outbox_log"] = os.path.join(work, "outbox.log")
    path = os.path.join(work, "config.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False)
    return path


class Server:
    def __init__(self, work, cfg_path):
        self.work, self.cfg = work, cfg_path
        self.proc = None

    def start(self, now):
        self.port = free_port()
        log = open(os.path.join(self.work, "server.log"), "a")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [BIN, "serve", "--config", self.cfg, "--listen", "127.0.0.1:%d" % self.port],
            cwd=self.work, env=dict(os.environ, FLEXHOURS_NOW=now), stdout=log, stderr=log)
        for _ in range(600):
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.02)
        raise SystemExit("rush.py: the server did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)

    def get(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, json.loads(r.read() or b"null")
        finally:
            c.close()

    def cli(self, *args):
        return subprocess.run([BIN, *args, "--config", self.cfg], cwd=self.work,
                              # At the release: every slot of the day listed,
                              # full ones too.
                              env=dict(os.environ, FLEXHOURS_NOW=RELEASED_NOW),
                              capture_output=True, text=True)


def couple_body(n, start):
    return {"service": "marriage", "start": start, "name": "新人 %d" % n,
            "national_id": national_id(n), "partner_name": "伴侶 %d" % n,
            "partner_national_id": national_id(n + 100000),
            "phone": "09%08d" % n, "email": "c%d@example.com.tw" % n, "lang": "zh-TW"}


def run_clients(port, jobs):
    """Runs each job (a function of a connection) on CLIENTS threads;
    returns the latencies (s) of every request and the wall time."""
    latencies, lock = [], threading.Lock()
    queue = list(jobs)
    qlock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while True:
            with qlock:
                if not queue:
                    break
                job = queue.pop()
            job(conn, mine)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.monotonic() - t0, t0


def post(conn, path, body, mine):
    data = json.dumps(body).encode()
    t = time.monotonic()
    conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    payload = r.read()
    mine.append(time.monotonic() - t)
    return r.status, json.loads(payload or b"null")


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))] * 1000 if v else 0.0


def day_slots(srv):
    """Every slot of the day with its places left, full ones too."""
    r = srv.cli("slots", "--office", OFFICE, "--service", "marriage", "--from", LUCKY, "--to",
                LUCKY, "--json", "--all")
    if r.returncode != 0:
        print("  flexhours slots: %s" % r.stderr.strip())
        return []
    return json.loads(r.stdout).get("slots", [])


def places_check(srv, label):
    """Every place taken exactly once: no slot of the day with a place left
    or over its places, and flexhours check finds the kept counts equal to
    a recount of the bookings."""
    slots = day_slots(srv)
    left = sum(max(s.get("remaining", 0), 0) for s in slots)
    over = sum(1 for s in slots if s.get("remaining", 0) < 0)
    r = srv.cli("check")
    ok = r.returncode == 0
    print("  %s: %d times, places left %d, slots over their places %d, flexhours check %s"
          % (label, len(slots), left, over, "ok" if ok else "FAILED: " + r.stderr.strip()))
    return bool(slots) and left == 0 and over == 0 and ok


def first_come(work):
    cfg = config(work, draw=False)
    srv = Server(work, cfg)
    srv.start(RELEASED_NOW)
    slots = [s["start"] for s in day_slots(srv)]
    rng = random.Random(520)
    booked_at = []
    lock = threading.Lock()
    refused = {"n": 0}

    def job_for(n):
        prefs = slots[:]
        rng.shuffle(prefs)

        def job(conn, mine):
            for start in prefs:
                st, body = post(conn, "/api/v1/bookings", dict(couple_body(n, start), office=OFFICE), mine)
                if st == 201:
                    with lock:
                        booked_at.append(time.monotonic())
                    return
                code = (body or {}).get("error", {}).get("code")
                if code != "slot_full":
                    with lock:
                        refused["n"] += 1
                    return
        return job

    latencies, wall, t0 = run_clients(srv.port, [job_for(n) for n in range(1, COUPLES + 1)])
    last = max(booked_at) - t0 if booked_at else float("nan")
    print("first come: %d couples, %d times of the day (%d places each), %d clients"
          % (COUPLES, len(slots), CAPACITY, CLIENTS))
    print("  last place taken after %.3f s; all %d couples answered in %.3f s" % (last, COUPLES, wall))
    print("  requests %d: p50 %.1f ms, p99 %.1f ms" % (len(latencies), pct(latencies, 50), pct(latencies, 99)))
    print("  booked %d, refused otherwise %d" % (len(booked_at), refused["n"]))
    ok = places_check(srv, "first come")
    srv.stop()
    return ok


def draw(work):
    cfg = config(work, draw=True)
    srv = Server(work, cfg)
    srv.start(OPEN_NOW)
    st, body = srv.get("/api/v1/offices/%s/draws/%s" % (OFFICE, LUCKY))
    commitment = body.get("commitment") if st == 200 else None
    path = "/api/v1/offices/%s/draws/%s/requests" % (OFFICE, LUCKY)
    rng = random.Random(214)
    starts = ["%sT%s:00+08:00" % (LUCKY, h) for h in ("09:00", "10:00", "11:00")]
    taken = {"n": 0}
    lock = threading.Lock()

    def job_for(n):
        start = rng.choice(starts)

        def job(conn, mine):
            st, _ = post(conn, path, couple_body(n, start), mine)
            if st == 201:
                with lock:
                    taken["n"] += 1
        return job

    latencies, wall, _ = run_clients(srv.port, [job_for(n) for n in range(1, COUPLES + 1)])
    print("draw: %d couples requested in %.3f s (%d accepted); p50 %.1f ms, p99 %.1f ms"
          % (COUPLES, wall, taken["n"], pct(latencies, 50), pct(latencies, 99)))
    srv.stop()
    # The draw's close has passed: the server runs it as it starts.
    t0 = time.monotonic()
    srv.start(CLOSED_NOW)
    done = None
    while time.monotonic() - t0 < 600:
        st, d = srv.get("/api/v1/offices/%s/draws/%s" % (OFFICE, LUCKY))
        if st == 200 and d.get("done"):
            done = d
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - t0
    if done is None:
        print("  the draw did not finish within 600 s")
        srv.stop()
        return False
    outcomes = [q["outcome"] for q in done["request_list"]]
    seed_ok = hashlib.sha256(bytes.fromhex(done["seed"])).hexdigest() == commitment
    print("  the draw: %.3f s from the server's start until done (ranking %d requests, "
          "booking %d, waitlisting %d, refused %d); seed matches the commitment: %s"
          % (elapsed, len(outcomes), outcomes.count("booked"), outcomes.count("waiting"),
             outcomes.count("refused"), "yes" if seed_ok else "NO"))
    with open(os.path.join(work, "draw.json"), "w") as f:
        json.dump(done, f)
    v = srv.cli("draw", "verify", os.path.join(work, "draw.json"))
    print("  flexhours draw verify: %s" % ("ok" if v.returncode == 0 else "FAILED\n" + v.stdout))
    ok = places_check(srv, "draw") and seed_ok and v.returncode == 0
    srv.stop()
    return ok


def main():
    base = tempfile.mkdtemp(prefix="fh-rush-")
    try:
        a = os.path.join(base, "first-come")
        b = os.path.join(base, "draw")
        os.mkdir(a)
        os.mkdir(b)
        ok = first_come(a)
        ok = draw(b) and ok
        print("every place taken exactly once in both: %s" % ("yes" if ok else "NO"))
        return 0 if ok else 1
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
