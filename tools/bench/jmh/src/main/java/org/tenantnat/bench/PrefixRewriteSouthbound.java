package org.tenantnat.bench;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.Southbound;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine tests' in-memory switch, seen as an Open vSwitch: one Nicira load rewrites a whole prefix. (The test
 * switch rewrites per host, which at 10,000 tenants x 176 addresses is millions of rules, not what a benchmark of
 * an Open vSwitch deployment should measure.)
 */
final class PrefixRewriteSouthbound implements Southbound {

    private final FakeSouthbound tables = new FakeSouthbound();
    private long released;

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
    public CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        return tables.reconcile(device, rules);
    }

    @Override
    public CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        return tables.apply(device, delta);
    }

    @Override
    public Collection<FlowEntry> flowEntries(DeviceId device) {
        return tables.flowEntries(device);
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
    int rules() {
        return tables.table(FakeSouthbound.SWITCH).size();
    }
}
