package org.tenantnat.icmp;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.tenantnat.alloc.AllocationIndex;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.binding.BindingIndex;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.pipeline.Neighbours;
import org.tenantnat.state.DesiredStateIndex;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The translation context of the state in force, answered from its indexes so that translating a punted error
 * costs the same whatever the number of tenants.
 */
public final class StateNatContext implements NatContext {

    private final DesiredStateIndex state;
    private final AllocationIndex allocation;
    private final Neighbours neighbours;
    private final BindingIndex bindings;
    private final Supplier<Fabric> fabric;

    /**
     * Creates the context.
     *
     * @param state      desired state in force
     * @param allocation translated blocks in force
     * @param neighbours MACs learned by ARP
     */
    public StateNatContext(DesiredStateIndex state, AllocationIndex allocation, Neighbours neighbours) {
        this(state, allocation, neighbours, new BindingIndex(), () -> Fabric.NONE);
    }

    /**
     * Creates the context over the indexes, dynamic bindings included, of switches joined by links.
     *
     * @param state      desired state in force
     * @param allocation translated blocks in force
     * @param neighbours MACs learned by ARP
     * @param bindings   bindings of dynamic and pat tenants in force
     * @param fabric     the links and paths between switches now
     */
    public StateNatContext(DesiredStateIndex state, AllocationIndex allocation, Neighbours neighbours,
                           BindingIndex bindings, Supplier<Fabric> fabric) {
        this.state = state;
        this.allocation = allocation;
        this.neighbours = neighbours;
        this.bindings = bindings;
        this.fabric = fabric;
    }

    @Override
    public Optional<PortNumber> towardSwitch(DeviceId from, DeviceId to) {
        return fabric.get().toward(to).nextHop(from);
    }

    @Override
    public boolean isLinkPort(ConnectPoint port) {
        return fabric.get().fabricPorts(port.deviceId()).contains(port.port());
    }

    @Override
    public Optional<Tenant> tenantAt(ConnectPoint port, VlanId vlan) {
        return state.tenantAt(new Attachment(port, vlan)).flatMap(state::tenant);
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
        Optional<Ip4Address> bound = bindings.inForce(tenant, address).stream().filter(b -> b.ports().isEmpty())
                .findFirst().map(Binding::translated);
        if (bound.isPresent()) {
            return bound;
        }
        return allocation.blocks(tenant).stream().filter(b -> b.original().contains(address)).findFirst()
                .map(b -> b.translate(address));
    }

    @Override
    public Optional<Binding> lookup(Ip4Address translated) {
        Optional<Binding> found = allocation.lookup(translated);
        return found.isPresent() ? found : bindings.inForceAt(translated).stream()
                .filter(b -> b.ports().isEmpty()).findFirst();
    }

    @Override
    public Optional<String> patTenant(Ip4Address translated) {
        return bindings.inForceAt(translated).stream().filter(b -> b.ports().isPresent()).findFirst()
                .map(Binding::tenant);
    }

    @Override
    public MacAddress gatewayMac() {
        return state.settings().gatewayMac();
    }

    @Override
    public Optional<MacAddress> learnedMac(Neighbour neighbour) {
        return neighbours.macOf(neighbour);
    }
}
