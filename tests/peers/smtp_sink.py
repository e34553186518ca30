"""smtp_sink.py: a real SMTP server (Debian's python3-aiosmtpd) for the
tests. Stores each message it accepts as DIR/NNNN.eml, with the envelope in
DIR/NNNN.json, and refuses on demand:

  --reject-prefix P     RCPT of addresses starting with P gets 550 (default "bad")
  --tempfail-count N    the first N MAIL commands get 451
  --tempfail-seconds S  every MAIL in the first S seconds gets 451
  DIR/TEMPFAIL          while this file exists, every MAIL gets 451
  --tls CERT KEY        offers STARTTLS and requires it (TLS 1.3 allowed)
  --auth USER:PASS      requires AUTH (PLAIN, LOGIN) before MAIL

Binds 127.0.0.1 on --port (0: a free port chosen by the kernel), prints
"READY PORT" once listening, and exits cleanly on SIGTERM or SIGINT.
Run with Debian's /usr/bin/python3."""
import argparse
import asyncio
import json
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def tls_version(session):
    extra = session.ssl if isinstance(session.ssl, dict) else {}
    obj = extra.get("ssl_object")
    return obj.version() if obj is not None else None


class Sink:
    def __init__(self, args):
        self.dir = args.dir
        self.reject_prefix = args.reject_prefix
        self.tempfail_left = args.tempfail_count
        self.tempfail_until = time.monotonic() + args.tempfail_seconds
        self.count = 0
        self.connections = 0  # connections accepted so far

    def _tempfail(self):
        if os.path.exists(os.path.join(self.dir, "TEMPFAIL")):
            return True
        if time.monotonic() < self.tempfail_until:
            return True
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            return True
        return False

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self._tempfail():
            return "451 4.3.0 Temporary failure, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_prefix and address.lower().startswith(self.reject_prefix):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.dir, f"{self.count:04d}")
        info = {
            "connection": self.connections,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "tls": session.ssl is not None,
            "tls_version": tls_version(session),
            "auth": bool(session.authenticated),
            "login": session.auth_data.login.decode("utf-8", "replace")
            if isinstance(session.auth_data, LoginPassword) else None,
        }
        # Written under a temporary name, then renamed: a reader never sees
        # half a message.
        for ext, data in ((".json", json.dumps(info).encode()),
                          (".eml", envelope.original_content)):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + ext + ".tmp", base + ext)
        return "250 2.0.0 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--reject-prefix", default="bad")
    ap.add_argument("--tempfail-count", type=int, default=0)
    ap.add_argument("--tempfail-seconds", type=float, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--auth", metavar="USER:PASS")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    kw = {"hostname": "sink.test", "data_size_limit": 10 * 1024 * 1024}
    if args.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(*args.tls)
        kw.update(tls_context=ctx, require_starttls=True)
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
                  and auth_data.password == password.encode())
            # handled=False: aiosmtpd then answers 535 itself
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        kw.update(authenticator=authenticator, auth_required=True,
                  auth_require_tls=bool(args.tls))

    handler = Sink(args)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(16)
    def protocol():
        handler.connections += 1
        return SMTP(handler, loop=loop, **kw)

    server = loop.run_until_complete(loop.create_server(protocol, sock=sock))
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    print("READY", sock.getsockname()[1], flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
