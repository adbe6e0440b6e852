package org.tenantnat.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A flow rule service that keeps a flow store per device, cluster-wide as ONOS's is (every node reads every
 * switch's entries), confirms every batch at once (or rejects those for chosen devices, or holds them unconfirmed
 * until released) and records every batch it was given, with the node that gave it.
 */
class TestFlowRuleService extends FlowRuleServiceAdapter {

    /** Node name of batches applied through this service itself rather than a node's view. */
    static final String ANY_NODE = "";

    private final Map<DeviceId, Map<FlowRule, FlowEntry>> store = new ConcurrentHashMap<>();
    private final List<FlowRuleOperations> batches = new ArrayList<>();
    private final List<String> batchNodes = new ArrayList<>();
    private final Set<DeviceId> rejecting = new HashSet<>();
    private final Set<DeviceId> holding = new HashSet<>();
    private final List<FlowRuleOperations> held = new ArrayList<>();

    /**
     * Returns one node's view: the same flow store, its batches recorded as that node's.
     *
     * @param node node name
     * @return flow rule service of the node
     */
    FlowRuleService forNode(String node) {
        return new FlowRuleServiceAdapter() {
            @Override
            public void apply(FlowRuleOperations ops) {
                TestFlowRuleService.this.apply(ops, node);
            }

            @Override
            public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
                return TestFlowRuleService.this.getFlowEntries(deviceId);
            }

            @Override
            public void removeFlowRulesById(ApplicationId id) {
                TestFlowRuleService.this.removeFlowRulesById(id);
            }
        };
    }

    @Override
    public void apply(FlowRuleOperations ops) {
        apply(ops, ANY_NODE);
    }

    private void apply(FlowRuleOperations ops, String node) {
        boolean ok;
        synchronized (this) {
            batches.add(ops);
            batchNodes.add(node);
            Set<DeviceId> devices = ops.stages().stream().flatMap(Set::stream).map(op -> op.rule().deviceId())
                    .collect(Collectors.toSet());
            ok = devices.stream().noneMatch(rejecting::contains);
            if (ok) {
                boolean hold = devices.stream().anyMatch(holding::contains);
                store(ops, hold ? FlowEntry.FlowEntryState.PENDING_ADD : FlowEntry.FlowEntryState.ADDED);
                if (hold) {
                    held.add(ops);
                    return;
                }
            }
        }
        // Confirmed outside the lock: the confirmation takes the caller's runtime lock.
        if (ok) {
            ops.callback().onSuccess(ops);
        } else {
            ops.callback().onError(ops);
        }
    }

    private void store(FlowRuleOperations ops, FlowEntry.FlowEntryState state) {
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            for (FlowRuleOperation op : stage) {
                Map<FlowRule, FlowEntry> table = store.computeIfAbsent(op.rule().deviceId(),
                                                                       d -> new LinkedHashMap<>());
                table.remove(op.rule());
                if (op.type() != FlowRuleOperation.Type.REMOVE) {
                    table.put(op.rule(), new DefaultFlowEntry(op.rule(), state));
                }
            }
        }
    }

    @Override
    public synchronized Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
        return ImmutableList.copyOf(store.getOrDefault(deviceId, Map.of()).values());
    }

    @Override
    public synchronized void removeFlowRulesById(ApplicationId id) {
        store.values().forEach(table -> table.keySet().removeIf(rule -> rule.appId() == id.id()));
    }

    /**
     * Puts an entry in the store directly, as if another application or an earlier run had installed it.
     *
     * @param entry flow entry
     */
    synchronized void preload(FlowEntry entry) {
        store.computeIfAbsent(entry.deviceId(), d -> new LinkedHashMap<>()).put(entry, entry);
    }

    /**
     * Forgets every entry of a device, as when the switch lost its table.
     *
     * @param device device
     */
    synchronized void wipe(DeviceId device) {
        store.remove(device);
    }

    /**
     * Sets the counters of the entries a filter selects, as a switch reports them.
     *
     * @param which   selects entries
     * @param packets packet count
     * @param bytes   byte count
     */
    synchronized void count(Predicate<FlowEntry> which, long packets, long bytes) {
        for (Map<FlowRule, FlowEntry> table : store.values()) {
            table.replaceAll((rule, entry) -> which.test(entry)
                    ? new DefaultFlowEntry(rule, entry.state(), entry.life(), packets, bytes) : entry);
        }
    }

    /**
     * Makes every later batch touching the device fail.
     *
     * @param device device
     */
    synchronized void reject(DeviceId device) {
        rejecting.add(device);
    }

    /**
     * Leaves every later batch touching the device unconfirmed (its entries PENDING_ADD) until released.
     *
     * @param device device
     */
    synchronized void hold(DeviceId device) {
        holding.add(device);
    }

    /**
     * Confirms the batches held so far, and confirms later ones at once again.
     */
    void release() {
        List<FlowRuleOperations> confirmed;
        synchronized (this) {
            holding.clear();
            confirmed = new ArrayList<>(held);
            held.clear();
            confirmed.forEach(ops -> store(ops, FlowEntry.FlowEntryState.ADDED));
        }
        confirmed.forEach(ops -> ops.callback().onSuccess(ops));
    }

    /**
     * Returns the rules held for a device.
     *
     * @param device device
     * @return rules
     */
    synchronized Set<FlowRule> rules(DeviceId device) {
        return new HashSet<>(store.getOrDefault(device, Map.of()).keySet());
    }

    /**
     * Returns the batches applied so far.
     *
     * @return batches in order
     */
    synchronized List<FlowRuleOperations> batches() {
        return new ArrayList<>(batches);
    }

    /**
     * Returns the devices each node sent batches to so far.
     *
     * @param node node name
     * @return devices that node programmed
     */
    synchronized Set<DeviceId> programmedBy(String node) {
        Set<DeviceId> devices = new HashSet<>();
        for (int i = 0; i < batches.size(); i++) {
            if (batchNodes.get(i).equals(node)) {
                batches.get(i).stages().stream().flatMap(Set::stream).forEach(op -> devices.add(op.rule().deviceId()));
            }
        }
        return devices;
    }

    /**
     * Returns the rules of every recorded operation of a type.
     *
     * @param type operation type
     * @return rules
     */
    synchronized Set<FlowRule> recorded(FlowRuleOperation.Type type) {
        return batches.stream().flatMap(b -> b.stages().stream()).flatMap(Set::stream)
                .filter(op -> op.type() == type).map(FlowRuleOperation::rule).collect(Collectors.toSet());
    }

    /**
     * Forgets the recorded batches, keeping the store.
     */
    synchronized void clearRecords() {
        batches.clear();
        batchNodes.clear();
    }
}
