#!/usr/bin/env python3
"""A small SIP registrar for the doctor's tests (loopback only, stdlib only).

Listens on 127.0.0.1 on one ephemeral port for UDP and TCP (and, with
--tls-cert, on a second port for TLS). Answers OPTIONS; challenges REGISTER
with a digest (MD5, SHA-256 or both) and checks the answer with hashlib.
--mode says how it misbehaves:
  ok               200 to a correct digest, 403 to a wrong one
  forbidden        403 to every authenticated REGISTER
  notfound         404 to every authenticated REGISTER
  silent           answers nothing at all
  silent-register  answers OPTIONS, ignores REGISTER
  malformed        answers every request with a broken response
  open             200 to REGISTER without asking for credentials
  hostile          like forbidden, but every reason phrase, the Server header
                   and the digest realm carry terminal escapes (ESC ]0; title,
                   ESC [2J, a C1 CSI): what trunkwiz shows must hold none
--hold FILE keeps every answer back until FILE exists (a test can look at
the client while it waits). The password comes from the TW_PEER_PASSWORD environment variable. Every
request is appended to --log. Stops by itself after --lifetime seconds.
"""
import argparse
import hashlib
import os
import secrets
import socket
import ssl
import sys
import threading
import time

ALGS = {"MD5": "md5", "SHA-256": "sha256"}
# Sets the terminal's title, clears the screen, then a C1 CSI (U+009B).
ESCAPES = "\x1b]0;owned by the provider\x07\x1b[2J\u009b31m"


class Registrar:
    def __init__(self, args):
        self.args = args
        self.password = os.environ.get("TW_PEER_PASSWORD", "")
        self.nonces = set()
        self.lock = threading.RLock()
        self.bindings = {}

    def log(self, text):
        if not self.args.log:
            return
        with self.lock, open(self.args.log, "a", encoding="utf-8", errors="replace") as f:
            f.write(text)
            if not text.endswith("\n"):
                f.write("\n")
            f.write("----\n")

    @staticmethod
    def parse(data):
        head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        headers = []
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers.append((name.strip(), value.strip()))
        return parts, headers

    @staticmethod
    def header(headers, name, compact=None):
        for n, v in headers:
            if n.lower() == name.lower() or (compact and n.lower() == compact):
                return v
        return None

    def response(self, headers, code, reason, extra=()):
        hostile = self.args.mode == "hostile"
        if hostile:
            reason += ESCAPES
        out = ["SIP/2.0 %d %s" % (code, reason)]
        for n, v in headers:
            if n.lower() in ("via", "v"):
                out.append("Via: " + v)
        out.append("From: " + (self.header(headers, "From", "f") or ""))
        to = self.header(headers, "To", "t") or ""
        if ";tag=" not in to:
            to += ";tag=peer" + secrets.token_hex(4)
        out.append("To: " + to)
        out.append("Call-ID: " + (self.header(headers, "Call-ID", "i") or ""))
        out.append("CSeq: " + (self.header(headers, "CSeq") or ""))
        out.extend(extra)
        out.append("Server: trunkwiz-test-peer" + (ESCAPES if hostile else ""))
        out.append("Content-Length: 0")
        return ("\r\n".join(out) + "\r\n\r\n").encode("utf-8")

    def challenge(self, headers):
        nonce = secrets.token_hex(16)
        with self.lock:
            self.nonces.add(nonce)
        algs = ["SHA-256", "MD5"] if self.args.algorithm == "both" else [self.args.algorithm]
        extra = ['WWW-Authenticate: Digest realm="%s", nonce="%s", opaque="op1", '
                 'algorithm=%s, qop="auth"' % (self.args.realm, nonce, a) for a in algs]
        return self.response(headers, 401, "Unauthorized", extra)

    @staticmethod
    def auth_params(value):
        params = {}
        rest = value.split(" ", 1)[1] if " " in value else ""
        i = 0
        while i < len(rest):
            while i < len(rest) and rest[i] in " ,":
                i += 1
            eq = rest.find("=", i)
            if eq < 0:
                break
            name = rest[i:eq].strip()
            i = eq + 1
            if i < len(rest) and rest[i] == '"':
                end = rest.index('"', i + 1)
                params[name] = rest[i + 1:end]
                i = end + 1
            else:
                end = rest.find(",", i)
                end = len(rest) if end < 0 else end
                params[name] = rest[i:end].strip()
                i = end
        return params

    def digest_ok(self, auth, method):
        p = self.auth_params(auth)
        alg = p.get("algorithm", "MD5")
        h = ALGS.get(alg)
        if not h or p.get("username") != self.args.user or p.get("realm") != self.args.realm:
            return False
        with self.lock:
            if p.get("nonce") not in self.nonces:
                return False
        def H(s):
            return hashlib.new(h, s.encode()).hexdigest()
        ha1 = H("%s:%s:%s" % (self.args.user, self.args.realm, self.password))
        ha2 = H("%s:%s" % (method, p.get("uri", "")))
        want = H(":".join([ha1, p["nonce"], p.get("nc", ""), p.get("cnonce", ""),
                           p.get("qop", ""), ha2]))
        return p.get("response") == want and p.get("opaque") == "op1"

    def handle(self, data):
        text = data.decode("utf-8", "replace")
        self.log(text)
        while self.args.hold and not os.path.exists(self.args.hold):
            time.sleep(0.02)
        mode = self.args.mode
        if mode == "silent":
            return None
        try:
            parts, headers = self.parse(data)
        except (ValueError, IndexError):
            return None
        if len(parts) < 3 or parts[2] != "SIP/2.0":
            return None
        method = parts[0]
        if mode == "malformed":
            return b"SIP/2.0 200 OK\r\nthis header line has no colon\r\n\r\n"
        if method == "OPTIONS":
            return self.response(headers, 200, "OK", ["Allow: OPTIONS, REGISTER"])
        if method != "REGISTER":
            return self.response(headers, 405, "Method Not Allowed")
        if mode == "silent-register":
            return None
        contact = self.header(headers, "Contact", "m") or ""
        expires = self.header(headers, "Expires") or "3600"
        if mode == "open":
            return self.response(headers, 200, "OK", ["Contact: %s;expires=%s" % (contact, expires)])
        auth = self.header(headers, "Authorization")
        if not auth:
            return self.challenge(headers)
        if not self.digest_ok(auth, method):
            return self.response(headers, 403, "Forbidden")
        if mode in ("forbidden", "hostile"):
            return self.response(headers, 403, "Forbidden")
        if mode == "notfound":
            return self.response(headers, 404, "Not Found")
        key = contact.split(";expires", 1)[0]
        with self.lock:
            if expires.strip() == "0":
                self.bindings.pop(key, None)
                self.log("UNREGISTERED " + key)
            else:
                self.bindings[key] = expires
                self.log("REGISTERED " + key)
        return self.response(headers, 200, "OK", ["Contact: %s;expires=%s" % (contact, expires)])


