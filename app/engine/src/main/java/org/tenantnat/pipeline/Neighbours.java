package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onlab.packet.VlanId;

import java.util.Optional;

/**
 * MAC addresses learned by ARP for routers and services whose MAC the document does not give.
 */
@FunctionalInterface
public interface Neighbours {

    /** Knows no neighbour. */
    Neighbours NONE = (ip, port, vlan) -> Optional.empty();

    /**
     * Returns the MAC learned for an address on an attachment.
     *
     * @param ip   neighbour address
     * @param port switch port it answered on
     * @param vlan VLAN it answered on, {@link VlanId#NONE} when untagged
     * @return MAC, empty when not (yet) resolved
     */
    Optional<MacAddress> macOf(Ip4Address ip, ConnectPoint port, VlanId vlan);
}
