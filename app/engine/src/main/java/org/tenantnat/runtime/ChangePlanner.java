package org.tenantnat.runtime;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.tenantnat.alloc.PoolBlockAllocator;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.alloc.TenantAllocator;
import org.tenantnat.api.ConflictingChangeException;
import org.tenantnat.api.Origin;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.config.ChangeValidator;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns each domain verb into the records it changes, checked and allocated against the state in force: the
 * validation and allocation steps of the data flow. A verb that changes one tenant validates and allocates that
 * tenant only; replacing the whole desired state validates and allocates it whole. Nothing is changed here: the
 * runtime commits the records, then applies them.
 */
final class ChangePlanner {

    private static final String NAME = "name";
    private static final String TENANT = "tenant";
    private static final String SERVICE = "service";

    private final ConfigValidator fullValidator = new ConfigValidator();
    private final ChangeValidator changeValidator = new ChangeValidator();
    private final StaticAllocator fullAllocator = new StaticAllocator();
    private final TenantAllocator tenantAllocator = new TenantAllocator();
    private final PoolBlockAllocator poolBlockAllocator = new PoolBlockAllocator();
    private final EngineState state;
    private final Function<DeviceId, Optional<SwitchCapabilities>> switches;

    ChangePlanner(EngineState state) {
        this(state, d -> Optional.empty());
    }

    /**
     * Creates a planner that also refuses pat tenants on connected switches without a connection tracker.
     *
     * @param state    the state in force
     * @param switches the capabilities of a switch, empty when it is not connected (then checked when it is)
     */
    ChangePlanner(EngineState state, Function<DeviceId, Optional<SwitchCapabilities>> switches) {
        this.state = state;
        this.switches = switches;
    }

    StateChange replaceState(Origin origin, DesiredState next) {
        fullValidator.check(next);
        checkConntrack(next.tenants());
        Map<String, Ip4Prefix> kept = PoolBlockAllocator.kept(next, state.allocation().poolBlocks());
        Allocation allocation = fullAllocator.allocate(next, state.allocation().allocation(), kept);
        Map<String, Ip4Prefix> poolBlocks = poolBlockAllocator.allocate(next, allocation, kept);
        DesiredStateIndex now = state.desired();
        StateChange.Builder change = StateChange.builder(origin);
        ProviderSettings settings = ProviderSettings.of(next);
        if (!settings.equals(now.settings())) {
            change.settings(settings);
        }
        Set<String> services = new HashSet<>();
        for (Service s : next.services()) {
            services.add(s.name());
            if (!now.service(s.name()).equals(Optional.of(s))) {
                change.putService(s);
            }
        }
        now.services().stream().map(Service::name).filter(n -> !services.contains(n))
                .collect(Collectors.toList()).forEach(change::removeService);
        Set<String> tenants = new HashSet<>();
        for (Tenant t : next.tenants()) {
            tenants.add(t.name());
            if (!now.tenant(t.name()).equals(Optional.of(t))) {
                change.putTenant(t);
            }
        }
        now.tenants().stream().map(Tenant::name).filter(n -> !tenants.contains(n))
                .collect(Collectors.toList()).forEach(change::removeTenant);
        Set<String> links = new HashSet<>();
        for (FabricLink l : next.links()) {
            links.add(l.key());
            if (!now.linkAt(l.src()).equals(Optional.of(l))) {
                change.putLink(l);
            }
        }
        now.links().stream().map(FabricLink::key).filter(k -> !links.contains(k))
                .collect(Collectors.toList()).forEach(change::removeLink);
        Set<String> holders = new HashSet<>(allocation.byTenant().keySet());
        now.tenants().forEach(t -> holders.add(t.name()));
        for (String t : holders) {
            List<TranslatedBlock> blocks = allocation.blocks(t);
            if (!blocks.equals(state.allocation().blocks(t))) {
                blocks(change, t, blocks);
            }
        }
        Set<String> poolHolders = new HashSet<>(poolBlocks.keySet());
        poolHolders.addAll(state.allocation().poolBlocks().keySet());
        for (String t : poolHolders) {
            poolBlock(change, t, Optional.ofNullable(poolBlocks.get(t)));
        }
        for (Tenant t : next.tenants()) {
            staleBindings(change, t.name(), Optional.of(t), Optional.ofNullable(poolBlocks.get(t.name())));
        }
        now.tenants().stream().filter(t -> !tenants.contains(t.name())).forEach(
                t -> staleBindings(change, t.name(), Optional.empty(), Optional.empty()));
        forgetStaleNeighbours(change, next);
        return change.build();
    }

