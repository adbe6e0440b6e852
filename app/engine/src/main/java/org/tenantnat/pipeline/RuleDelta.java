package org.tenantnat.pipeline;

import com.google.common.collect.ImmutableSet;
import org.onosproject.net.flow.FlowRule;

import java.util.Collection;
import java.util.Set;

/**
 * The rules to remove and to add to take a switch from one compiled pipeline to another.
 */
public final class RuleDelta {

    /** No change. */
    public static final RuleDelta NONE = new RuleDelta(ImmutableSet.of(), ImmutableSet.of());

    private final Set<FlowRule> toRemove;
    private final Set<FlowRule> toAdd;

    /**
     * Creates a delta.
     *
     * @param toRemove rules to delete; never one that a rule of {@code toAdd} replaces (same table, priority and
     *                 match), because deleting it would delete the replacement
     * @param toAdd    rules to add or modify
     */
    public RuleDelta(Collection<FlowRule> toRemove, Collection<FlowRule> toAdd) {
        this.toRemove = ImmutableSet.copyOf(toRemove);
        this.toAdd = ImmutableSet.copyOf(toAdd);
    }

    /**
     * Returns the rules to delete.
     *
     * @return rules
     */
    public Set<FlowRule> toRemove() {
        return toRemove;
    }

    /**
     * Returns the rules to add or modify.
     *
     * @return rules
     */
    public Set<FlowRule> toAdd() {
        return toAdd;
    }

    /**
     * Tells whether nothing changes.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return toRemove.isEmpty() && toAdd.isEmpty();
    }

    @Override
    public String toString() {
        return "RuleDelta{-" + toRemove.size() + " +" + toAdd.size() + "}";
    }
}
