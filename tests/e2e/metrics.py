"""metrics.py: /metrics in Prometheus' text format, checked by Prometheus'
own linter (`promtool check metrics`, from Debian's prometheus package:
scripts/setup.sh puts it in /usr/local/bin) and read by the Prometheus
client library's parser (Debian's python3-prometheus-client); it moves by
exactly what the test did: a booking taken, one refused, a page, an unknown
path. Only the configured addresses may read it (metrics_allow: 127.0.0.1,
so a client on 127.0.0.2 gets 403). Every answer carries X-Request-Id: the
client's when it is 1-64 of [A-Za-z0-9._-], else one made up; the access
log line is key=value pairs naming it, and no client address or query."""
import http.client
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time

from prometheus_client.parser import text_string_to_metric_families

import fhtest
from fhtest import booking

WEDNESDAY_9 = "2026-03-04T09:00:00+08:00"  # a weekday morning: the regular window
SUNDAY_9 = "2026-03-08T09:00:00+08:00"  # the holiday window: waits for confirmation
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def get(srv, path, headers=None, source="127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30,
                                      source_address=(source, 0))
    try:
        return srv.request("GET", path, headers=headers, conn=conn)
    finally:
        conn.close()


def promtool(c, text):
    """Prometheus' linter: the exposition format, and its conventions (HELP
    on every family, counters named _total, units in base units)."""
    tool = shutil.which("promtool") or "/usr/local/bin/promtool"
    if not os.access(tool, os.X_OK):
        c.check(False, "promtool is missing: scripts/setup.sh --with-tests installs it")
        return
    p = subprocess.run([tool, "check", "metrics"], input=text.encode(),
                       capture_output=True, timeout=60)
    c.eq(p.returncode, 0, "promtool check metrics: %s" % (p.stdout + p.stderr).decode().strip())
    c.eq((p.stdout + p.stderr).decode().strip(), "", "promtool finds nothing to say")


def scrape(c, srv):
    """The samples of /metrics as {(name, sorted labels): value}, and the
    families' types; parsed by the reference parser, which raises on any
    line that is not the text format."""
    st, hdrs, body = get(srv, "/metrics")
    c.eq(st, 200, "/metrics from 127.0.0.1")
    c.check(hdrs.get("content-type", "").startswith("text/plain; version=0.0.4"),
            "the text format's content type: %r" % hdrs.get("content-type"))
    text = body.decode()
    promtool(c, text)
    samples, types = {}, {}
    for fam in text_string_to_metric_families(text):
        types[fam.name] = fam.type
        for s in fam.samples:
            key = (s.name, tuple(sorted(s.labels.items())))
            c.check(key not in samples, "a series given twice: %r" % (key,))
            samples[key] = s.value
    # Each TYPE once, each sample after its family's TYPE line.
    seen = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            name = line.split()[2]
            c.check(name not in seen, "TYPE of %s given twice" % name)
            seen.add(name)
        elif line and not line.startswith("#"):
            base = re.sub(r"(_bucket|_sum|_count)$", "", line.split("{")[0].split(" ")[0])
            c.check(base in seen or line.split("{")[0].split(" ")[0] in seen,
                    "a sample before its TYPE: %s" % line)
    return samples, types