    StateChange addTenant(Origin origin, Tenant tenant) {
        if (state.desired().tenant(tenant.name()).isPresent()) {
            throw new ConflictingChangeException(NAME, "tenant %s already exists (PUT /tenants/%s replaces it)",
                                                 tenant.name(), tenant.name());
        }
        return putTenant(origin, tenant);
    }

    StateChange replaceTenant(Origin origin, Tenant tenant) {
        existingTenant(NAME, tenant.name());
        return putTenant(origin, tenant);
    }

    StateChange removeTenant(Origin origin, String name) {
        Tenant before = existingTenant(NAME, name);
        StateChange.Builder change = StateChange.builder(origin).removeTenant(name);
        if (!state.allocation().blocks(name).isEmpty()) {
            change.removeBlocks(name);
        }
        poolBlock(change, name, Optional.empty());
        staleBindings(change, name, Optional.empty(), Optional.empty());
        forgetMac(change, Neighbour.routerOf(before));
        return change.build();
    }

    StateChange addService(Origin origin, Service service) {
        if (state.desired().service(service.name()).isPresent()) {
            throw new ConflictingChangeException(NAME, "service %s already exists", service.name());
        }
        changeValidator.checkService(service, state.desired());
        return StateChange.builder(origin).putService(service).build();
    }

    StateChange removeService(Origin origin, String name) {
        Service before = state.desired().service(name)
                .orElseThrow(() -> new UnknownItemException(NAME, "no service named %s", name));
        List<String> users = state.desired().tenantsUsing(name).stream().sorted().collect(Collectors.toList());
        if (!users.isEmpty()) {
            throw new ConflictingChangeException(NAME, "service %s is still used by tenants %s; revoke their access"
                    + " first (DELETE /intents/{tenant}/%s)", name, String.join(", ", users), name);
        }
        StateChange.Builder change = StateChange.builder(origin).removeService(name);
        // Services behind one router share its MAC: it goes with the last of them.
        Neighbour nextHop = Neighbour.of(before);
        if (state.desired().servicesReachedVia(nextHop).stream().allMatch(s -> s.name().equals(name))) {
            forgetMac(change, nextHop);
        }
        return change.build();
    }

    StateChange grantAccess(Origin origin, String tenant, Access access) {
        Tenant t = existingTenant(TENANT, tenant);
        if (state.desired().service(access.service()).isEmpty()) {
            throw new UnknownItemException(SERVICE, "no service named %s", access.service());
        }
        t.access(access.service()).ifPresent(a -> {
            throw new ConflictingChangeException(SERVICE, "tenant %s already reaches service %s at %s (revoke "
                    + "that access first to move the VIP)", tenant, a.service(), a.vip());
        });
        Tenant next = t.toBuilder().access(ImmutableList.<Access>builder().addAll(t.access()).add(access).build())
                .build();
        changeValidator.checkTenant(next, state.desired());
        return StateChange.builder(origin).putTenant(next).build();
    }

    StateChange revokeAccess(Origin origin, String tenant, String service) {
        Tenant t = existingTenant(TENANT, tenant);
        if (t.access(service).isEmpty()) {
            throw new UnknownItemException(SERVICE, "tenant %s has no access to service %s", tenant, service);
        }
        List<Access> kept = t.access().stream().filter(a -> !a.service().equals(service))
                .collect(Collectors.toList());
        return StateChange.builder(origin).putTenant(t.toBuilder().access(kept).build()).build();
    }

    /** Records a MAC heard for a neighbour, when it is new or changed. */
    Optional<StateChange> learned(Neighbour neighbour, MacAddress mac) {
        if (state.neighbours().macOf(neighbour).equals(Optional.of(mac))) {
            return Optional.empty();
        }
        return Optional.of(StateChange.builder(Origin.SYSTEM).neighbour(neighbour, Optional.of(mac)).build());
    }

