#!/usr/bin/env python3
"""One TCP connection or UDP datagram to a lab service; prints what came back.

Exit status: 0 when a reply arrived, 1 when none did (refused, reset, timed out), with the
reason on stderr, so tests can assert both reachability and isolation.

usage: client.py tcp|udp DST PORT TIMEOUT MESSAGE
"""

import socket
import sys


def main(argv):
    proto, dst, port, timeout, message = argv[0], argv[1], int(argv[2]), float(argv[3]), argv[4]
    payload = (message + "\n").encode()
    try:
        if proto == "tcp":
            with socket.create_connection((dst, port), timeout=timeout) as s:
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
