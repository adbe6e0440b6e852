package org.tenantnat.arp;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;

/**
 * A router or service the provider side must know the MAC of, with the provider address it is asked from.
 */
public final class ArpNeighbour {

    private final Ip4Address ip;
    private final ConnectPoint port;
    private final VlanId vlan;
    private final Ip4Address askFrom;

    /**
     * Creates a neighbour.
     *
     * @param ip      neighbour address
     * @param port    switch port it sits behind
     * @param vlan    VLAN, {@link VlanId#NONE} when untagged
     * @param askFrom provider gateway address ARP requests are sent from
     */
    public ArpNeighbour(Ip4Address ip, ConnectPoint port, VlanId vlan, Ip4Address askFrom) {
        this.ip = ip;
        this.port = port;
        this.vlan = vlan;
        this.askFrom = askFrom;
    }

    /**
     * Returns the neighbour address.
     *
     * @return address
     */
    public Ip4Address ip() {
        return ip;
    }

    /**
     * Returns the switch port.
     *
     * @return port
     */
    public ConnectPoint port() {
        return port;
    }

    /**
     * Returns the VLAN.
     *
     * @return VLAN
     */
    public VlanId vlan() {
        return vlan;
    }

    /**
     * Returns the gateway address requests are sent from.
     *
     * @return address
     */
    public Ip4Address askFrom() {
        return askFrom;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArpNeighbour)) {
            return false;
        }
        ArpNeighbour n = (ArpNeighbour) o;
        return ip.equals(n.ip) && port.equals(n.port) && vlan.equals(n.vlan) && askFrom.equals(n.askFrom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, port, vlan, askFrom);
    }

    @Override
    public String toString() {
        return ip + " on " + port + (VlanId.NONE.equals(vlan) ? "" : " vlan " + vlan);
    }
}
