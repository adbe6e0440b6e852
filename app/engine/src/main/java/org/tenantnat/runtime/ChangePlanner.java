package org.tenantnat.runtime;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.MacAddress;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.alloc.TenantAllocator;
import org.tenantnat.api.ConflictingChangeException;
import org.tenantnat.api.Origin;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.config.ChangeValidator;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private final EngineState state;

    ChangePlanner(EngineState state) {
        this.state = state;
    }

    StateChange replaceState(Origin origin, DesiredState next) {
        fullValidator.check(next);
        Allocation allocation = fullAllocator.allocate(next, state.allocation().allocation());
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
        List<TranslatedBlock> blocks = tenantAllocator.allocate(tenant, state.allocation(), state.desired().pins());
        StateChange.Builder change = StateChange.builder(origin).putTenant(tenant);
        if (!blocks.equals(state.allocation().blocks(tenant.name()))) {
            blocks(change, tenant.name(), blocks);
        }
        state.desired().tenant(tenant.name()).map(Neighbour::routerOf)
                .filter(router -> !router.equals(Neighbour.routerOf(tenant)))
                .ifPresent(router -> forgetMac(change, router));
        return change.build();
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
