package org.tenantnat.arp;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A MAC learned by ARP for a router or service on its attachment. Kept with the desired state so a restarted
 * controller, or a new master, programs the return path at once instead of waiting for ARP again.
 */
public final class LearnedMac {

    private final Ip4Address ip;
    private final ConnectPoint port;
    private final VlanId vlan;
    private final MacAddress mac;

    /**
     * Creates a learned MAC.
     *
     * @param ip   neighbour address
     * @param port switch port it answered on
     * @param vlan VLAN it answered on, {@link VlanId#NONE} when untagged
     * @param mac  its MAC
     */
    public LearnedMac(Ip4Address ip, ConnectPoint port, VlanId vlan, MacAddress mac) {
        this.ip = checkNotNull(ip, "ip");
        this.port = checkNotNull(port, "port");
        this.vlan = checkNotNull(vlan, "vlan");
        this.mac = checkNotNull(mac, "mac");
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
     * Returns the MAC.
     *
     * @return MAC
     */
    public MacAddress mac() {
        return mac;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LearnedMac)) {
            return false;
        }
        LearnedMac that = (LearnedMac) o;
        return ip.equals(that.ip) && port.equals(that.port) && vlan.equals(that.vlan) && mac.equals(that.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, port, vlan, mac);
    }

    @Override
    public String toString() {
        return ip + " on " + port + (VlanId.NONE.equals(vlan) ? "" : " vlan " + vlan) + " is " + mac;
    }
}
