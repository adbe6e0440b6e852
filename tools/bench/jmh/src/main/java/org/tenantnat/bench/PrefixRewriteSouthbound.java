package org.tenantnat.bench;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.Southbound;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The engine tests' in-memory switch, seen as an Open vSwitch: one Nicira load rewrites a whole prefix. (The test
 * switch rewrites per host, which at 10,000 tenants x 176 addresses is millions of rules, not what a benchmark of
 * an Open vSwitch deployment should measure.) Its tables are kept here, by slot hashed on the rule's cookie: the test
 * switch's set hashes rules by onlab's selector hash, whose per-host matches collide by the thousand once a dynamic
 * tenant holds many bindings, and it keeps every batch it was sent; a benchmark of the runtime should not time
 * that.
 */
final class PrefixRewriteSouthbound implements Southbound {

    private final FakeSouthbound tables = new FakeSouthbound();
    private final Map<DeviceId, Map<Slot, FlowRule>> installed = new HashMap<>();
    private long released;

    /**
     * A rule's place in a table (table, priority, match: {@link FlowRule#equals}), hashed by the low half of its
     * cookie, which the engine makes from exactly these (RuleCookie), so equal slots hash alike.
     */
    private static final class Slot {
        private final FlowRule rule;

        Slot(FlowRule rule) {
            this.rule = rule;
        }

        @Override
        public int hashCode() {
            return (int) rule.id().value();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slot && rule.equals(((Slot) o).rule);
        }
    }

    @Override
    public Set<DeviceId> switches() {
        return tables.switches();
    }

    @Override
    public boolean isAvailable(DeviceId device) {
        return tables.isAvailable(device);
    }

    @Override
    public SwitchCapabilities capabilities(DeviceId device) {
        return SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new);
    }

    @Override
    public synchronized CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        Map<Slot, FlowRule> table = new HashMap<>(rules.size() * 2);
        rules.forEach(r -> table.put(new Slot(r), r));
        installed.put(device, table);
        return CompletableFuture.completedFuture(null);
    }

    // As a switch does: a removal removes whatever holds the slot, an addition replaces the rule of its slot.
    @Override
    public synchronized CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        Map<Slot, FlowRule> table = installed.computeIfAbsent(device, d -> new HashMap<>());
        delta.toRemove().forEach(r -> table.remove(new Slot(r)));
        delta.toAdd().forEach(r -> table.put(new Slot(r), r));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized Collection<FlowEntry> flowEntries(DeviceId device) {
        return installed.getOrDefault(device, Map.of()).values().stream()
                .map(r -> new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED, 10, 0, 0))
                .collect(Collectors.toList());
    }

    @Override
    public void packetOut(ConnectPoint port, Ethernet frame) {
        tables.packetOut(port, frame);
    }

    // Only counted: the in-memory switch would keep every frame, and a benchmark releases hundreds of thousands.
    @Override
    public synchronized void packetThroughPipeline(ConnectPoint inPort, Ethernet frame) {
        released++;
        notifyAll();
    }

    /**
     * Returns how many packets were sent through the pipeline (released after their binding).
     *
     * @return packets
     */
    synchronized long released() {
        return released;
    }

    /**
     * Waits, without spinning (the runtime's threads need the cores), until a number of packets were released.
     *
     * @param count   packets released in all
     * @param timeout most time to wait, in nanoseconds
     * @return whether that many were released in time
     * @throws InterruptedException when interrupted
     */
    synchronized boolean awaitReleased(long count, long timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout;
        while (released < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Returns how many rules the switch holds.
     *
     * @return rule count
     */
    synchronized int rules() {
        return installed.getOrDefault(FakeSouthbound.SWITCH, Map.of()).size();
    }
}
