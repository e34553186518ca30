"""hostile.py: the server against clients that mean harm, as an attacker's
review tried it: hundreds of sockets dripping a request head byte by byte
(a fresh client is still served, the drippers are cut off at the head's
deadline however much they trickle, one address holds a bounded number of
connections); guessing manage tokens, codes and manager tokens (each failed
try counts, then 429 with Retry-After); a JSON body sent as text/plain (a
cross-site form) refused 415; a query argument given twice or holding a
%00, a start with fractions of a second, a name of zero-width characters,
a closure without a reason, all refused with the field named; /readyz."""

import socket
import threading
import time

import fhtest
from fhtest import NOW, OFFICE, booking

DRIPPERS = 300
CAP = 40  # connections one address may hold in this test's configuration


def dripping(port, n, stop, sockets):
    """Opens n sockets that send a request head one line every second and
    never finish it."""
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            s.close()
            continue
        sockets.append(s)
    while not stop.is_set():
        for s in sockets:
            try:
                s.sendall(b"X-Drip: 1\r\n")
            except OSError:
                pass
        stop.wait(1)


def open_count(sockets):
    """How many of the sockets the server still holds open."""
    alive = 0
    for s in sockets:
        try:
            s.setblocking(False)
            data = s.recv(1)
            if data:
                alive += 1  # an answer would be a surprise, but it is open
        except BlockingIOError:
            alive += 1  # nothing to read: still open
        except OSError:
            pass  # reset: closed by the server
        finally:
            s.setblocking(True)
    return alive


