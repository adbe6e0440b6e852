package org.tenantnat.runtime;

import org.tenantnat.api.Origin;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.store.StateChange;

import java.util.Optional;

/**
 * The change that takes the state in force to a set of stored records: what a node applies when it finds it
 * missed changes committed elsewhere.
 */
final class StateDifference {

    private StateDifference() {
    }

    /**
     * Returns the change from the state in force to the stored records.
     *
     * @param state  state in force
     * @param stored every record the store holds, as puts
     * @return change putting what differs and removing what the store no longer holds
     */
    static StateChange between(EngineState state, StateChange stored) {
        StateChange.Builder change = StateChange.builder(Origin.SYSTEM);
        stored.settings().ifPresent(change::settings);
        for (Service s : state.desired().services()) {
            if (!stored.services().containsKey(s.name())) {
                change.removeService(s.name());
            }
        }
        stored.services().values().forEach(s -> s.ifPresent(change::putService));
        for (Tenant t : state.desired().tenants()) {
            if (!stored.tenants().containsKey(t.name())) {
                change.removeTenant(t.name());
            }
        }
        stored.tenants().values().forEach(t -> t.ifPresent(change::putTenant));
        for (FabricLink l : state.desired().links()) {
            if (!stored.links().containsKey(l.key())) {
                change.removeLink(l.key());
            }
        }
        stored.links().values().forEach(l -> l.ifPresent(change::putLink));
        for (String holder : state.allocation().allocation().byTenant().keySet()) {
            if (!stored.blocks().containsKey(holder)) {
                change.removeBlocks(holder);
            }
        }
        stored.blocks().forEach((tenant, blocks) -> blocks.ifPresent(b -> change.putBlocks(tenant, b)));
        for (LearnedMac m : state.neighbours().learned()) {
            if (!stored.neighbours().containsKey(m.neighbour())) {
                change.neighbour(m.neighbour(), Optional.empty());
            }
        }
        stored.neighbours().forEach(change::neighbour);
        return change.build();
    }
}
