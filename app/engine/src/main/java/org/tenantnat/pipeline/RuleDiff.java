package org.tenantnat.pipeline;

import org.onosproject.net.flow.FlowRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what to change on one switch, owner by owner: only owners that were compiled again are compared, so a
 * change costs the rules of what it touched.
 * <p>
 * ONOS's FlowRule equality compares the device, table, priority and match, but neither the treatment nor the
 * cookie: a rule whose slot and cookie are unchanged but whose treatment changed is a modification, sent as an
 * addition only (deleting it would delete its replacement). A slot that passes from one tenant to another (two
 * cookies) is a removal and an addition; removals are sent first.
 */
public final class RuleDiff {

    private final Map<Long, FlowRule> toRemove = new HashMap<>();
    private final Map<Long, FlowRule> toAdd = new HashMap<>();

    /**
     * Adds the changes that turn one owner's rules into new ones.
     *
     * @param before the owner's rules now on the switch
     * @param after  the owner's rules it must have
     */
    public void owner(Set<FlowRule> before, Set<FlowRule> after) {
        Map<FlowRule, FlowRule> old = new HashMap<>();
        before.forEach(r -> old.put(r, r));
        for (FlowRule r : after) {
            FlowRule was = old.remove(r);
            if (was == null || !identical(was, r)) {
                toAdd.put(r.id().value(), r);
                if (was != null && was.id().value() != r.id().value()) {
                    toRemove.put(was.id().value(), was);
                }
            }
        }
        old.keySet().forEach(r -> toRemove.put(r.id().value(), r));
    }

    /**
     * Returns the changes collected.
     *
     * @return rules to remove and to add
     */
    public RuleDelta delta() {
        List<FlowRule> removals = new ArrayList<>();
        toRemove.forEach((id, r) -> {
            if (!toAdd.containsKey(id)) {
                removals.add(r);
            }
        });
        return removals.isEmpty() && toAdd.isEmpty() ? RuleDelta.NONE : new RuleDelta(removals, toAdd.values());
    }

    /**
     * Tells whether two rules of one slot are the same rule: same cookie and treatment.
     *
     * @param a a rule
     * @param b a rule of the same slot
     * @return true when identical
     */
    public static boolean identical(FlowRule a, FlowRule b) {
        return a.id().equals(b.id()) && a.treatment().equals(b.treatment());
    }
}