def fresh_client(port, source):
    """GET /healthz from another address on loopback; (status, seconds)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.bind((source, 0))
    began = time.monotonic()
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head = s.recv(64)
        took = time.monotonic() - began
        return head.split(b" ")[1].decode() if head.startswith(b"HTTP/") else head, took
    except OSError as e:
        return repr(e), time.monotonic() - began
    finally:
        s.close()


def slow_clients(c):
    cfg = fhtest.test_config(fhtest.binary())
    cfg["rate_limit"] = {"per_minute": 30, "burst": 10,
                         "connections_per_client": CAP, "failures_per_minute": 1000}
    srv = fhtest.Server(cfg).start()
    stop = threading.Event()
    sockets = []
    try:
        t = threading.Thread(target=dripping, args=(srv.port, DRIPPERS, stop, sockets))
        t.start()
        time.sleep(3)  # every socket opened and dripping
        held = open_count(sockets)
        c.check(held <= CAP, f"one address holds at most {CAP} connections: {held} of "
                             f"{len(sockets)} dripping sockets are open")
        status, took = fresh_client(srv.port, "127.0.0.2")
        print(f"a fresh client among {len(sockets)} dripping sockets: {status} in {took:.3f} s")
        c.eq(status, "200", "a fresh client from another address is served")
        # The head's deadline (10 s) holds however much a dripper sends.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and open_count(sockets) > 0:
            time.sleep(1)
        c.eq(open_count(sockets), 0, "every dripping connection is cut at the head's deadline")
        status, _ = fresh_client(srv.port, "127.0.0.1")
        c.eq(status, "200", "the dripping address is served again once its sockets are cut")
    finally:
        stop.set()
        for s in sockets:
            s.close()
        c.eq(srv.stop(), 0, "the server stops cleanly")
        srv.cleanup()


def guessing(c):
    cfg = fhtest.test_config(fhtest.binary())
    cfg["rate_limit"] = {"per_minute": 1000, "burst": 1000,
                         "failures_per_minute": 5}
    srv = fhtest.Server(cfg).start()
    try:
        st, _, b = srv.request("POST", "/api/v1/bookings",
                               booking("2026-03-03T09:00:00+08:00", 1, service="name_change"))
        c.eq(st, 201, "a booking to guess at")
        path = "/api/v1/bookings/" + b["code"]
        codes = []
        for i in range(5):
            st, _, _ = srv.request("GET", path + "?token=" + "%032x" % i)
            codes.append(st)
        c.eq(codes, [404] * 5, "five wrong tokens: not found, each")
        st, h, body = srv.request("GET", path + "?token=" + b["manage_token"])
        c.eq((st, body["error"]["code"] if st != 200 else None), (429, "rate_limited"),
             "the sixth try, even with the right token, waits")
        c.check(int(h.get("retry-after", "0")) >= 1, "with Retry-After")
        st, _, _ = srv.request("GET", "/api/v1/outbox", headers={"Authorization": "Bearer nope"})
        c.eq(st, 429, "a manager token is not tried from that address either")
        st, _, _ = srv.request("GET", "/b/%s?k=%s" % (b["code"], "0" * 32))
        c.eq(st, 429, "nor a manage page's key")
    finally:
        c.eq(srv.stop(), 0, "the server stops cleanly")
        srv.cleanup()


def strict_input(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary())).start()
    try:
        b = booking("2026-03-03T09:00:00+08:00", 2, service="name_change")
        import json
        st, _, body = srv.request("POST", "/api/v1/bookings", json.dumps(b),
                                  {"Content-Type": "text/plain"})
        c.eq((st, body["error"]["code"] if isinstance(body, dict) else body),
             (415, "unsupported_media_type"), "a JSON body sent as text/plain (a cross-site form)")
        c.eq(srv.rows(), 0, "and nothing was booked")
        q = "/api/v1/offices/%s/slots?service=marriage&service=name_change&from=2026-03-02&to=2026-03-03"
        st, _, body = srv.request("GET", q % OFFICE)
        c.eq((st, body["error"]["field"]), (422, "service"), "an argument given twice")
        q = "/api/v1/offices/%s/slots?service=marriage%%00x&from=2026-03-02&to=2026-03-03"
        st, _, body = srv.request("GET", q % OFFICE)
        c.eq((st, body["error"]["field"]), (422, "service"), "a value with %00 in it")
        st, _, body = srv.request("POST", "/api/v1/bookings",
                                  dict(b, start="2026-03-03T09:00:00.5+08:00"))
        c.eq((st, body["error"]["field"]), (422, "start"), "a start with a fraction of a second")
        st, _, body = srv.request("POST", "/api/v1/bookings", dict(b, name="\u200b\u200b"))
        c.eq((st, body["error"]["field"]), (422, "name"), "a name of zero-width spaces only")
        long_cjk = "王" * 100
        st, _, got = srv.request("POST", "/api/v1/bookings", dict(b, name=long_cjk))
        c.eq(st, 201, "a name of 100 Chinese characters (300 bytes) is taken")
        if st == 201:
            st, _, got = srv.request("GET", "/api/v1/bookings/%s?token=%s"
                                     % (got["code"], got["manage_token"]))
            c.eq(got.get("name"), long_cjk, "and reads back whole")
        st, _, body = srv.request("POST", "/api/v1/bookings", dict(b, name="王" * 101))
        c.eq((st, body["error"]["field"]), (422, "name"), "101 characters are too many")
        close = "/api/v1/offices/%s/closures" % OFFICE
        st, _, body = srv.request("POST", close, {"date": "2026-03-05"}, srv.manager())
        c.eq((st, body["error"]["field"]), (422, "reason"), "a closure without a reason")
        for path in ("/api/v1/offices?%ff=1", "/api/v1/offices/taichung-south/slots?a%e4%b8=1",
                     "/api/v1/bookings/X?%ff=x"):
            st, h, body = srv.request("GET", path)
            c.eq((st, h.get("content-type", "")[:16]), (422, "application/json"),
                 f"{path}: a JSON error")
        st, _, body = srv.request("GET", "/healthz")
        c.eq(st, 200, "the server lives on")
        st, _, body = srv.request("GET", "/readyz")
        c.eq((st, body), (200, {"status": "ready"}), "/readyz: the store reads and writes")
    finally:
        c.eq(srv.stop(), 0, "the server stops cleanly")
        srv.cleanup()


def main(c):
    strict_input(c)
    guessing(c)
    slow_clients(c)


if __name__ == "__main__":
    fhtest.run(main)
