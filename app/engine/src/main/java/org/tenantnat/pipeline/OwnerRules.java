package org.tenantnat.pipeline;

import com.google.common.collect.ImmutableSet;
import org.onosproject.net.flow.FlowRule;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules one owner (the shared pipeline, a tenant, or one access) must have on one switch, or why it cannot
 * have them: failed (no rules at all, with the reason) or pending (some rules withheld until a neighbour's MAC is
 * resolved, with what it waits for). Immutable.
 */
public final class OwnerRules {

    /** An owner with nothing on a switch. */
    public static final OwnerRules NONE = new OwnerRules(ImmutableSet.of(), null, null);

    private final Set<FlowRule> rules;
    private final String failure;
    private final String pending;

    private OwnerRules(Set<FlowRule> rules, String failure, String pending) {
        this.rules = rules;
        this.failure = failure;
        this.pending = pending;
    }

    /**
     * Returns an owner's complete rules.
     *
     * @param rules rules
     * @return owner rules
     */
    public static OwnerRules of(Collection<FlowRule> rules) {
        return rules.isEmpty() ? NONE : new OwnerRules(ImmutableSet.copyOf(rules), null, null);
    }

    /**
     * Returns an owner's rules with some withheld.
     *
     * @param rules  the rules it can have now
     * @param reason what the rest wait for
     * @return owner rules
     */
    public static OwnerRules pending(Collection<FlowRule> rules, String reason) {
        return new OwnerRules(ImmutableSet.copyOf(rules), null, Objects.requireNonNull(reason));
    }

    /**
     * Returns an owner that cannot be compiled on the switch.
     *
     * @param reason why
     * @return owner rules, without any rule
     */
    public static OwnerRules failed(String reason) {
        return new OwnerRules(ImmutableSet.of(), Objects.requireNonNull(reason), null);
    }

    /**
     * Returns the rules.
     *
     * @return rules, empty for a failed owner
     */
    public Set<FlowRule> rules() {
        return rules;
    }

    /**
     * Returns why the owner could not be compiled.
     *
     * @return reason, empty when it was
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Returns what withheld rules wait for.
     *
     * @return reason, empty when nothing is withheld
     */
    public Optional<String> pending() {
        return Optional.ofNullable(pending);
    }

    /**
     * Tells whether the owner has nothing on the switch: no rule, no failure, nothing pending.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return rules.isEmpty() && failure == null && pending == null;
    }

    /**
     * Tells whether two owner rule sets are the same rule for rule, treatments and cookies included (ONOS's
     * FlowRule equality compares neither).
     *
     * @param other other rules
     * @return true when identical
     */
    public boolean sameAs(OwnerRules other) {
        if (!Objects.equals(failure, other.failure) || !Objects.equals(pending, other.pending)
                || rules.size() != other.rules.size()) {
            return false;
        }
        Map<FlowRule, FlowRule> theirs = new HashMap<>();
        other.rules.forEach(r -> theirs.put(r, r));
        for (FlowRule r : rules) {
            FlowRule same = theirs.get(r);
            if (same == null || !RuleDiff.identical(same, r)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return failure != null ? "failed: " + failure
                : rules.size() + " rules" + (pending != null ? ", pending: " + pending : "");
    }
}
