package org.tenantnat.pipeline;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The rules one whole switch must hold, owner by owner, and what could not be compiled for it: owners that failed
 * (they get no rules at all) and rules withheld until a neighbour's MAC is resolved. Immutable. The result of a
 * full compile; the runtime keeps the same per-owner rules and changes them owner by owner.
 */
public final class CompiledPipeline {

    private final DeviceId device;
    private final SortedMap<RuleOwner, OwnerRules> owners;

    /**
     * Creates a pipeline from its owners' rules.
     *
     * @param device switch
     * @param owners owner rules, owners with nothing left out
     */
    public CompiledPipeline(DeviceId device, Map<RuleOwner, OwnerRules> owners) {
        this.device = checkNotNull(device, "device");
        this.owners = ImmutableSortedMap.copyOf(owners);
    }

    /**
     * Returns the pipeline of a switch that holds none of our rules.
     *
     * @param device switch
     * @return empty pipeline
     */
    public static CompiledPipeline empty(DeviceId device) {
        return new CompiledPipeline(device, Map.of());
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
     * Returns every owner's rules.
     *
     * @return owner to its rules, shared first, then by tenant and service name
     */
    public SortedMap<RuleOwner, OwnerRules> owners() {
        return owners;
    }

    /**
     * Returns one owner's rules.
     *
     * @param owner owner
     * @return rules, empty when it has none on this switch
     */
    public Set<FlowRule> rules(RuleOwner owner) {
        OwnerRules o = owners.get(owner);
        return o == null ? ImmutableSet.of() : o.rules();
    }

    /**
     * Returns every rule of the switch.
     *
     * @return rules
     */
    public Set<FlowRule> allRules() {
        Set<FlowRule> all = new HashSet<>();
        owners.values().forEach(o -> all.addAll(o.rules()));
        return ImmutableSet.copyOf(all);
    }

    /**
     * Returns the owners that could not be compiled on this switch, with the reason; they have no rules.
     *
     * @return owner to reason
     */
    public Map<RuleOwner, String> failures() {
        ImmutableSortedMap.Builder<RuleOwner, String> failed = ImmutableSortedMap.naturalOrder();
        owners.forEach((o, r) -> r.failure().ifPresent(reason -> failed.put(o, reason)));
        return failed.build();
    }

    /**
     * Returns the owners some of whose rules wait for a neighbour's MAC, with what they wait for.
     *
     * @return owner to reason
     */
    public Map<RuleOwner, String> pending() {
        ImmutableSortedMap.Builder<RuleOwner, String> pending = ImmutableSortedMap.naturalOrder();
        owners.forEach((o, r) -> r.pending().ifPresent(reason -> pending.put(o, reason)));
        return pending.build();
    }

    /**
     * Returns what to change on the switch to go from a previous pipeline to this one.
     *
     * @param previous pipeline the switch holds now, for the same switch
     * @return delta
     */
    public RuleDelta changesFrom(CompiledPipeline previous) {
        checkArgument(device.equals(previous.device), "cannot diff %s against %s", device, previous.device);
        RuleDiff diff = new RuleDiff();
        Set<RuleOwner> all = new HashSet<>(owners.keySet());
        all.addAll(previous.owners.keySet());
        all.forEach(o -> diff.owner(previous.rules(o), rules(o)));
        return diff.delta();
    }

    /**
     * Tells whether two pipelines are the same owner for owner, rule for rule (treatments and cookies included),
     * with the same failures and pending reasons.
     *
     * @param other pipeline
     * @return true when identical
     */
    public boolean sameAs(CompiledPipeline other) {
        if (!device.equals(other.device) || !owners.keySet().equals(other.owners.keySet())) {
            return false;
        }
        return owners.entrySet().stream().allMatch(e -> e.getValue().sameAs(other.owners.get(e.getKey())));
    }

    @Override
    public String toString() {
        return "CompiledPipeline{" + device + ": " + allRules().size() + " rules, " + failures().size()
                + " failed, " + pending().size() + " pending}";
    }
}