def read_message(conn):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        buf += chunk
    return buf


def serve_stream(reg, conn):
    with conn:
        conn.settimeout(10)
        try:
            while True:
                msg = read_message(conn)
                if msg is None:
                    return
                out = reg.handle(msg)
                if out:
                    conn.sendall(out)
        except (OSError, ssl.SSLError):
            return


def stream_loop(reg, lsock, ctx=None):
    while True:
        try:
            conn, _ = lsock.accept()
            if ctx:
                conn = ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            continue
        threading.Thread(target=serve_stream, args=(reg, conn), daemon=True).start()


def udp_loop(reg, sock):
    while True:
        data, addr = sock.recvfrom(65535)
        try:
            out = reg.handle(data)
        except Exception as e:  # keep serving; the log shows what broke
            reg.log("PEER ERROR %r" % e)
            continue
        if out:
            sock.sendto(out, addr)


def bind_pair():
    """A UDP and a TCP socket on the same ephemeral port of 127.0.0.1."""
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.1", port))
        except OSError:
            u.close()
            t.close()
            continue
        t.listen(8)
        return u, t, port
    sys.exit("sip_peer: no free port pair")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--realm", default="test.invalid")
    ap.add_argument("--algorithm", default="MD5", choices=["MD5", "SHA-256", "both"])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--lifetime", type=float, default=120)
    ap.add_argument("--hold")
    args = ap.parse_args()
    if args.mode == "hostile":
        args.realm += ESCAPES
    reg = Registrar(args)
    usock, tsock, port = bind_pair()
    ports = [str(port)]
    threading.Thread(target=udp_loop, args=(reg, usock), daemon=True).start()
    threading.Thread(target=stream_loop, args=(reg, tsock), daemon=True).start()
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.bind(("127.0.0.1", 0))
        ls.listen(8)
        ports.append(str(ls.getsockname()[1]))
        threading.Thread(target=stream_loop, args=(reg, ls, ctx), daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(" ".join(ports) + "\n")
    os.rename(tmp, args.port_file)
    time.sleep(args.lifetime)


if __name__ == "__main__":
    main()
