package org.tenantnat.runtime;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Switch tables in memory, for tests of anything built on the runtime: records what the runtime sends, and
 * confirms each batch at once or holds the confirmation until the test releases it. Tables behave as OpenFlow's:
 * an added rule replaces the rule of its slot (table, priority, match), a removal removes whatever holds the slot.
 * Switches may be joined by links the test sets, as discovery would report them.
 */
public final class FakeSouthbound implements Southbound {

    /** The switch connected unless a test says otherwise. */
    public static final DeviceId SWITCH = DeviceId.deviceId("of:0000000000000001");

    private final Set<DeviceId> connected = new HashSet<>();
    private final Map<DeviceId, Set<FlowRule>> tables = new HashMap<>();
    private final List<RuleDelta> deltas = new ArrayList<>();
    private final List<DeviceId> deltaDevices = new ArrayList<>();
    private final Set<Link> links = new HashSet<>();
    private final Set<ConnectPoint> downPorts = new HashSet<>();
    private final List<Ethernet> sentFrames = new ArrayList<>();
    private final List<ConnectPoint> sentPorts = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private final List<DeviceId> heldDevices = new ArrayList<>();
    private final List<Runnable> heldChanges = new ArrayList<>();
    private boolean holdConfirmations;
    private boolean applyOnConfirm;
    private long packetsPerRule;
    private long bytesPerRule;
    private SwitchCapabilities capabilities = SwitchCapabilities.perHost();
    private final List<Ethernet> injected = new ArrayList<>();
    private final List<ConnectPoint> injectedPorts = new ArrayList<>();
    private final List<String> forgottenZones = new ArrayList<>();

    /**
     * Creates a southbound with {@link #SWITCH} connected.
     */
    public FakeSouthbound() {
        connected.add(SWITCH);
    }

    @Override
    public synchronized Set<DeviceId> switches() {
        return Set.copyOf(connected);
    }

    @Override
    public synchronized boolean isAvailable(DeviceId device) {
        return connected.contains(device);
    }

    @Override
    public synchronized SwitchCapabilities capabilities(DeviceId device) {
        return capabilities;
    }

    /**
     * Makes every switch report other capabilities.
     *
     * @param caps capabilities
     */
    public synchronized void capabilities(SwitchCapabilities caps) {
        capabilities = caps;
    }

