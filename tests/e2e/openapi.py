#!/usr/bin/env python3
"""openapi.py: GET /api/v1/openapi.json serves the document kept in the
repository (docs/openapi.json), byte for byte, as JSON, with a strong ETag that
answers 304 when the client has it, and Cache-Control letting clients keep it."""
import hashlib
import os

import fhtest


def main(c):
    src = os.environ.get("FLEXHOURS_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    with open(os.path.join(src, "docs", "openapi.json"), "rb") as f:
        kept = f.read()
    srv = fhtest.Server(fhtest.test_config(fhtest.binary())).start()
    try:
        conn = srv.connection()
        conn.request("GET", "/api/v1/openapi.json")
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        c.eq(resp.status, 200, "status")
        c.eq(resp.getheader("Content-Type"), "application/json; charset=utf-8", "content type")
        c.check(body == kept, "the answer is docs/openapi.json byte for byte (%d bytes, kept %d)"
                % (len(body), len(kept)))
        etag = resp.getheader("ETag")
        c.eq(etag, '"%s"' % hashlib.sha256(kept).hexdigest()[:16], "ETag: the SHA-256's first 16 digits")
        c.eq(resp.getheader("Cache-Control"), "public, max-age=3600", "Cache-Control")
        st, hdrs, data = srv.request("GET", "/api/v1/openapi.json", headers={"If-None-Match": etag})
        c.eq(st, 304, "If-None-Match with the ETag")
        c.eq(data, b"", "no body with 304")
        st, _, data = srv.request("GET", "/api/v1/openapi.json", headers={"If-None-Match": '"0000000000000000"'})
        c.eq(st, 200, "If-None-Match with another ETag")
        c.eq(data.get("openapi") if isinstance(data, dict) else None, "3.1.0", "the document's version")
        st, _, data = srv.request("GET", "/api/v1/openapi.json?x=1")
        c.eq(st, 422, "an unknown query argument")
        c.eq(data["error"]["field"], "x", "the field named")
        st, hdrs, _ = srv.request("POST", "/api/v1/openapi.json", body={})
        c.eq(st, 405, "POST")
        c.eq(hdrs.get("allow"), "GET, HEAD", "Allow")
    finally:
        srv.cleanup()


if __name__ == "__main__":
    fhtest.run(main)
