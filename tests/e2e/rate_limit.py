"""rate_limit.py: booking requests from one address beyond the configured
burst get 429 rate_limited with Retry-After, and write nothing; other
endpoints are not limited; and a client that stays idle saves no more
than the burst. (The other end-to-end tests configure no limit.)"""
import time

import fhtest
from fhtest import booking


def main(c):
    cfg = fhtest.test_config(fhtest.binary(), capacity=3)
    cfg["rate_limit"] = {"per_minute": 6, "burst": 3}
    srv = fhtest.Server(cfg).start()
    try:
        for n in range(3):
            st, _, _ = srv.request("POST", "/api/v1/bookings",
                                   booking("2026-03-04T%02d:00:00+08:00" % (9 + n), 50 + n))
            c.eq(st, 201, "booking %d within the burst" % (n + 1))
        rows = srv.rows()
        st, h, body = srv.request("POST", "/api/v1/bookings",
                                  booking("2026-03-04T14:00:00+08:00", 60))
        c.eq((st, body["error"]["code"]), (429, "rate_limited"), "the fourth at once")
        c.check(int(h.get("retry-after", "0")) >= 1, "Retry-After says when")
        c.eq(srv.rows(), rows, "nothing written")
        st, _, _ = srv.request("GET", "/api/v1/offices/taichung-south/services")
        c.eq(st, 200, "reading is not limited")
    finally:
        srv.cleanup()

    # A client that stays away saves no more than the burst: after an idle
    # spell worth 6 requests at 2 a second, a volley gets the burst of 3
    # through, plus what refilled while the volley itself went on.
    cfg["rate_limit"] = {"per_minute": 120, "burst": 3}
    srv = fhtest.Server(cfg).start()
    try:
        body = booking("2026-03-04T09:00:00+08:00", 70)
        for _ in range(3):
            srv.request("POST", "/api/v1/bookings", body)
        time.sleep(3)
        started = time.monotonic()
        answered = []
        for _ in range(10):
            st, _, _ = srv.request("POST", "/api/v1/bookings", body)
            answered.append(st)
        refilled = int((time.monotonic() - started) * 2) + 1
        through = sum(1 for st in answered if st != 429)
        c.check(3 <= through <= 3 + refilled,
                "after an idle spell %d of 10 got through (burst 3, %d refilled): %s"
                % (through, refilled, answered))
    finally:
        srv.cleanup()


fhtest.run(main)
