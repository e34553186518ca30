"""kannel.py: a real Kannel SMS gateway on loopback for the tests: bearerbox,
smsbox and the fake SMSC (fakesmsc from kannel-extras), on free ports (never
Kannel's defaults 13000/13001/13013), in a scratch directory.

    with Kannel(workdir) as k:          # starts, waits until sendsms answers
        k.sendsms_url                   # http://127.0.0.1:PORT/cgi-bin/sendsms
        k.messages()                    # what the fake SMSC received, decoded
    # stopped: shutdown through the admin interface, then whatever is left
    # is killed by its process id

Run as a script it starts Kannel, prints the sendsms URL and user, and
stops on Ctrl-C or SIGTERM. Missing binaries raise KannelMissing."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
KANNEL_DEFAULT_PORTS = {13000, 13001, 13013}

USER = "booking"
PASSWORD = "secret"
ADMIN_PASSWORD = "adminpw"


class KannelMissing(Exception):
    pass


def free_ports(count):
    """count distinct ports that are free now (bind test), none of Kannel's
    defaults. Bound on every address, since the fake SMSC listener binds
    0.0.0.0; the sockets are held until all are chosen so they differ."""
    socks, ports = [], []
    try:
        while len(ports) < count:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(s)
            s.bind(("0.0.0.0", 0))
            port = s.getsockname()[1]
            if port not in KANNEL_DEFAULT_PORTS:
                ports.append(port)
    finally:
        for s in socks:
            s.close()
    return ports


def decode_fakesmsc(line):
    """A line fakesmsc prints, "Got message N: <from to type [udh sub] data>",
    as a dict: from, to, type ("text", "ucs-2" or "udh"), udh (bytes or
    None), coding ("text", "ucs-2" or "data") and data (bytes: UTF-16BE for
    ucs-2 and for UCS-2 parts of a concatenated message)."""
    m = re.search(r"Got message \d+: <(.*)>\s*$", line)
    if m is None:
        return None
    fields = m.group(1).split(" ")
    sender, receiver, kind, rest = fields[0], fields[1], fields[2], fields[3:]
    udh = None
    coding = kind
    if kind == "udh":
        udh = urllib.parse.unquote_to_bytes(rest[0].replace("+", "%20"))
        coding, rest = rest[1], rest[2:]
    payload = " ".join(rest)
    if coding == "text":
        data = payload.encode("latin-1")  # printed as is
    else:
        data = urllib.parse.unquote_to_bytes(payload.replace("+", "%20"))
    return {"from": sender, "to": receiver, "type": kind, "udh": udh, "coding": coding,
            "data": data}


def texts(messages):
    """The texts a phone would show: single messages decoded, concatenated
    parts (UDH 05 00 03 ref total seq) joined in order, UCS-2 as UTF-16BE.
    Each item is (from, to, text, parts)."""
    out, groups = [], {}
    for m in messages:
        udh = m["udh"]
        if udh is not None and len(udh) >= 6 and udh[1] == 0x00:
            ref, total, seq = udh[3], udh[4], udh[5]
            key = (m["from"], m["to"], ref, total)
            groups.setdefault(key, {})[seq] = m
            if len(groups[key]) == total:
                parts = [groups[key][i] for i in range(1, total + 1)]
                raw = b"".join(p["data"] for p in parts)
                # The fake SMSC prints the parts of a concatenated text as
                # "data" whatever their coding: UTF-16BE for a UCS-2 text,
                # the characters themselves for a GSM one. Only UTF-16 of
                # these texts holds NUL or high bytes.
                ucs2 = parts[0]["coding"] in ("ucs-2", "ucs2") or (
                    parts[0]["coding"] == "data" and any(b == 0 or b >= 0x80 for b in raw))
                text = raw.decode("utf-16-be" if ucs2 else "latin-1")
                out.append((m["from"], m["to"], text, total))
        elif m["coding"] in ("ucs-2", "ucs2"):
            out.append((m["from"], m["to"], m["data"].decode("utf-16-be"), 1))
        else:
            out.append((m["from"], m["to"], m["data"].decode("latin-1"), 1))
    return out


class Kannel:
    def __init__(self, workdir, max_messages=3):
        for path in (BEARERBOX, SMSBOX, FAKESMSC):
            if not os.access(path, os.X_OK):
                raise KannelMissing(f"{path} is missing (apt-get install kannel kannel-extras)")
        self.dir = workdir
        self.max_messages = max_messages
        self.procs = {}
        self.admin_port, self.smsbox_port, self.smsc_port, self.sendsms_port = free_ports(4)
        self.sendsms_url = f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def _write_conf(self):
        conf = f"""group = core
