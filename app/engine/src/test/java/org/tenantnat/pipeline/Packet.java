package org.tenantnat.pipeline;

import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;

import java.util.Objects;

/**
 * The header fields of a frame that the pipeline matches and rewrites, as a switch sees them on an input port.
 * Immutable; {@code with...} returns a changed copy.
 */
final class Packet {

    /** ICMP type of a packet that is not ICMP. */
    static final int NOT_ICMP = -1;

    final PortNumber inPort;
    /** {@link VlanId#NONE} when untagged. */
    final VlanId vlan;
    final MacAddress ethSrc;
    final MacAddress ethDst;
    final short ethType;
    /** ARP only: operation, sender and target protocol and hardware addresses. */
    final short arpOp;
    final Ip4Address arpSpa;
    final Ip4Address arpTpa;
    final MacAddress arpSha;
    final MacAddress arpTha;
    final Ip4Address ipSrc;
    final Ip4Address ipDst;
    final byte protocol;
    /** ICMP only, else {@link #NOT_ICMP}. */
    final int icmpType;

    private Packet(PortNumber inPort, VlanId vlan, MacAddress ethSrc, MacAddress ethDst, short ethType, short arpOp,
                   Ip4Address arpSpa, Ip4Address arpTpa, MacAddress arpSha, MacAddress arpTha, Ip4Address ipSrc,
                   Ip4Address ipDst, byte protocol, int icmpType) {
        this.inPort = inPort;
        this.vlan = vlan;
        this.ethSrc = ethSrc;
        this.ethDst = ethDst;
        this.ethType = ethType;
        this.arpOp = arpOp;
        this.arpSpa = arpSpa;
        this.arpTpa = arpTpa;
        this.arpSha = arpSha;
        this.arpTha = arpTha;
        this.ipSrc = ipSrc;
        this.ipDst = ipDst;
        this.protocol = protocol;
        this.icmpType = icmpType;
    }

    /** A TCP/IPv4 packet. */
    static Packet ipv4(PortNumber inPort, VlanId vlan, MacAddress ethSrc, MacAddress ethDst, String src, String dst) {
        return new Packet(inPort, vlan, ethSrc, ethDst, Ethernet.TYPE_IPV4, (short) 0, null, null, null, null,
                          Ip4Address.valueOf(src), Ip4Address.valueOf(dst), IPv4.PROTOCOL_TCP, NOT_ICMP);
    }

    /** A broadcast ARP request for an address, from a sender that has none yet (0.0.0.0 unless given). */
    static Packet arpRequest(PortNumber inPort, VlanId vlan, MacAddress ethSrc, String targetIp) {
        return arp(inPort, vlan, ARP.OP_REQUEST, ethSrc, MacAddress.BROADCAST, "0.0.0.0", targetIp);
    }

    /** An ARP packet: request or reply, from a sender MAC and address to a target MAC and address. */
    static Packet arp(PortNumber inPort, VlanId vlan, short op, MacAddress sender, MacAddress target, String senderIp,
                      String targetIp) {
        return new Packet(inPort, vlan, sender, target, Ethernet.TYPE_ARP, op, Ip4Address.valueOf(senderIp),
                          Ip4Address.valueOf(targetIp), sender,
                          MacAddress.BROADCAST.equals(target) ? MacAddress.ZERO : target, null, null, (byte) 0,
                          NOT_ICMP);
    }

    boolean isIpv4() {
        return ethType == Ethernet.TYPE_IPV4;
    }

    boolean isArp() {
        return ethType == Ethernet.TYPE_ARP;
    }

    boolean isIcmp() {
        return isIpv4() && protocol == IPv4.PROTOCOL_ICMP;
    }

    boolean isTagged() {
        return !VlanId.NONE.equals(vlan);
    }

    Packet withInPort(PortNumber port) {
        return new Packet(port, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withVlan(VlanId id) {
        return new Packet(inPort, id, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withEthSrc(MacAddress mac) {
        return new Packet(inPort, vlan, mac, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withEthDst(MacAddress mac) {
        return new Packet(inPort, vlan, ethSrc, mac, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withArpOp(short op) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, op, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withArpSpa(Ip4Address ip) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, ip, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withArpTpa(Ip4Address ip) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, ip, arpSha, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withArpSha(MacAddress mac) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, mac, arpTha, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withArpTha(MacAddress mac) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, mac, ipSrc, ipDst,
                          protocol, icmpType);
    }

    Packet withIpSrc(Ip4Address ip) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ip, ipDst,
                          protocol, icmpType);
    }

    Packet withIpDst(Ip4Address ip) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ip,
                          protocol, icmpType);
    }

    Packet withProtocol(byte proto) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          proto, proto == IPv4.PROTOCOL_ICMP ? icmpType : NOT_ICMP);
    }

    /** The same packet as ICMP of a type (e.g. 3, destination unreachable). */
    Packet asIcmp(int type) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                          IPv4.PROTOCOL_ICMP, type);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Packet)) {
            return false;
        }
        Packet p = (Packet) o;
        return ethType == p.ethType && protocol == p.protocol && arpOp == p.arpOp && icmpType == p.icmpType
                && Objects.equals(inPort, p.inPort) && Objects.equals(vlan, p.vlan)
                && Objects.equals(ethSrc, p.ethSrc) && Objects.equals(ethDst, p.ethDst)
                && Objects.equals(arpSpa, p.arpSpa) && Objects.equals(arpTpa, p.arpTpa)
                && Objects.equals(arpSha, p.arpSha) && Objects.equals(arpTha, p.arpTha)
                && Objects.equals(ipSrc, p.ipSrc) && Objects.equals(ipDst, p.ipDst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inPort, vlan, ethSrc, ethDst, ethType, arpOp, arpSpa, arpTpa, arpSha, arpTha, ipSrc, ipDst,
                            protocol, icmpType);
    }

    @Override
    public String toString() {
        String l3 = isArp()
                ? "arp " + (arpOp == ARP.OP_REQUEST ? "who-has " + arpTpa + " tell " + arpSpa
                        : "reply " + arpSpa + " is-at " + arpSha + " to " + arpTpa + " " + arpTha)
                : ipSrc + " > " + ipDst + " proto " + protocol + (isIcmp() ? " icmp type " + icmpType : "");
        return "[in " + inPort + (isTagged() ? " vlan " + vlan : "") + " " + ethSrc + " > " + ethDst + " " + l3 + "]";
    }
}
