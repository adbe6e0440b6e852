package org.tenantnat.icmp;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.Optional;

/**
 * What the ICMP error translator needs to know about tenants, services and their translations. The runtime
 * implements it over whatever holds its state ({@link StateNatContext} reads a desired state, its allocation and
 * the learned MACs).
 */
public interface NatContext {

    /**
     * Returns the tenant attached at a switch port and VLAN.
     *
     * @param port switch port
     * @param vlan VLAN, {@link VlanId#NONE} when untagged
     * @return tenant, empty when none is attached there
     */
    Optional<Tenant> tenantAt(ConnectPoint port, VlanId vlan);

    /**
     * Returns a tenant by name.
     *
     * @param name tenant name
     * @return tenant
     */
    Optional<Tenant> tenant(String name);

    /**
     * Returns a service by name.
     *
     * @param name service name
     * @return service
     */
    Optional<Service> service(String name);

    /**
     * Translates a customer address of a tenant into its translated block.
     *
     * @param tenant  tenant name
     * @param address address in one of the tenant's prefixes
     * @return translated address, empty when the address is outside the tenant's prefixes
     */
    Optional<Ip4Address> translate(String tenant, Ip4Address address);

    /**
     * Tells whose customer host a translated address is.
     *
     * @param translated address in the pool
     * @return tenant and original address, empty when no block holds it
     */
    Optional<Binding> lookup(Ip4Address translated);

    /**
     * Tells which pat tenant's hosts share a pool address.
     *
     * @param translated address in the pool
     * @return the tenant, empty when no pat binding in force has it
     */
    Optional<String> patTenant(Ip4Address translated);

    /**
     * Returns the MAC of the provider side of every attachment.
     *
     * @return gateway MAC
     */
    MacAddress gatewayMac();

    /**
     * Returns the MAC learned by ARP for a router or service.
     *
     * @param neighbour router or service on its attachment
     * @return its MAC, empty while unresolved
     */
    Optional<MacAddress> learnedMac(Neighbour neighbour);

    /**
     * Returns the port a switch sends out of toward another switch, on the shortest path.
     *
     * @param from switch
     * @param to   destination switch
     * @return port, empty when the two are the same switch or no path joins them
     */
    default Optional<PortNumber> towardSwitch(DeviceId from, DeviceId to) {
        return Optional.empty();
    }

    /**
     * Tells whether a switch port leads to another switch (what arrives there was routed by the fabric).
     *
     * @param port switch port
     * @return true for a port of a link between switches
     */
    default boolean isLinkPort(ConnectPoint port) {
        return false;
    }
}