    @Override
    public synchronized CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        return batch(device, () -> tables.put(device, new HashSet<>(rules)));
    }

    @Override
    public synchronized CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        deltas.add(delta);
        deltaDevices.add(device);
        return batch(device, () -> {
            Set<FlowRule> table = tables.computeIfAbsent(device, d -> new HashSet<>());
            table.removeAll(delta.toRemove());
            table.removeAll(delta.toAdd());
            table.addAll(delta.toAdd());
        });
    }

    @Override
    public synchronized Set<Link> links() {
        return Set.copyOf(links);
    }

    @Override
    public synchronized boolean isPortUp(ConnectPoint port) {
        return !downPorts.contains(port);
    }

    /**
     * Sets the links discovery reports; the runtime hears of it from the test.
     *
     * @param now links, one per direction
     */
    public synchronized void links(Collection<Link> now) {
        links.clear();
        links.addAll(now);
    }

    /**
     * Marks a port down (or up again).
     *
     * @param port switch port
     * @param down true when down
     */
    public synchronized void portDown(ConnectPoint port, boolean down) {
        if (down) {
            downPorts.add(port);
        } else {
            downPorts.remove(port);
        }
    }

    /**
     * Returns the switch each incremental change went to, in the order of {@link #deltas()}.
     *
     * @return switches
     */
    public synchronized List<DeviceId> deltaDevices() {
        return List.copyOf(deltaDevices);
    }

    /**
     * Holds every batch from now on and changes a switch's table only when the batch is confirmed, so a test
     * chooses the order in which switches carry out what they were sent.
     */
    public synchronized void applyOnConfirm() {
        holdConfirmations = true;
        applyOnConfirm = true;
    }

    /**
     * Returns the switches that have batches held, in the order of their oldest.
     *
     * @return switches
     */
    public synchronized List<DeviceId> heldSwitches() {
        return heldDevices.stream().distinct().collect(Collectors.toList());
    }

    /**
     * Carries out and confirms the oldest held batch of one switch (a switch takes its batches in order).
     *
     * @param device switch
     */
    public void confirmNextOn(DeviceId device) {
        CompletableFuture<Void> next;
        synchronized (this) {
            int i = heldDevices.indexOf(device);
            if (i < 0) {
                throw new IllegalStateException("nothing held for " + device);
            }
            heldDevices.remove(i);
            heldChanges.remove(i).run();
            next = held.remove(i);
        }
        next.complete(null);
    }

    /**
     * Confirms every held batch sent to one switch, and holds the others.
     *
     * @param device switch
     */
    public void confirmHeldOn(DeviceId device) {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        synchronized (this) {
            for (int i = held.size() - 1; i >= 0; i--) {
                if (heldDevices.get(i).equals(device)) {
                    released.add(0, held.remove(i));
                    heldDevices.remove(i);
                    heldChanges.remove(i).run();
                }
            }
        }
        released.forEach(f -> f.complete(null));
    }

    /**
     * Confirms the oldest held batch only.
     *
     * @return the switch it was sent to, empty when none is held
     */
    public Optional<DeviceId> confirmOldest() {
        CompletableFuture<Void> oldest;
        DeviceId device;
        synchronized (this) {
            if (held.isEmpty()) {
                return Optional.empty();
            }
            oldest = held.remove(0);
            device = heldDevices.remove(0);
            heldChanges.remove(0).run();
        }
        oldest.complete(null);
        return Optional.of(device);
    }

    @Override
    public synchronized Collection<FlowEntry> flowEntries(DeviceId device) {
        return table(device).stream()
                .map(r -> new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED, 10, packetsPerRule, bytesPerRule))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized void packetOut(ConnectPoint port, Ethernet frame) {
        sentFrames.add(frame);
        sentPorts.add(port);
    }

    @Override
    public synchronized void forgetConnections(DeviceId device, int zone) {
        forgottenZones.add(device + " zone " + zone);
    }

    /**
     * Returns the conntrack zones flushed so far, as "switch zone N", in order.
     *
     * @return flushed zones
     */
    public synchronized List<String> forgottenZones() {
        return List.copyOf(forgottenZones);
    }

    @Override
    public synchronized void packetThroughPipeline(ConnectPoint inPort, Ethernet frame) {
        injected.add(frame);
        injectedPorts.add(inPort);
        notifyAll();
    }

    /**
     * Waits until at least a number of frames were sent through a pipeline.
     *
     * @param count   frames
     * @param timeout most time to wait
     * @return the frames sent through pipelines, in order
     * @throws InterruptedException when interrupted
     */
    public synchronized List<Ethernet> awaitInjected(int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (injected.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(injected);
    }

    /**
     * Returns the port each frame sent through a pipeline seemed to come in on, in order.
     *
     * @return ports
     */
    public synchronized List<ConnectPoint> injectedPorts() {
        return List.copyOf(injectedPorts);
    }

    /**
     * Returns the port each frame of {@link #sentFrames()} went out of, in the same order.
     *
     * @return ports
     */
    public synchronized List<ConnectPoint> sentPorts() {
        return List.copyOf(sentPorts);
    }

    /**
     * Connects another switch; the runtime hears of it from the test.
     *
     * @param device switch
     */
    public synchronized void connect(DeviceId device) {
        connected.add(device);
    }

    /**
     * Disconnects a switch; the runtime hears of it from the test.
     *
     * @param device switch
     */
    public synchronized void disconnect(DeviceId device) {
        connected.remove(device);
    }

    /**
     * Returns a switch's table as the runtime left it.
     *
     * @param device switch
     * @return rules
     */
    public synchronized Set<FlowRule> table(DeviceId device) {
        return Set.copyOf(tables.getOrDefault(device, Set.of()));
    }

    /**
     * Returns every incremental change applied, in order.
     *
     * @return deltas
     */
    public synchronized List<RuleDelta> deltas() {
        return List.copyOf(deltas);
    }

    /**
     * Returns every frame sent out of a switch port, in order.
     *
     * @return frames
     */
    public synchronized List<Ethernet> sentFrames() {
        return List.copyOf(sentFrames);
    }

    /** Forgets the frames sent so far. */
    public synchronized void clearSentFrames() {
        sentFrames.clear();
        sentPorts.clear();
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
        applyOnConfirm = false;
        List<CompletableFuture<Void>> released = new ArrayList<>(held);
        heldChanges.forEach(Runnable::run);
        held.clear();
        heldDevices.clear();
        heldChanges.clear();
        return released;
    }

    // A switch carries out a batch when it receives it, unless the test chooses when (applyOnConfirm).
    private CompletableFuture<Void> batch(DeviceId device, Runnable change) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!applyOnConfirm) {
            change.run();
        }
        if (!holdConfirmations) {
            done.complete(null);
            return done;
        }
        held.add(done);
        heldDevices.add(device);
        heldChanges.add(applyOnConfirm ? change : () -> { });
        return done;
    }
}