admin-port = {self.admin_port}
admin-interface = 127.0.0.1
admin-password = {ADMIN_PASSWORD}
admin-allow-ip = 127.0.0.1
smsbox-port = {self.smsbox_port}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = bearerbox.log
log-level = 1
access-log = access.log
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {self.smsc_port}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {self.smsbox_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = 127.0.0.1
log-file = smsbox.log
log-level = 1

group = sendsms-user
username = {USER}
password = {PASSWORD}
max-messages = {self.max_messages}
concatenation = true
"""
        self.conf = os.path.join(self.dir, "kannel.conf")
        with open(self.conf, "w") as f:
            f.write(conf)

    def _spawn(self, name, argv):
        out = open(os.path.join(self.dir, name + ".out"), "wb")
        self.procs[name] = subprocess.Popen(argv, cwd=self.dir, stdout=out,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()

    def _answers(self, url):
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                r.read()
            return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means it listens
        except OSError:
            return False

    def _wait(self, url, what, deadline):
        while time.monotonic() < deadline:
            for name, p in self.procs.items():
                if p.poll() is not None:
                    raise RuntimeError(f"{name} exited with {p.returncode}: {self.log(name)}")
            if self._answers(url):
                return
            time.sleep(0.05)
        raise RuntimeError(f"{what} did not answer in time")

    def start(self, timeout=15):
        self._write_conf()
        deadline = time.monotonic() + timeout
        try:
            self._spawn("bearerbox", [BEARERBOX, self.conf])
            self._wait(f"http://127.0.0.1:{self.admin_port}/status", "bearerbox", deadline)
            # -m 0: the fake SMSC sends no mobile-originated messages.
            self._spawn("fakesmsc", [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.smsc_port),
                                     "-i", "1", "-m", "0", "886900000001 12345 text hello"])
            self._spawn("smsbox", [SMSBOX, self.conf])
            self._wait(self.sendsms_url, "smsbox sendsms", deadline)
            # The fake SMSC is connected when bearerbox reports it online.
            while time.monotonic() < deadline:
                if "online" in self.status():
                    return self
                time.sleep(0.05)
            raise RuntimeError("the fake SMSC did not come online")
        except BaseException:
            self.stop()
            raise

    def status(self):
        url = f"http://127.0.0.1:{self.admin_port}/status.txt?password={ADMIN_PASSWORD}"
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                return r.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log(self, name):
        try:
            with open(os.path.join(self.dir, name + ".out"), "rb") as f:
                return f.read().decode("utf-8", "replace")[-2000:]
        except OSError:
            return ""

    def messages(self):
        """Every message the fake SMSC got so far, decoded."""
        out = []
        for line in self.log_all("fakesmsc").splitlines():
            m = decode_fakesmsc(line)
            if m is not None:
                out.append(m)
        return out

    def log_all(self, name):
        try:
            with open(os.path.join(self.dir, name + ".out"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def wait_messages(self, count, timeout=5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.messages()
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.messages()

    def stop(self):
        """Graceful shutdown through the admin interface (smsbox follows
        bearerbox), then whatever is left is killed, by its own pid."""
        if self.procs.get("bearerbox") and self.procs["bearerbox"].poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/shutdown"
                                       f"?password={ADMIN_PASSWORD}", timeout=2).read()
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for name in ("smsbox", "bearerbox"):
            p = self.procs.get(name)
            while p is not None and p.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
        for name, p in self.procs.items():
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = {k: v for k, v in self.procs.items() if v.poll() is None}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        k = Kannel(d)
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        with k:
            print(f"sendsms {k.sendsms_url} username={USER} password={PASSWORD}", flush=True)
            try:
                shown = 0
                while True:
                    time.sleep(0.5)
                    got = texts(k.messages())
                    for item in got[shown:]:
                        print(item, flush=True)
                    shown = len(got)
            except KeyboardInterrupt:
                pass


if __name__ == "__main__":
    main()
