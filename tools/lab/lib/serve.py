#!/usr/bin/env python3
"""Who-am-I echo server for a lab service namespace (TCP and UDP on the same port).

Every TCP connection and every UDP datagram is answered with one line naming the source
address the service saw, followed by an echo of what the client sent:
    SEEN proto=tcp src=100.64.2.10 sport=41234 service=backup
The same line is appended to the log file, so tests can read what arrived even when the
reply never made it back.

A TCP client whose first line is "SEND <n>" gets n bytes after that line instead of an echo
(a download: only the service sends much); one whose first line is "RECV <n>" sends n bytes
after it and gets "RECEIVED <n>" once they all arrived (an upload).

usage: serve.py --port N --service NAME --log PATH --pidfile PATH
"""

import socket
import sys
import threading

from pidfile import claim

_log_lock = threading.Lock()


def seen(proto, peer, service, log):
    line = "SEEN proto=%s src=%s sport=%d service=%s\n" % (proto, peer[0], peer[1], service)
    with _log_lock:
        log.write(line)
        log.flush()
    return line.encode()


def handle_tcp(conn, peer, service, log):
    with conn:
        conn.settimeout(30)
        try:
            conn.sendall(seen("tcp", peer, service, log))
            first = b""
            while b"\n" not in first and len(first) < 64:
                data = conn.recv(65536)
                if not data:
                    break
                first += data
            words = first.split(b"\n", 1)[0].split()
            if len(words) == 2 and words[0] in (b"SEND", b"RECV") and words[1].isdigit():
                transfer(conn, words[0], int(words[1]), len(first) - len(first.split(b"\n", 1)[0]) - 1)
                return
            conn.sendall(first)
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass


def transfer(conn, command, size, received):
    """SEND: n bytes to the client. RECV: read n bytes (some may have come with the command line)."""
    if command == b"SEND":
        chunk = b"x" * 65536
        left = size
        while left > 0:
            conn.sendall(chunk[:min(left, len(chunk))])
            left -= min(left, len(chunk))
        return
    while received < size:
        data = conn.recv(65536)
        if not data:
            break
        received += len(data)
    conn.sendall(b"RECEIVED %d\n" % received)


def tcp_loop(sock, service, log):
    while True:
        conn, peer = sock.accept()
        threading.Thread(target=handle_tcp, args=(conn, peer, service, log), daemon=True).start()


def udp_loop(sock, service, log):
    while True:
        data, peer = sock.recvfrom(65536)
        try:
            sock.sendto(seen("udp", peer, service, log) + data, peer)
        except OSError:
            pass


def main(argv):
    opts = dict(zip(argv[0::2], argv[1::2]))
    port, service, pidfile = int(opts["--port"]), opts["--service"], opts["--pidfile"]
    log = open(opts["--log"], "a", encoding="utf-8")
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("0.0.0.0", port))
    tcp.listen(64)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", port))

    threading.Thread(target=udp_loop, args=(udp, service, log), daemon=True).start()
    claim(pidfile)
    tcp_loop(tcp, service, log)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
