"""proxy.py: behind a reverse proxy, each client is limited on its own.
A peer listed in trusted_proxies names the client in X-Forwarded-For or
Forwarded (RFC 7239): the rightmost address that is not a trusted proxy is
the client, so what a client writes further left is ignored; from any
other peer those headers are ignored. Loopback has no exemption: a client
on 127.0.0.2 is limited like anyone. The rate limit here is a burst of 2
booking requests, so a third in a row is 429; a shared bucket would refuse
the third client already."""
import http.client
import json
import os
import subprocess
import tempfile

import fhtest
from fhtest import booking

PROXY = "127.0.0.1"  # the test's own connections come from here
OTHER = "127.0.0.2"  # a peer that is no proxy


def post(srv, n, headers=None, source=PROXY):
    """A booking request (its outcome does not matter: only whether the
    limit let it through); the status."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30,
                                      source_address=(source, 0))
    try:
        st, _, _ = srv.request("POST", "/api/v1/bookings",
                               booking("2026-03-04T%02d:00:00+08:00" % (9 + n % 3), 7000 + n),
                               headers=headers, conn=conn)
        return st
    finally:
        conn.close()


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=50)
    cfg["rate_limit"] = {"per_minute": 1, "burst": 2, "failures_per_minute": 0}
    cfg["trusted_proxies"] = [PROXY, "10.0.0.0/8", "fd00::/8"]
    srv = fhtest.Server(cfg).start()
    n = 0

    def statuses(count, headers=None, source=PROXY):
        nonlocal n
        out = []
        for _ in range(count):
            out.append(post(srv, n, headers, source))
            n += 1
        return out

    try:
        # Five clients through the proxy: each has its own bucket.
        first = [statuses(1, {"X-Forwarded-For": "203.0.113.%d" % i})[0] for i in range(1, 6)]
        c.check(429 not in first, "five forwarded clients each get through once: %s" % first)
        st = statuses(2, {"X-Forwarded-For": "203.0.113.1"})
        c.eq(st[-1], 429, "the same forwarded client a third time: 429")

        # What the client writes before the proxy's entry is ignored: the
        # rightmost address not a trusted proxy decides.
        statuses(2, {"X-Forwarded-For": "203.0.113.9"})
        st = statuses(1, {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
        c.eq(st, [429], "a made-up address to the left does not give a new bucket")
        # Through two proxies (one of 10.0.0.0/8): the client is left of both.
        st = statuses(2, {"X-Forwarded-For": "203.0.113.20, 10.1.2.3"})
        c.check(429 not in st, "a client behind two trusted proxies: its own bucket: %s" % st)
        st = statuses(1, {"X-Forwarded-For": "203.0.113.20"})
        c.eq(st, [429], "...the same bucket as when it comes through one")

        # RFC 7239 Forwarded, with an IPv6 client and a port, wins over XFF.
        fwd = {"Forwarded": 'for="[2001:db8::1]:4711";proto=https, for=10.9.9.9',
               "X-Forwarded-For": "203.0.113.1"}
        st = statuses(2, fwd)
        c.check(429 not in st, "a client named by Forwarded: its own bucket: %s" % st)
        st = statuses(1, {"Forwarded": "for=\"[2001:db8::1]\""})
        c.eq(st, [429], "...the IPv6 client's bucket, whatever its port")

        # A malformed header counts as the proxy itself (one bucket for all
        # such requests), never as whatever it says.
        st = statuses(3, {"X-Forwarded-For": "not an address"})
        c.eq(st[-1], 429, "unreadable forwarded addresses share the proxy's bucket")

        # A peer that is no proxy: its headers are ignored.
        st = [post(srv, 900 + i, {"X-Forwarded-For": "192.0.2.%d" % i}, OTHER) for i in range(3)]
        c.eq(st[-1], 429, "from an untrusted peer X-Forwarded-For changes nothing: %s" % st)
        st = [post(srv, 950, {"Forwarded": "for=192.0.2.200"}, OTHER)]
        c.eq(st, [429], "...nor does Forwarded")

        log = srv.log()
        c.check("203.0.113" not in log and "2001:db8" not in log and "127.0.0.2" not in log,
                "no client address in the log")
    finally:
        srv.cleanup()

    # The configuration refuses what would be a silent mistake.
    for bad, why in (({"trusted_proxies": ["10.0.0.1/8"]}, "bits set beyond its prefix"),
                     ({"trusted_proxies": ["proxy.example"]}, "IPv4 or IPv6 address"),
                     ({"trusted_proxies": ["10.0.0.0/33"]}, "at most 32 bits"),
                     ({"trusted_proxies": "10.0.0.0/8"}, "must be an array"),
                     ({"rate_limit": {"loopback": True}}, "trusted_proxies")):
        cfg = fhtest.test_config(fhtest.binary())
        cfg.update(bad)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "site.json")
            with open(path, "w") as f:
                json.dump(cfg, f)
            out = subprocess.run([fhtest.binary(), "check-config", path],
                                 capture_output=True, text=True, timeout=30)
            c.check(out.returncode == 78 and why in out.stderr,
                    "%s is refused: %s" % (json.dumps(bad), out.stderr.strip()))


fhtest.run(main)