def val(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def key(name, **labels):
    return (name, tuple(sorted(labels.items())))


def req(route, method, status):
    return key("flexhours_http_requests_total", route=route, method=method, status=str(status))


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=1)
    cfg["metrics_allow"] = ["127.0.0.1"]
    srv = fhtest.Server(cfg)
    try:
        srv.start()
        before, types = scrape(c, srv)
        # The parser names a counter's family without _total.
        for name, kind in (("flexhours_http_requests", "counter"),
                           ("flexhours_http_request_duration_seconds", "histogram"),
                           ("flexhours_group_commit_size", "histogram"),
                           ("flexhours_bookings", "counter"),
                           ("flexhours_outbox_messages", "gauge"),
                           ("flexhours_outbox_sends", "counter"),
                           ("flexhours_store_errors", "counter"),
                           ("flexhours_answer_cache", "counter")):
            c.eq(types.get(name), kind, "the type of " + name)

        # What the test does: each counted once.
        st, _, _ = srv.request("POST", "/api/v1/bookings", booking(WEDNESDAY_9, 1))
        c.eq(st, 201, "a booking on a weekday morning")
        st, _, _ = srv.request("POST", "/api/v1/bookings", booking(WEDNESDAY_9, 2))
        c.eq(st, 409, "another in the same slot of capacity 1")
        st, _, _ = srv.request("POST", "/api/v1/bookings", booking(SUNDAY_9, 3))
        c.eq(st, 201, "a holiday wedding, pending")
        st, _, _ = srv.request("GET", "/no/such/page")
        c.eq(st, 404, "an unknown path")
        st, _, _ = srv.request("GET", "/")
        c.eq(st, 200, "the home page")

        expected = {
            req("/api/v1/bookings", "POST", 201): 2,
            req("/api/v1/bookings", "POST", 409): 1,
            req("none", "any", 404): 1,
            req("/", "GET", 200): 1,
            key("flexhours_http_request_duration_seconds_count",
                route="/api/v1/bookings", method="POST"): 3,
            key("flexhours_http_request_duration_seconds_count", route="/", method="GET"): 1,
            key("flexhours_bookings_total", outcome="confirmed", window="regular"): 1,
            key("flexhours_bookings_total", outcome="pending", window="holiday"): 1,
            key("flexhours_bookings_total", outcome="slot_full", window="none"): 1,
            key("flexhours_bookings_total", outcome="confirmed", window="holiday"): 0,
            key("flexhours_group_commit_size_count"): 3,  # one after another: a group each
            key("flexhours_group_commit_size_sum"): 3,
            key("flexhours_store_errors_total"): 0,
        }
        # A request is counted when it completes, just after its answer has
        # left: wait for the last of them to be counted.
        deadline = time.monotonic() + 5
        while True:
            after, _ = scrape(c, srv)
            moved = {k: after.get(k, 0) - before.get(k, 0) for k in expected}
            if all(moved[k] >= v for k, v in expected.items()) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        for k, want in expected.items():
            c.eq(moved[k], want, "%s%s moved by" % k)
        c.check(val(after, "flexhours_http_requests_total", route="/metrics", method="GET",
                    status="200") >= 1, "the scrapes themselves are counted")
        # A histogram's buckets add up: +Inf is the count.
        c.eq(val(after, "flexhours_http_request_duration_seconds_bucket",
                 route="/api/v1/bookings", method="POST", le="+Inf"),
             val(after, "flexhours_http_request_duration_seconds_count",
                 route="/api/v1/bookings", method="POST"), "+Inf bucket is the count")
        # The route is the table's pattern, never the path asked for.
        c.check(not any("/no/such" in str(k) for k in after), "no raw path as a label")
        for ch in ("email", "sms"):
            for status in ("queued", "failed"):
                c.check(("flexhours_outbox_messages",
                         (("channel", ch), ("status", status))) in after,
                        "outbox depth of %s %s" % (ch, status))

        # Only the configured addresses.
        st, _, _ = get(srv, "/metrics", source="127.0.0.2")
        c.eq(st, 403, "/metrics from 127.0.0.2, not in metrics_allow")
        st, _, _ = srv.request("POST", "/metrics", body="")
        c.eq(st, 405, "POST /metrics")

        # X-Request-Id: taken, made up, replaced.
        st, h, _ = get(srv, "/", {"X-Request-Id": "abc-123.X_y"})
        c.eq(h.get("x-request-id"), "abc-123.X_y", "a given request id is echoed")
        _, h1, _ = get(srv, "/")
        _, h2, _ = get(srv, "/")
        made = h1.get("x-request-id", "")
        c.check(HEX32.match(made) is not None, "a request id made up: %r" % made)
        c.check(made != h2.get("x-request-id"), "each request its own id")
        for bad in ("bad id!", "a" * 65, "abc\u00e9"):
            _, h, _ = get(srv, "/", {"X-Request-Id": bad.encode("utf-8").decode("latin-1")})
            c.check(HEX32.match(h.get("x-request-id", "")) is not None,
                    "a bad request id %r replaced: %r" % (bad, h.get("x-request-id")))
        _, h, _ = get(srv, "/api/v1/offices", {"X-Request-Id": "a" * 64})
        c.eq(h.get("x-request-id"), "a" * 64, "64 characters are taken")
        st, h, _ = get(srv, "/metrics", {"X-Request-Id": "scrape-1"})
        c.eq(h.get("x-request-id"), "scrape-1", "echoed by /metrics too")
        get(srv, "/?secret-query=42", {"X-Request-Id": "with-query"})

        c.eq(srv.stop(), 0, "exit status after SIGTERM")
        log = srv.log()
        lines = [line for line in log.splitlines() if "request_id=abc-123.X_y" in line]
        c.eq(len(lines), 1, "one access log line for the request")
        fields = dict(kv.split("=", 1) for kv in shlex.split(lines[0]) if "=" in kv) \
            if lines else {}
        c.eq(sorted(fields), sorted(["ts", "level", "event", "method", "route", "status", "ms",
                                     "bytes", "request_id"]), "the access log line's keys")
        c.eq((fields.get("level"), fields.get("event"), fields.get("method"),
              fields.get("route"), fields.get("status")),
             ("info", "request", "GET", "/", "200"), "the access log line's values")
        c.check(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", fields.get("ts", "")) is not None,
                "ts is a UTC timestamp")
        c.check(re.match(r"^\d+\.\d{3}$", fields.get("ms", "")) and
                fields.get("bytes", "").isdigit(), "ms and bytes are numbers")
        # Every line of the log is key=value pairs.
        for line in log.splitlines():
            words = shlex.split(line)
            if not all("=" in w for w in words):
                c.check(False, "a log line not key=value: %s" % line)
                break
        access = "\n".join(line for line in log.splitlines() if "event=request" in line)
        c.check("127.0.0" not in access, "no client address in the access log")
        c.check("secret-query" not in log, "no query string logged")
        c.check("route=/ " in [l for l in log.splitlines() if "with-query" in l][0] + " ",
                "a request with a query logs its route")
    finally:
        srv.cleanup()
    default_allow(c)
    bad_config(c)


