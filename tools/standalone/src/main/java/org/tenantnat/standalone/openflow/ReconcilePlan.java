package org.tenantnat.standalone.openflow;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What it takes to make a switch hold exactly the desired rules, given the flows of ours it reports: delete our
 * flows that are not desired, add desired rules that are missing, keep the rest untouched (their counters too).
 */
final class ReconcilePlan {

    private final List<OFFlowStatsEntry> toDelete;
    private final List<FlowRule> toAdd;
    private final int kept;

    private ReconcilePlan(List<OFFlowStatsEntry> toDelete, List<FlowRule> toAdd, int kept) {
        this.toDelete = ImmutableList.copyOf(toDelete);
        this.toAdd = ImmutableList.copyOf(toAdd);
        this.kept = kept;
    }

    /**
     * Plans a reconciliation.
     *
     * @param desired  desired rules by the key of the flow each becomes
     * @param existing our flows as the switch reports them
     * @return plan
     */
    static ReconcilePlan of(Map<FlowKey, FlowRule> desired, List<OFFlowStatsEntry> existing) {
        Set<FlowKey> present = existing.stream().map(FlowKey::of).collect(Collectors.toSet());
        List<FlowRule> toAdd = desired.entrySet().stream()
                .filter(e -> !present.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .collect(Collectors.toList());
        Set<FlowSlot> refilled = new HashSet<>();
        desired.keySet().stream().filter(k -> !present.contains(k)).forEach(k -> refilled.add(k.slot()));
        // A flow in a slot that an ADD refills is replaced by that ADD; deleting it first would only add churn.
        List<OFFlowStatsEntry> toDelete = existing.stream()
                .filter(e -> {
                    FlowKey key = FlowKey.of(e);
                    return !desired.containsKey(key) && !refilled.contains(key.slot());
                })
                .collect(Collectors.toList());
        int kept = (int) desired.keySet().stream().filter(present::contains).count();
        return new ReconcilePlan(toDelete, toAdd, kept);
    }

    /**
     * Returns our flows the switch holds but should not.
     *
     * @return flows to delete
     */
    List<OFFlowStatsEntry> toDelete() {
        return toDelete;
    }

    /**
     * Returns the desired rules the switch lacks or holds differently.
     *
     * @return rules to add
     */
    List<FlowRule> toAdd() {
        return toAdd;
    }

    /**
     * Returns how many desired rules the switch already holds exactly.
     *
     * @return count
     */
    int kept() {
        return kept;
    }

    /**
     * Tells whether the switch already holds exactly the desired rules.
     *
     * @return true when nothing is to change
     */
    boolean isEmpty() {
        return toDelete.isEmpty() && toAdd.isEmpty();
    }

    @Override
    public String toString() {
        return toAdd.size() + " rules added, " + toDelete.size() + " removed, " + kept + " kept";
    }
}
