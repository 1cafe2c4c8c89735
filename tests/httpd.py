#!/usr/bin/env python3
"""Loopback HTTP(S) server for the download tests; never listens elsewhere.

    httpd.py --root DIR --portfile FILE [--cert PEM --key PEM]
    httpd.py --blackhole --portfile FILE

Binds 127.0.0.1 on an ephemeral port and writes the port to FILE once it
listens. Files under DIR are served as they are; these paths misbehave on
purpose:

    /status/CODE          answers with that status
    /loop                 redirects to itself
    /redirect?to=URL      redirects to URL
    /stall                accepts the request and says nothing
    /trickle              sends headers, then a byte a second
    /big?n=N              N bytes, with Content-Length
    /bigstream?n=N        N bytes, no Content-Length (ends at close)
    /say?text=TEXT        answers TEXT
    absolute URIs         answered as a proxy would: "proxied URL"

--blackhole listens with a full backlog and never accepts, so a connection
attempt hangs until the client's connect timeout.
"""
import argparse
import http.server
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))
        sys.stderr.flush()

    def send_body(self, code, body, length=True, ctype="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        if self.path.startswith("http://") or self.path.startswith("https://"):
            return self.send_body(200, ("proxied %s\n" % self.path).encode())
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        p = url.path
        if p.startswith("/status/"):
            return self.send_body(int(p[len("/status/"):]), b"status page\n")
        if p == "/loop":
            return self.redirect("/loop")
        if p == "/redirect":
            return self.redirect(q["to"][0])
        if p == "/stall":
            time.sleep(30)
            return None
        if p == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"1")
                self.wfile.flush()
                time.sleep(1)
            return None
        if p in ("/big", "/bigstream"):
            n = int(q["n"][0])
            return self.send_body(200, b"1" * n, length=(p == "/big"))
        if p == "/say":
            return self.send_body(200, q["text"][0].encode())
        return super().do_GET()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (timeout tests) is not news


def write_port(path, port):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, path)


def blackhole(portfile):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(0)
    port = s.getsockname()[1]
    # Fill the accept queue: Linux then drops further SYNs, so a connect
    # hangs instead of being refused.
    fillers = []
    for _ in range(4):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(c)
    time.sleep(0.2)
    write_port(portfile, port)
    while True:
        time.sleep(60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    ap.add_argument("--portfile", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--blackhole", action="store_true")
    ap.add_argument("--lifetime", type=float, default=600,
                    help="exit after this many seconds, whatever happens")
    a = ap.parse_args()
    # A test that dies without stopping its servers leaves nothing behind
    # for long.
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    if a.blackhole:
        return blackhole(a.portfile)
    os.chdir(a.root)
    srv = Server(("127.0.0.1", 0), Handler)
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        # Handshake in the connection's thread, not in accept().
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                     do_handshake_on_connect=False)
    write_port(a.portfile, srv.server_address[1])
    srv.serve_forever()


if __name__ == "__main__":
    main()
