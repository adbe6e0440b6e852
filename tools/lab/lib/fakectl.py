#!/usr/bin/env python3
"""Smallest OpenFlow 1.3 controller the lab self-test needs: says HELLO, answers ECHO.

It installs nothing, so it proves only that a lab switch reaches a controller on loopback
through the lab's relay (and comes back after 'lab.sh restart-switch'). Each accepted
connection is logged as "connected <n>" on stdout.

usage: fakectl.py PORT PIDFILE
"""

import os
import signal
import socket
import struct
import sys
import threading

OFP13 = 4
HELLO, ECHO_REQUEST, ECHO_REPLY = 0, 2, 3


def handle(conn, n):
    with conn:
        conn.sendall(struct.pack("!BBHI", OFP13, HELLO, 8, 1))
        print("connected %d" % n, flush=True)
        buf = b""
        while True:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
            while len(buf) >= 8:
                version, kind, length, xid = struct.unpack("!BBHI", buf[:8])
                if length < 8 or len(buf) < length:
                    break
                body, buf = buf[8:length], buf[length:]
                if kind == ECHO_REQUEST:
                    conn.sendall(struct.pack("!BBHI", version, ECHO_REPLY, 8 + len(body), xid) + body)


def main(argv):
    port, pidfile = int(argv[0]), argv[1]
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(8)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    with open(pidfile, "w") as f:
        f.write("%d\n" % os.getpid())
    n = 0
    while True:
        conn, _ = server.accept()
        n += 1
        threading.Thread(target=handle, args=(conn, n), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
