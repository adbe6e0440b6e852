#!/usr/bin/env python3
"""One TCP connection or UDP datagram to a lab service; prints what came back.

Exit status: 0 when a reply arrived, 1 when none did (refused, reset, timed out), with the
reason on stderr, so tests can assert both reachability and isolation.

usage: client.py tcp|udp DST PORT TIMEOUT MESSAGE [SPORT]
       client.py upload|download DST PORT TIMEOUT BYTES
       client.py udp-many DST PORT TIMEOUT COUNT [FIRST_SPORT]
SPORT is the local port to send from (default: any). upload and download move BYTES over one
TCP connection (to the service, or from it) and print "TRANSFER upload|download bytes=N
seconds=S"; exit 1 unless every byte arrived. udp-many sends one datagram from each of COUNT
sockets (COUNT source ports, so COUNT connections for a connection tracker), waits up to
TIMEOUT for the replies and prints "REPLIES n of COUNT"; exit 1 unless every one came back. With
FIRST_SPORT the sockets send from FIRST_SPORT, FIRST_SPORT+1, ...: two runs on disjoint ranges are
disjoint connections, where the kernel may give a later run a port an earlier run used (the same
connection again for a tracker that still holds it).
"""

import select
import socket
import sys
import time


def transfer(direction, dst, port, timeout, size):
    started = time.monotonic()
    received = 0
    head = b""
    try:
        with socket.create_connection((dst, port), timeout=timeout) as s:
            s.sendall(b"%s %d\n" % (b"SEND" if direction == "download" else b"RECV", size))
            if direction == "upload":
                chunk = b"y" * 65536
                left = size
                while left > 0:
                    s.sendall(chunk[:min(left, len(chunk))])
                    left -= min(left, len(chunk))
            while True:
                data = s.recv(65536)
                if not data:
                    break
                received += len(data)
                if len(head) < 4096:
                    head += data[:4096 - len(head)]
                if direction == "upload" and b"RECEIVED" in head and head.endswith(b"\n"):
                    break
    except (socket.timeout, OSError) as e:
        print("%s %s:%d: %s" % (direction, dst, port, getattr(e, "strerror", None) or e), file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    lines = head.split(b"\n")
    if direction == "download":
        # The server's SEEN line comes first, then the bytes.
        moved = received - len(lines[0]) - 1
    else:
        last = lines[-2].split() if len(lines) >= 2 else []
        moved = int(last[1]) if len(last) == 2 and last[0] == b"RECEIVED" else 0
    print("TRANSFER %s bytes=%d seconds=%.2f" % (direction, moved, seconds))
    if moved != size:
        print("%s %s:%d: %d of %d bytes arrived" % (direction, dst, port, moved, size), file=sys.stderr)
        return 1
    return 0


def many(dst, port, timeout, count, first_sport):
    sockets = []
    try:
        for i in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setblocking(False)
            sockets.append(s)
            if first_sport:
                s.bind(("", first_sport + i))
            s.sendto(b"datagram %d\n" % i, (dst, port))
        answered = set()
        deadline = time.monotonic() + timeout
        while len(answered) < count and time.monotonic() < deadline:
            waiting = [s for s in sockets if s.fileno() not in answered]
            ready, _, _ = select.select(waiting, [], [], max(0.0, deadline - time.monotonic()))
            for s in ready:
                try:
                    s.recvfrom(65536)
                    answered.add(s.fileno())
                except OSError:
                    pass
    finally:
        for s in sockets:
            s.close()
    print("REPLIES %d of %d" % (len(answered), count))
    return 0 if len(answered) == count else 1


def main(argv):
    if argv[0] in ("upload", "download"):
        return transfer(argv[0], argv[1], int(argv[2]), float(argv[3]), int(argv[4]))
    if argv[0] == "udp-many":
        return many(argv[1], int(argv[2]), float(argv[3]), int(argv[4]), int(argv[5]) if len(argv) > 5 else 0)
    proto, dst, port, timeout, message = argv[0], argv[1], int(argv[2]), float(argv[3]), argv[4]
    sport = int(argv[5]) if len(argv) > 5 else 0
    payload = (message + "\n").encode()
    try:
        if proto == "tcp":
            with socket.create_connection((dst, port), timeout=timeout,
                                          source_address=("", sport) if sport else None) as s:
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
                reply = b""
                while True:
                    data = s.recv(65536)
                    if not data:
                        break
                    reply += data
        else:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.settimeout(timeout)
                if sport:
                    s.bind(("", sport))
                s.sendto(payload, (dst, port))
                reply, _ = s.recvfrom(65536)
    except socket.timeout:
        print("%s %s:%d: no reply within %gs" % (proto, dst, port, timeout), file=sys.stderr)
        return 1
    except OSError as e:
        print("%s %s:%d: %s" % (proto, dst, port, e.strerror or e), file=sys.stderr)
        return 1
    if not reply:
        print("%s %s:%d: connection closed without a reply" % (proto, dst, port), file=sys.stderr)
        return 1
    sys.stdout.write(reply.decode(errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
