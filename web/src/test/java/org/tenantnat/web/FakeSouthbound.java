package org.tenantnat.web;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.runtime.Southbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One switch in memory: keeps the rules the runtime sends, confirms each batch at once or holds its
 * confirmation until the test releases it, and reports every rule with the counters the test sets.
 */
public final class FakeSouthbound implements Southbound {

    /** The one switch. */
    public static final DeviceId SWITCH = DeviceId.deviceId("of:0000000000000001");

    private final Set<FlowRule> table = new HashSet<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private boolean holdConfirmations;
    private long packetsPerRule;
    private long bytesPerRule;

    @Override
    public synchronized Set<DeviceId> switches() {
        return Set.of(SWITCH);
    }

    @Override
    public SwitchCapabilities capabilities(DeviceId device) {
        return SwitchCapabilities.perHost();
    }

    @Override
    public synchronized CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        table.clear();
        table.addAll(rules);
        return batch();
    }

    @Override
    public synchronized CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        table.removeAll(delta.toRemove());
        table.removeAll(delta.toAdd());
        table.addAll(delta.toAdd());
        return batch();
    }

    @Override
    public synchronized Collection<FlowEntry> flowEntries(DeviceId device) {
        return table.stream()
                .map(r -> new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED, 10, packetsPerRule, bytesPerRule))
                .collect(Collectors.toList());
    }

    @Override
    public void packetOut(ConnectPoint port, Ethernet frame) {
        // ARP towards routers and services: nobody answers in memory.
    }

    /**
     * Holds the confirmation of every batch sent from now on, until {@link #confirmHeld()} or
     * {@link #failHeld(String)}.
     */
    public synchronized void holdConfirmations() {
        holdConfirmations = true;
    }

    /** Confirms every held batch, and every later one at once. */
    public void confirmHeld() {
        release().forEach(f -> f.complete(null));
    }

    /**
     * Fails every held batch, and confirms every later one at once.
     *
     * @param reason what the switch said
     */
    public void failHeld(String reason) {
        release().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
    }

    /**
     * Tells how many batches await confirmation.
     *
     * @return held batches
     */
    public synchronized int heldBatches() {
        return held.size();
    }

    /**
     * Sets the counters every rule reports.
     *
     * @param packets packets per rule
     * @param bytes   bytes per rule
     */
    public synchronized void countPerRule(long packets, long bytes) {
        packetsPerRule = packets;
        bytesPerRule = bytes;
    }

    // Completed outside the lock: completing runs the runtime's confirmation, which takes the runtime's lock.
    private synchronized List<CompletableFuture<Void>> release() {
        holdConfirmations = false;
        List<CompletableFuture<Void>> released = new ArrayList<>(held);
        held.clear();
        return released;
    }

    private CompletableFuture<Void> batch() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (holdConfirmations) {
            held.add(done);
        } else {
            done.complete(null);
        }
        return done;
    }
}
