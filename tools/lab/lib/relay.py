#!/usr/bin/env python3
"""Carries the switch's OpenFlow connections out of the lab's switch namespace.

ovs-vswitchd runs inside the lab's switch namespace (so labs never share the userspace
datapath's devices), where 127.0.0.1 is the namespace's own loopback. This relay is started
inside that namespace, listens there on LISTEN, and opens one connection to UPSTREAM in the
namespace the lab was started from (given as an open namespace file descriptor) for every
connection the switch makes. A refused upstream closes the switch's connection at once, so the
switch sees the controller go away exactly as it would without the relay.

usage: relay.py --listen IP:PORT --upstream IP:PORT --upstream-netns-fd FD --pidfile PATH
"""

import ctypes
import os
import socket
import sys
import threading

from pidfile import claim

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


def address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve_connection(down, upstream, upstream_fd, own_fd):
    # setns changes only the calling thread, and a socket stays in the namespace it was made in.
    setns(upstream_fd)
    try:
        up = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    finally:
        setns(own_fd)
    try:
        up.settimeout(3)
        up.connect(upstream)
        up.settimeout(None)
    except OSError as e:
        print("upstream %s:%d: %s" % (upstream + (e.strerror or e,)), flush=True)
        up.close()
        down.close()
        return
    for s in (down, up):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    t = threading.Thread(target=pump, args=(up, down), daemon=True)
    t.start()
    pump(down, up)
    t.join()
    down.close()
    up.close()


def main(argv):
    opts = dict(zip(argv[0::2], argv[1::2]))
    listen, upstream = address(opts["--listen"]), address(opts["--upstream"])
    upstream_fd = int(opts["--upstream-netns-fd"])
    own_fd = os.open("/proc/self/ns/net", os.O_RDONLY)
    pidfile = opts["--pidfile"]
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(listen)
    server.listen(16)

    claim(pidfile)
    print("relaying %s:%d -> %s:%d" % (listen + upstream), flush=True)
    while True:
        down, _ = server.accept()
        threading.Thread(target=serve_connection, args=(down, upstream, upstream_fd, own_fd),
                         daemon=True).start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
