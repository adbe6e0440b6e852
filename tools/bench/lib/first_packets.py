#!/usr/bin/env python3
"""Sends first packets from many customer hosts through one interface at a given rate (tools/bench/binding-rate).

Runs inside a lab host's network namespace. Each host is one source address: a UDP datagram to the VIP, in an
Ethernet frame to the gateway's MAC, written with an AF_PACKET socket, so the namespace needs no address of the
hosts it speaks for. The frames leave paced at RATE per second: written at once, thousands would overflow the
receive buffer of the socket the userspace switch reads the veth with, a loss no real access link has.
Commands come on standard input, one per line:

  send RATE FIRST COUNT    one datagram from each of COUNT addresses, FIRST, FIRST+1, ... (dotted quad)
  resend RATE ADDR...      one datagram from each address given
  quit

After each command it prints "sent N FIRST_TIME LAST_TIME" (epoch seconds of the first and last frame written).

usage: first_packets.py IFACE GATEWAY_MAC VIP PORT
"""

import ipaddress
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
PAYLOAD = b"binding-rate first packet"
SOURCE_PORT = 40000
# Frames written between two looks at the clock.
PACE_EVERY = 20


def checksum(header):
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class Sender:
    def __init__(self, iface, gateway_mac, vip, port):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.sock.bind((iface, 0))
        with open("/sys/class/net/%s/address" % iface, encoding="ascii") as f:
            own = bytes.fromhex(f.read().strip().replace(":", ""))
        self.ethernet = bytes.fromhex(gateway_mac.replace(":", "")) + own + struct.pack("!H", ETH_P_IP)
        self.vip = socket.inet_aton(vip)
        # UDP checksum 0: none, which IPv4 allows.
        self.udp = struct.pack("!HHHH", SOURCE_PORT, port, 8 + len(PAYLOAD), 0) + PAYLOAD

    def frame(self, source):
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(self.udp), 0, 0, 64, socket.IPPROTO_UDP, 0,
                             source, self.vip)
        header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
        return self.ethernet + header + self.udp

    def send(self, rate, sources):
        frames = [self.frame(s) for s in sources]
        first = time.time()
        for i, f in enumerate(frames):
            if i % PACE_EVERY == 0:
                wait = first + i / rate - time.time()
                if wait > 0:
                    time.sleep(wait)
            while True:
                try:
                    self.sock.send(f)
                    break
                except BlockingIOError:
                    time.sleep(0.0001)
        return len(frames), first, time.time()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sender = Sender(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "send":
            first = int(ipaddress.IPv4Address(words[2]))
            sources = [struct.pack("!I", first + i) for i in range(int(words[3]))]
        elif words[0] == "resend":
            sources = [socket.inet_aton(a) for a in words[2:]]
        else:
            sys.exit("unknown command: " + line.strip())
        count, first_time, last_time = sender.send(float(words[1]), sources)
        print("sent %d %.6f %.6f" % (count, first_time, last_time), flush=True)


if __name__ == "__main__":
    main()
