package org.tenantnat.runtime;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.tenantnat.alloc.AllocationIndex;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.NeighbourTable;
import org.tenantnat.binding.BindingIndex;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.pipeline.PipelineInput;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.state.DesiredChanges;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state in force on this node, as the committed records left it: the desired state, the translated blocks, the
 * pool blocks and bindings of dynamic and pat tenants and the MACs learned for neighbours, each indexed, and the
 * fabric of links between switches as the host last saw it. Applying a change (or a new fabric) returns which rule
 * owners it touched on which switch, so only those are compiled again. It is also what the compiler reads.
 */
final class EngineState implements PipelineInput {

    private final DesiredStateIndex desired = new DesiredStateIndex();
    private final AllocationIndex allocation = new AllocationIndex(ProviderSettings.DEFAULTS.pool());
    private final NeighbourTable neighbours = new NeighbourTable();
    private final BindingIndex bindings = new BindingIndex();
    private Fabric fabric = Fabric.NONE;

    DesiredStateIndex desired() {
        return desired;
    }

    AllocationIndex allocation() {
        return allocation;
    }

    NeighbourTable neighbours() {
        return neighbours;
    }

    BindingIndex bindings() {
        return bindings;
    }

    /**
     * Applies committed records.
     *
     * @param change records put and removed
     * @return the owners whose rules may have changed, per switch, and the accesses withdrawn
     */
    Touched apply(StateChange change) {
        DesiredChanges desiredChanges = desired.apply(change);
        if (desiredChanges.settingsBefore().isPresent()) {
            allocation.apply(desired.settings().pool(), change.blocks(), change.poolBlocks());
        } else {
            allocation.apply(change.blocks(), change.poolBlocks());
        }
        change.neighbours().forEach(neighbours::set);
        Map<String, Optional<Binding>> bindingsBefore = bindings.apply(change.bindings());
        Set<String> laidOut = new HashSet<>(desiredChanges.tenantsBefore().keySet());
        laidOut.addAll(change.poolBlocks().keySet());
        laidOut.forEach(t -> bindings.layout(t, allocation.poolBlock(t), desired.tenant(t).map(Tenant::translation)));

        Touched.Builder touched = Touched.builder();
        if (desiredChanges.settingsBefore().isPresent()) {
            touched.everything();
        }
        desiredChanges.tenantsBefore().forEach((name, before) -> {
            before.ifPresent(b -> tenantOwners(touched, b));
            routesOf(touched, before);
            routesOf(touched, desired.tenant(name));
            desired.tenant(name).ifPresent(after -> {
                tenantOwners(touched, after);
                before.ifPresent(b -> withdrawn(touched, b, after));
            });
            if (desired.tenant(name).isEmpty()) {
                before.ifPresent(b -> b.access().forEach(a -> touched.withdrawn(b, a)));
            }
        });
        desiredChanges.servicesBefore().forEach((name, before) -> {
            before.ifPresent(b -> touched.owner(b.connectPoint().deviceId(), RuleOwner.SHARED));
            desired.service(name).ifPresent(s -> touched.owner(s.connectPoint().deviceId(), RuleOwner.SHARED));
            usersOf(touched, name);
            if (!fabric.isEmpty()) {
                touched.everywhere(RuleOwner.SHARED);
                touched.everywhere(RuleOwner.serviceRoute(name));
                desired.tenantsUsing(name).forEach(t -> touched.everywhere(RuleOwner.tenantRoute(t)));
            }
        });
        change.blocks().keySet().forEach(name -> desired.tenant(name).ifPresent(t -> {
            tenantOwners(touched, t);
            routesOf(touched, Optional.of(t));
        }));
        change.poolBlocks().keySet().forEach(name -> desired.tenant(name).ifPresent(t -> {
            tenantOwners(touched, t);
            routesOf(touched, Optional.of(t));
        }));
        bindingsBefore.forEach((slot, before) -> {
            before.ifPresent(b -> hostOwner(touched, b, desiredChanges));
            change.bindings().get(slot).ifPresent(b -> hostOwner(touched, b, desiredChanges));
        });
        change.neighbours().keySet().forEach(n -> {
            desired.tenantRoutedBy(n).ifPresent(t -> {
                touched.owner(t.edge(), RuleOwner.tenant(t.name()));
                hostOwners(touched, t);
            });
            desired.servicesReachedVia(n).forEach(s -> {
                usersOf(touched, s.name());
                touched.owner(s.connectPoint().deviceId(), RuleOwner.serviceRoute(s.name()));
            });
        });
        return touched.build();
    }