def default_allow(c):
    """Without metrics_allow, loopback clients only; behind a trusted proxy
    the client it names is the one judged."""
    cfg = fhtest.test_config(fhtest.binary())
    cfg["trusted_proxies"] = ["127.0.0.1"]
    srv = fhtest.Server(cfg)
    try:
        srv.start()
        st, _, _ = get(srv, "/metrics", source="127.0.0.2")
        c.eq(st, 200, "/metrics from 127.0.0.2 (loopback) without metrics_allow")
        st, _, _ = get(srv, "/metrics", {"X-Forwarded-For": "203.0.113.5"})
        c.eq(st, 403, "/metrics for a client forwarded by the proxy on loopback")
        st, _, _ = get(srv, "/metrics", {"X-Forwarded-For": "127.0.0.1"})
        c.eq(st, 200, "/metrics for a loopback client through the proxy")
    finally:
        srv.cleanup()


def bad_config(c):
    for bad, why in ((["10.0.0.1/8"], "bits set beyond its prefix"),
                     (["metrics.example"], "IPv4 or IPv6 address"),
                     ("127.0.0.1", "must be an array")):
        cfg = fhtest.test_config(fhtest.binary())
        cfg["metrics_allow"] = bad
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "site.json")
            with open(path, "w") as f:
                json.dump(cfg, f)
            out = subprocess.run([fhtest.binary(), "check-config", path],
                                 capture_output=True, text=True, timeout=30)
            c.check(out.returncode == 78 and why in out.stderr and "metrics_allow" in out.stderr,
                    "metrics_allow %s is refused: %s" % (json.dumps(bad), out.stderr.strip()))


if __name__ == "__main__":
    fhtest.run(main)
