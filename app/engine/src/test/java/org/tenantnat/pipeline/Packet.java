package org.tenantnat.pipeline;

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

    final PortNumber inPort;
    /** {@link VlanId#NONE} when untagged. */
    final VlanId vlan;
    final MacAddress ethSrc;
    final MacAddress ethDst;
    final short ethType;
    /** ARP target protocol address, ARP only. */
    final Ip4Address arpTpa;
    final Ip4Address ipSrc;
    final Ip4Address ipDst;
    final byte protocol;

    private Packet(PortNumber inPort, VlanId vlan, MacAddress ethSrc, MacAddress ethDst, short ethType,
                   Ip4Address arpTpa, Ip4Address ipSrc, Ip4Address ipDst, byte protocol) {
        this.inPort = inPort;
        this.vlan = vlan;
        this.ethSrc = ethSrc;
        this.ethDst = ethDst;
        this.ethType = ethType;
        this.arpTpa = arpTpa;
        this.ipSrc = ipSrc;
        this.ipDst = ipDst;
        this.protocol = protocol;
    }

    /** A TCP/IPv4 packet. */
    static Packet ipv4(PortNumber inPort, VlanId vlan, MacAddress ethSrc, MacAddress ethDst, String src, String dst) {
        return new Packet(inPort, vlan, ethSrc, ethDst, Ethernet.TYPE_IPV4, null, Ip4Address.valueOf(src),
                          Ip4Address.valueOf(dst), IPv4.PROTOCOL_TCP);
    }

    /** A broadcast ARP request for an address. */
    static Packet arpRequest(PortNumber inPort, VlanId vlan, MacAddress ethSrc, String targetIp) {
        return new Packet(inPort, vlan, ethSrc, MacAddress.BROADCAST, Ethernet.TYPE_ARP,
                          Ip4Address.valueOf(targetIp), null, null, (byte) 0);
    }

    boolean isIpv4() {
        return ethType == Ethernet.TYPE_IPV4;
    }

    boolean isArp() {
        return ethType == Ethernet.TYPE_ARP;
    }

    boolean isTagged() {
        return !VlanId.NONE.equals(vlan);
    }

    Packet withInPort(PortNumber port) {
        return new Packet(port, vlan, ethSrc, ethDst, ethType, arpTpa, ipSrc, ipDst, protocol);
    }

    Packet withVlan(VlanId id) {
        return new Packet(inPort, id, ethSrc, ethDst, ethType, arpTpa, ipSrc, ipDst, protocol);
    }

    Packet withEthSrc(MacAddress mac) {
        return new Packet(inPort, vlan, mac, ethDst, ethType, arpTpa, ipSrc, ipDst, protocol);
    }

    Packet withEthDst(MacAddress mac) {
        return new Packet(inPort, vlan, ethSrc, mac, ethType, arpTpa, ipSrc, ipDst, protocol);
    }

    Packet withIpSrc(Ip4Address ip) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpTpa, ip, ipDst, protocol);
    }

    Packet withIpDst(Ip4Address ip) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpTpa, ipSrc, ip, protocol);
    }

    Packet withProtocol(byte proto) {
        return new Packet(inPort, vlan, ethSrc, ethDst, ethType, arpTpa, ipSrc, ipDst, proto);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Packet)) {
            return false;
        }
        Packet p = (Packet) o;
        return ethType == p.ethType && protocol == p.protocol && Objects.equals(inPort, p.inPort)
                && Objects.equals(vlan, p.vlan) && Objects.equals(ethSrc, p.ethSrc) && Objects.equals(ethDst, p.ethDst)
                && Objects.equals(arpTpa, p.arpTpa) && Objects.equals(ipSrc, p.ipSrc) && Objects.equals(ipDst, p.ipDst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inPort, vlan, ethSrc, ethDst, ethType, arpTpa, ipSrc, ipDst, protocol);
    }

    @Override
    public String toString() {
        String l3 = isArp() ? "arp who-has " + arpTpa : ipSrc + " > " + ipDst + " proto " + protocol;
        return "[in " + inPort + (isTagged() ? " vlan " + vlan : "") + " " + ethSrc + " > " + ethDst + " " + l3 + "]";
    }
}
