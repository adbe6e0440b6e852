package org.tenantnat.icmp;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.pipeline.Neighbours;

import java.util.Optional;

/**
 * A {@link NatContext} over one desired state, its allocation and the MACs learned by ARP.
 */
public final class StateNatContext implements NatContext {

    private final DesiredState state;
    private final Allocation allocation;
    private final Neighbours neighbours;

    /**
     * Creates the context.
     *
     * @param state      desired state in force
     * @param allocation its translated blocks
     * @param neighbours MACs learned by ARP
     */
    public StateNatContext(DesiredState state, Allocation allocation, Neighbours neighbours) {
        this.state = state;
        this.allocation = allocation;
        this.neighbours = neighbours;
    }

    @Override
    public Optional<Tenant> tenantAt(ConnectPoint port, VlanId vlan) {
        Attachment at = new Attachment(port, vlan);
        return state.tenants().stream().filter(t -> t.attachment().equals(at)).findFirst();
    }

    @Override
    public Optional<Tenant> tenant(String name) {
        return state.tenant(name);
    }

    @Override
    public Optional<Service> service(String name) {
        return state.service(name);
    }

    @Override
    public Optional<Ip4Address> translate(String tenant, Ip4Address address) {
        return allocation.blocks(tenant).stream().filter(b -> b.original().contains(address)).findFirst()
                .map(b -> b.translate(address));
    }

    @Override
    public Optional<Binding> lookup(Ip4Address translated) {
        return allocation.lookup(translated);
    }

    @Override
    public MacAddress gatewayMac() {
        return state.gatewayMac();
    }

    @Override
    public Optional<MacAddress> learnedMac(Ip4Address ip, ConnectPoint port, VlanId vlan) {
        return neighbours.macOf(ip, port, vlan);
    }
}
