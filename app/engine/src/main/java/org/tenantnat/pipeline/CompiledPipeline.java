package org.tenantnat.pipeline;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The rules one switch must hold for a desired state, grouped by owner, and what could not be compiled for it:
 * owners that failed (they get no rules at all) and rules withheld until a neighbour's MAC is resolved. Immutable.
 */
public final class CompiledPipeline {

    private final DeviceId device;
    private final SortedMap<RuleOwner, Set<FlowRule>> rules;
    private final Map<RuleOwner, String> failures;
    private final Map<RuleOwner, String> pending;

    private CompiledPipeline(DeviceId device, SortedMap<RuleOwner, Set<FlowRule>> rules,
                             Map<RuleOwner, String> failures, Map<RuleOwner, String> pending) {
        this.device = device;
        ImmutableSortedMap.Builder<RuleOwner, Set<FlowRule>> b = ImmutableSortedMap.naturalOrder();
        rules.forEach((owner, set) -> b.put(owner, ImmutableSet.copyOf(set)));
        this.rules = b.build();
        this.failures = ImmutableSortedMap.copyOf(failures);
        this.pending = ImmutableSortedMap.copyOf(pending);
    }

    /**
     * Returns the pipeline of a switch that holds none of our rules, e.g. to diff against on first contact.
     *
     * @param device switch
     * @return empty pipeline
     */
    public static CompiledPipeline empty(DeviceId device) {
        return new CompiledPipeline(checkNotNull(device, "device"), new TreeMap<>(), Map.of(), Map.of());
    }

    static Builder builder(DeviceId device) {
        return new Builder(device);
    }

    /**
     * Returns the switch.
     *
     * @return device id
     */
    public DeviceId device() {
        return device;
    }

    /**
     * Returns the rules by owner; an owner without rules is absent.
     *
     * @return owner to rules, shared first, then by tenant and service name
     */
    public SortedMap<RuleOwner, Set<FlowRule>> rules() {
        return rules;
    }

    /**
     * Returns one owner's rules.
     *
     * @param owner owner
     * @return rules, empty when it has none on this switch
     */
    public Set<FlowRule> rules(RuleOwner owner) {
        return rules.getOrDefault(owner, ImmutableSet.of());
    }

    /**
     * Returns every rule of the switch.
     *
     * @return rules
     */
    public Set<FlowRule> allRules() {
        return rules.values().stream().flatMap(Set::stream).collect(ImmutableSet.toImmutableSet());
    }

    /**
     * Returns the owners that could not be compiled on this switch, with the reason; they have no rules.
     *
     * @return owner to reason
     */
    public Map<RuleOwner, String> failures() {
        return failures;
    }

    /**
     * Returns the owners some of whose rules wait for a neighbour's MAC, with what they wait for.
     *
     * @return owner to reason
     */
    public Map<RuleOwner, String> pending() {
        return pending;
    }

    /**
     * Returns what to change on the switch to go from a previous pipeline to this one. A rule whose table, priority
     * and match are unchanged but whose treatment changed is modified: it is in {@code toAdd} only, because removing
     * it would remove its replacement. Unchanged rules are in neither set.
     *
     * @param previous pipeline the switch holds now, for the same switch
     * @return delta
     */
    public RuleDelta changesFrom(CompiledPipeline previous) {
        checkArgument(device.equals(previous.device), "cannot diff %s against %s", device, previous.device);
        // FlowRule.equals compares table, priority and match but not the treatment: it identifies a rule on a switch.
        Map<FlowRule, FlowRule> before = byMatch(previous.allRules());
        Map<FlowRule, FlowRule> after = byMatch(allRules());
        Set<FlowRule> toAdd = after.values().stream()
                .filter(rule -> !before.containsKey(rule) || !sameTreatment(before.get(rule), rule))
                .collect(Collectors.toSet());
        Set<FlowRule> toRemove = before.values().stream()
                .filter(rule -> !after.containsKey(rule))
                .collect(Collectors.toSet());
        return toAdd.isEmpty() && toRemove.isEmpty() ? RuleDelta.NONE : new RuleDelta(toRemove, toAdd);
    }

    private static Map<FlowRule, FlowRule> byMatch(Set<FlowRule> rules) {
        return rules.stream().collect(Collectors.toMap(Function.identity(), Function.identity(), (a, b) -> a,
                                                       HashMap::new));
    }

    private static boolean sameTreatment(FlowRule a, FlowRule b) {
        return a.treatment().equals(b.treatment());
    }

    @Override
    public String toString() {
        return "CompiledPipeline{" + device + ": " + allRules().size() + " rules, " + failures.size() + " failed, "
                + pending.size() + " pending}";
    }

    /**
     * Collects a pipeline while it is compiled.
     */
    static final class Builder {
        private final DeviceId device;
        private final SortedMap<RuleOwner, Set<FlowRule>> rules = new TreeMap<>();
        private final Map<RuleOwner, String> failures = new HashMap<>();
        private final Map<RuleOwner, String> pending = new HashMap<>();

        private Builder(DeviceId device) {
            this.device = checkNotNull(device, "device");
        }

        Builder add(RuleOwner owner, Collection<FlowRule> ownerRules) {
            checkArgument(!failures.containsKey(owner), "%s failed and gets no rules", owner);
            rules.computeIfAbsent(owner, o -> new LinkedHashSet<>()).addAll(ownerRules);
            return this;
        }

        Builder fail(RuleOwner owner, String reason) {
            rules.remove(owner);
            pending.remove(owner);
            failures.put(owner, reason);
            return this;
        }

        Builder pending(RuleOwner owner, String reason) {
            pending.put(owner, reason);
            return this;
        }

        CompiledPipeline build() {
            return new CompiledPipeline(device, rules, failures, pending);
        }
    }
}
