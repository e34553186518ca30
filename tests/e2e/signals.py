"""signals.py: SIGHUP does not stop the server (it used to end it with
status 129, losing the last log lines): the configuration file is read and
checked again, a good one reported as taking effect at the next start, a
bad one named with its fault while the server goes on serving with the one
it started with; SIGTERM still stops it with status 0."""
import json
import signal
import time

import fhtest


def wait_for(srv, text, timeout=10):
    """Whether the server's log holds text within timeout seconds (the log
    is flushed every second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in srv.log():
            return True
        time.sleep(0.1)
    return False


def main(c):
    srv = fhtest.Server(fhtest.test_config(fhtest.binary())).start()
    try:
        srv.proc.send_signal(signal.SIGHUP)
        c.check(wait_for(srv, "is valid; it takes effect when the server is restarted"),
                "SIGHUP with a good file: checked and reported")
        st, _, _ = srv.request("GET", "/healthz")
        c.eq((srv.proc.poll(), st), (None, 200), "...and the server still serves")

        with open(srv.config_path, "w") as f:
            json.dump({"offices": [], "listen": "127.0.0.1:1"}, f)
        srv.proc.send_signal(signal.SIGHUP)
        c.check(wait_for(srv, "not valid, kept the one in force") and
                "offices: must be a non-empty array" in srv.log(),
                "SIGHUP with a bad file: its fault named, the old configuration kept")
        st, _, body = srv.request("GET", "/api/v1/offices")
        c.eq((srv.proc.poll(), st), (None, 200), "...and the server still serves the old offices")
        c.eq([o.get("id") for o in body] if isinstance(body, list) else body,
             [fhtest.OFFICE], "the office is still there")
        c.eq(srv.stop(), 0, "SIGTERM after SIGHUPs: a clean stop")
    finally:
        srv.cleanup()


fhtest.run(main)