    /**
     * Takes the fabric the host sees now.
     *
     * @param next links and paths between switches
     * @return what the new paths touch: every route and the shared rules on every switch, and every access to a
     *         service on another switch (it may have become reachable or unreachable); nothing when the usable
     *         links are the same
     */
    Touched fabric(Fabric next) {
        Fabric before = fabric;
        fabric = next;
        Touched.Builder touched = Touched.builder();
        if (before.sameRoutesAs(next)) {
            return touched.build();
        }
        touched.everywhere(RuleOwner.SHARED);
        desired.services().forEach(s -> touched.everywhere(RuleOwner.serviceRoute(s.name())));
        for (Tenant t : desired.tenants()) {
            touched.everywhere(RuleOwner.tenantRoute(t.name()));
            for (Access a : t.access()) {
                desired.service(a.service()).filter(s -> !s.connectPoint().deviceId().equals(t.edge()))
                        .ifPresent(s -> touched.owner(t.edge(), RuleOwner.access(t.name(), a.service())));
            }
        }
        return touched.build();
    }

    // Where fabric links exist, a tenant's change moves its own route and those of the services it uses, and may
    // make a switch start or stop carrying routes (its shared rules take its link ports).
    private void routesOf(Touched.Builder touched, Optional<Tenant> tenant) {
        if (fabric.isEmpty() || tenant.isEmpty()) {
            return;
        }
        touched.everywhere(RuleOwner.SHARED);
        touched.everywhere(RuleOwner.tenantRoute(tenant.get().name()));
        tenant.get().access().forEach(a -> touched.everywhere(RuleOwner.serviceRoute(a.service())));
    }

    // A tenant's own rules, each of its accesses, and the shared rules of its switch (the table misses appear with
    // the first tenant or service and go with the last).
    private void tenantOwners(Touched.Builder touched, Tenant t) {
        DeviceId device = t.edge();
        touched.owner(device, RuleOwner.SHARED);
        touched.owner(device, RuleOwner.tenant(t.name()));
        t.access().forEach(a -> touched.owner(device, RuleOwner.access(t.name(), a.service())));
        hostOwners(touched, t);
    }

    // The binding owner of every bound host of a tenant: their rules follow its policy and router.
    private void hostOwners(Touched.Builder touched, Tenant t) {
        for (Ip4Address host : bindings.hosts(t.name())) {
            touched.owner(t.edge(), RuleOwner.binding(t.name(), host));
        }
    }

    // The binding owner of a binding record's host, on the switch of its tenant before and after the change.
    private void hostOwner(Touched.Builder touched, Binding b, DesiredChanges changes) {
        RuleOwner owner = RuleOwner.binding(b.tenant(), b.original());
        desired.tenant(b.tenant()).ifPresent(t -> touched.owner(t.edge(), owner));
        changes.tenantsBefore().getOrDefault(b.tenant(), Optional.empty())
                .ifPresent(t -> touched.owner(t.edge(), owner));
    }

    private void usersOf(Touched.Builder touched, String service) {
        for (String name : desired.tenantsUsing(service)) {
            desired.tenant(name).ifPresent(t -> touched.owner(t.edge(), RuleOwner.access(name, service)));
        }
    }

    // An access is withdrawn when the tenant no longer has it, or has it at another VIP or on another switch.
    private static void withdrawn(Touched.Builder touched, Tenant before, Tenant after) {
        for (Access a : before.access()) {
            boolean kept = after.access(a.service()).filter(n -> n.vip().equals(a.vip())).isPresent()
                    && after.edge().equals(before.edge());
            if (!kept) {
                touched.withdrawn(before, a);
            }
        }
    }

    @Override
    public Collection<Service> services() {
        return desired.services();
    }

    @Override
    public Collection<Tenant> tenants() {
        return desired.tenants();
    }

    @Override
    public Set<DeviceId> edgesUsing(String service) {
        return desired.edgesUsing(service);
    }

    @Override
    public Fabric fabric() {
        return fabric;
    }

    @Override
    public MacAddress gatewayMac() {
        return desired.settings().gatewayMac();
    }

    @Override
    public List<Ip4Prefix> pool() {
        return desired.settings().pool();
    }

    @Override
    public Optional<Service> service(String name) {
        return desired.service(name);
    }

    @Override
    public Collection<Service> servicesOn(DeviceId device) {
        return desired.servicesOn(device).stream().map(desired::service).flatMap(Optional::stream)
                .collect(Collectors.toList());
    }

    @Override
    public Collection<Tenant> tenantsOn(DeviceId device) {
        return desired.tenantsOn(device).stream().sorted().map(desired::tenant).flatMap(Optional::stream)
                .collect(Collectors.toList());
    }

    @Override
    public List<TranslatedBlock> blocks(String tenant) {
        return allocation.blocks(tenant);
    }

    @Override
    public Optional<MacAddress> learnedMac(Neighbour neighbour) {
        return neighbours.macOf(neighbour);
    }

    @Override
    public Optional<Ip4Prefix> poolBlock(String tenant) {
        return allocation.poolBlock(tenant);
    }

    @Override
    public Collection<Ip4Address> boundHosts(String tenant) {
        return bindings.hosts(tenant);
    }

    @Override
    public List<Binding> bindings(String tenant, Ip4Address host) {
        return bindings.inForce(tenant, host);
    }
}
