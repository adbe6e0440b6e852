package org.tenantnat.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A flow rule service that keeps a flow store per device, as ONOS does, confirms every batch at once (or rejects
 * those for chosen devices) and records every batch it was given.
 */
class TestFlowRuleService extends FlowRuleServiceAdapter {

    private final Map<DeviceId, Map<FlowRule, FlowEntry>> store = new ConcurrentHashMap<>();
    private final List<FlowRuleOperations> batches = new ArrayList<>();
    private final Set<DeviceId> rejecting = new HashSet<>();

    @Override
    public synchronized void apply(FlowRuleOperations ops) {
        batches.add(ops);
        Set<DeviceId> devices = ops.stages().stream().flatMap(Set::stream).map(op -> op.rule().deviceId())
                .collect(Collectors.toSet());
        if (devices.stream().anyMatch(rejecting::contains)) {
            ops.callback().onError(ops);
            return;
        }
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            for (FlowRuleOperation op : stage) {
                Map<FlowRule, FlowEntry> table = store.computeIfAbsent(op.rule().deviceId(),
                                                                       d -> new LinkedHashMap<>());
                if (op.type() == FlowRuleOperation.Type.REMOVE) {
                    table.remove(op.rule());
                } else {
                    table.remove(op.rule());
                    table.put(op.rule(), new DefaultFlowEntry(op.rule(), FlowEntry.FlowEntryState.ADDED));
                }
            }
        }
        ops.callback().onSuccess(ops);
    }

    @Override
    public synchronized Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
        return ImmutableList.copyOf(store.getOrDefault(deviceId, Map.of()).values());
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
     * Makes every later batch touching the device fail.
     *
     * @param device device
     */
    synchronized void reject(DeviceId device) {
        rejecting.add(device);
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
    }
}
