"""e2e.py: what the notifier's end-to-end tests share: checks that collect
failures, the send_tool driver, and the SMTP sink started and always
stopped by its own process id."""
import os
import socket
import subprocess
import sys
import tempfile

SRCDIR = os.environ.get("FLEXHOURS_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILDDIR = os.environ.get("FLEXHOURS_BUILDDIR", ".")
PEERS = os.path.join(SRCDIR, "tests", "peers")
SEND_TOOL = os.path.join(BUILDDIR, "tests", "notifier", "send_tool")
sys.path.insert(0, PEERS)

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)
    return cond


def finish():
    if failures:
        print(f"FAIL ({len(failures)})")
        sys.exit(1)
    print("PASS")
    sys.exit(0)


def free_port():
    """A port nobody listens on now (bind test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def allow_skip():
    """Whether a developer allowed skips (FLEXHOURS_ALLOW_SKIP): else a peer
    or tool that is missing fails the test, as scripts/setup.sh installs
    them all."""
    return bool(os.environ.get("FLEXHOURS_ALLOW_SKIP"))


def missing(what):
    """A peer or tool is missing: the whole test skips (77) where allowed,
    fails (99) otherwise; never a part skipped and the rest passed."""
    print(("SKIP: " if allow_skip() else "ERROR: ") + what +
          " (scripts/setup.sh --with-tests installs it)")
    sys.exit(77 if allow_skip() else 99)


def send_tool(*args, watchdog=120):
    """Runs send_tool; returns its stdout lines. The watchdog only ends a
    hang (a failure); no test measures how long a send took."""
    try:
        r = subprocess.run([SEND_TOOL, *args], capture_output=True, timeout=watchdog)
    except subprocess.TimeoutExpired:
        check(False, f"send_tool {args[0]} hung: its own timeouts did not end it")
        return []
    if r.returncode != 0:
        print(r.stderr.decode("utf-8", "replace"))
    check(r.returncode == 0, f"send_tool {args[0]} exited {r.returncode}")
    return r.stdout.decode("utf-8").splitlines()


class SmtpSink:
    """tests/peers/smtp_sink.py in a process of its own, on a free port."""

    def __init__(self, *args):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "mail")
        self.args = args

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(PEERS, "smtp_sink.py"), "--dir", self.dir, *self.args],
            stdout=subprocess.PIPE, stderr=open(os.path.join(self.tmp.name, "err"), "wb"))
        line = self.proc.stdout.readline().decode()
        if not line.startswith("READY "):
            self.__exit__()
            raise RuntimeError("smtp_sink.py did not start: " + self.log())
        self.port = int(line.split()[1])
        return self

    def log(self):
        with open(os.path.join(self.tmp.name, "err"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.tmp.cleanup()

    def messages(self):
        """[(raw bytes, envelope dict)] in arrival order."""
        import json
        out = []
        names = sorted(n for n in os.listdir(self.dir) if n.endswith(".eml")) \
            if os.path.isdir(self.dir) else []
        for n in names:
            with open(os.path.join(self.dir, n), "rb") as f:
                raw = f.read()
            with open(os.path.join(self.dir, n[:-4] + ".json")) as f:
                out.append((raw, json.load(f)))
        return out
