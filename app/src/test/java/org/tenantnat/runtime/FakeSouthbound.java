package org.tenantnat.runtime;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A switch table in memory: records what the runtime sends, holds each batch's confirmation until the test
 * completes it (or completes at once when auto-confirming).
 */
final class FakeSouthbound implements Southbound {

    final Set<DeviceId> connected = new HashSet<>();
    final Map<DeviceId, Set<FlowRule>> tables = new HashMap<>();
    final List<RuleDelta> deltas = new ArrayList<>();
    final List<CompletableFuture<Void>> unconfirmed = new ArrayList<>();
    final List<Ethernet> sentFrames = new ArrayList<>();
    final Map<DeviceId, Collection<FlowEntry>> entries = new HashMap<>();
    boolean autoConfirm = true;

    @Override
    public Set<DeviceId> switches() {
        return connected;
    }

    @Override
    public SwitchCapabilities capabilities(DeviceId device) {
        return SwitchCapabilities.perHost();
    }

    @Override
    public CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        tables.put(device, new HashSet<>(rules));
        return batch();
    }

    @Override
    public CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        deltas.add(delta);
        Set<FlowRule> table = tables.computeIfAbsent(device, d -> new HashSet<>());
        table.removeAll(delta.toRemove());
        table.removeAll(delta.toAdd());
        table.addAll(delta.toAdd());
        return batch();
    }

    @Override
    public Collection<FlowEntry> flowEntries(DeviceId device) {
        return entries.getOrDefault(device, List.of());
    }

    @Override
    public void packetOut(ConnectPoint port, Ethernet frame) {
        sentFrames.add(frame);
    }

    private CompletableFuture<Void> batch() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (autoConfirm) {
            done.complete(null);
        } else {
            unconfirmed.add(done);
        }
        return done;
    }

    void confirmAll() {
        List<CompletableFuture<Void>> pending = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        pending.forEach(f -> f.complete(null));
    }

    void failAll(String reason) {
        List<CompletableFuture<Void>> pending = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        pending.forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
    }
}