    private StateChange putTenant(Origin origin, Tenant tenant) {
        changeValidator.checkTenant(tenant, state.desired());
        checkConntrack(List.of(tenant));
        List<TranslatedBlock> blocks = tenantAllocator.allocate(tenant, state.allocation(), state.desired().pins());
        Optional<Ip4Prefix> poolBlock = poolBlockAllocator.allocate(tenant, state.allocation());
        StateChange.Builder change = StateChange.builder(origin).putTenant(tenant);
        if (!blocks.equals(state.allocation().blocks(tenant.name()))) {
            blocks(change, tenant.name(), blocks);
        }
        poolBlock(change, tenant.name(), poolBlock);
        staleBindings(change, tenant.name(), Optional.of(tenant), poolBlock);
        state.desired().tenant(tenant.name()).map(Neighbour::routerOf)
                .filter(router -> !router.equals(Neighbour.routerOf(tenant)))
                .ifPresent(router -> forgetMac(change, router));
        return change.build();
    }

    private void poolBlock(StateChange.Builder change, String tenant, Optional<Ip4Prefix> block) {
        if (block.equals(state.allocation().poolBlock(tenant))) {
            return;
        }
        block.ifPresentOrElse(b -> change.putPoolBlock(tenant, b), () -> change.removePoolBlock(tenant));
    }

    // Removes the binding records a tenant can no longer hold: it is gone, binds no hosts, or moved to another pool
    // block, mode or port block size; or the host left its prefixes.
    private void staleBindings(StateChange.Builder change, String name, Optional<Tenant> after,
                               Optional<Ip4Prefix> poolBlock) {
        Optional<TranslationPolicy> before = state.desired().tenant(name).map(Tenant::translation);
        boolean sameLayout = after.isPresent() && before.isPresent() && after.get().translation().bindsHosts()
                && before.get().mode() == after.get().translation().mode()
                && before.get().portsPerBlock() == after.get().translation().portsPerBlock()
                && poolBlock.equals(state.allocation().poolBlock(name));
        for (Binding b : state.bindings().records(name)) {
            boolean kept = sameLayout && after.get().prefixes().stream().anyMatch(p -> p.contains(b.original()));
            if (!kept) {
                change.removeBinding(b.slot());
            }
        }
    }

    // Pat needs a connection tracker: refused at once on a connected switch without one.
    private void checkConntrack(Collection<Tenant> tenants) {
        List<ValidationError> errors = new ArrayList<>();
        for (Tenant t : tenants) {
            if (t.translation().mode() != TranslationPolicy.Mode.PAT) {
                continue;
            }
            DeviceId device = t.edge();
            switches.apply(device).filter(caps -> caps.conntrack().isEmpty()).ifPresent(caps -> errors.add(
                    new ValidationError("tenants[" + t.name() + "].translation.mode", String.format(
                            "tenant %s: pat translation needs a switch with a connection tracker (Open vSwitch); "
                                    + "%s has none (%s)", t.name(), device, caps))));
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
    }

    private static void blocks(StateChange.Builder change, String tenant, List<TranslatedBlock> blocks) {
        if (blocks.isEmpty()) {
            change.removeBlocks(tenant);
        } else {
            change.putBlocks(tenant, blocks);
        }
    }

    private Tenant existingTenant(String field, String name) {
        return state.desired().tenant(name)
                .orElseThrow(() -> new UnknownItemException(field, "no tenant named %s", name));
    }

    // A MAC learned for a router or service that is gone would only take space in the store.
    private void forgetMac(StateChange.Builder change, Neighbour neighbour) {
        if (state.neighbours().macOf(neighbour).isPresent()) {
            change.neighbour(neighbour, Optional.empty());
        }
    }

    private void forgetStaleNeighbours(StateChange.Builder change, DesiredState next) {
        Set<Neighbour> kept = new HashSet<>();
        next.tenants().forEach(t -> kept.add(Neighbour.routerOf(t)));
        next.services().forEach(s -> kept.add(Neighbour.of(s)));
        state.neighbours().learned().stream().map(LearnedMac::neighbour).filter(n -> !kept.contains(n))
                .forEach(n -> change.neighbour(n, Optional.empty()));
    }
}
