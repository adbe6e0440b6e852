package org.tenantnat.standalone.openflow;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import org.onlab.packet.Ethernet;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.runtime.Southbound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The standalone host's {@link Southbound}: programs switches connected to an {@link OpenFlowController}. Our flows
 * are those whose cookie carries our application id in its top 16 bits (as ONOS flow ids do); flows of anyone else
 * are never read, changed or deleted.
 */
public final class OpenFlowSouthbound implements Southbound {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowSouthbound.class);
    private static final long APP_COOKIE_MASK = 0xffff000000000000L;
    /** OFPM_ALL: a meter statistics request for every meter. */
    private static final long ALL_METERS = 0xffffffffL;

    private final OpenFlowController controller;
    private final long appCookie;
    private final Function<SwitchDescription, SwitchCapabilities> capabilities;
    private final LinkDiscovery discovery;
    private final FlowRuleEncoder encoder = new FlowRuleEncoder();
    /** Where reconciliations are planned and sent; idle threads end after a minute. */
    private final ExecutorService planner = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "tenantnat-reconcile");
        thread.setDaemon(true);
        return thread;
    });
    /** Per switch, the rule we want in each slot and the flow it becomes: maps switch flows back to rules. */
    private final Map<DeviceId, Map<FlowSlot, Installed>> installed = new ConcurrentHashMap<>();
    /** Per switch, the order in which reconciliations and deltas reach it. */
    private final Map<DeviceId, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * Creates the southbound.
     *
     * @param controller   controller the switches connect to
     * @param appId        our application id: the top 16 bits of every cookie of ours
     * @param capabilities how a switch expresses translations, decided from its description (the drivers module
     *                     tells Open vSwitch from a plain OpenFlow 1.3 switch)
     */
    public OpenFlowSouthbound(OpenFlowController controller, ApplicationId appId,
                              Function<SwitchDescription, SwitchCapabilities> capabilities) {
        this(controller, appId, capabilities, null);
    }

    /**
     * Creates the southbound with the links between its switches found by LLDP.
     *
     * @param controller   controller the switches connect to
     * @param appId        our application id: the top 16 bits of every cookie of ours
     * @param capabilities how a switch expresses translations, decided from its description
     * @param discovery    finds the links between the switches; null when none are looked for
     */
    public OpenFlowSouthbound(OpenFlowController controller, ApplicationId appId,
                              Function<SwitchDescription, SwitchCapabilities> capabilities, LinkDiscovery discovery) {
        this.controller = checkNotNull(controller, "controller");
        this.appCookie = ((long) checkNotNull(appId, "appId").id() & 0xffff) << 48;
        this.capabilities = checkNotNull(capabilities, "capabilities");
        this.discovery = discovery;
        controller.addListener(new SwitchListener() {
            @Override
            public void switchDisconnected(DeviceId device) {
                // A switch that comes back is reconciled from its own table: what we remembered of it (and the
                // rules it refers to) would only share the heap with the rules compiled for its return.
                installed.remove(device);
            }
        });
    }

    @Override
    public Set<Link> links() {
        return discovery == null ? Set.of() : discovery.links();
    }

    @Override
    public boolean isPortUp(ConnectPoint port) {
        return discovery == null || discovery.isPortUp(port);
    }

    @Override
    public Set<DeviceId> switches() {
        return controller.switches();
    }

    @Override
    public boolean isAvailable(DeviceId device) {
        return controller.getSwitch(device).isPresent();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the switch is not connected
     */
    @Override
    public SwitchCapabilities capabilities(DeviceId device) {
        return capabilities.apply(connected(device).description());
    }

    @Override
    public CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        return reconcilePlan(device, rules).thenApply(plan -> null);
    }

    /**
     * Reconciles a switch's table and returns what was done.
     *
     * @param device switch
     * @param rules  every rule of ours the switch must hold
     * @return completes with the executed plan on the barrier reply; fails with the reason otherwise
     */
    CompletableFuture<ReconcilePlan> reconcilePlan(DeviceId device, Set<FlowRule> rules) {
        Lane lane = lane(device);
        synchronized (lane) {
            CompletableFuture<ReconcilePlan> done = lane.idle() ? reconcileNow(device, rules)
                    : lane.tail.handle((ok, error) -> null)
                            .thenComposeAsync(ignored -> reconcileNow(device, rules), planner);
            lane.tail = done;
            return done;
        }
    }

    private CompletableFuture<ReconcilePlan> reconcileNow(DeviceId device, Set<FlowRule> rules) {
        OpenFlowSwitch sw;
        Map<FlowSlot, Installed> desired;
        CompletableFuture<List<OFFlowStatsEntry>> existingFlows;
        // What was installed before is replaced below: let it go now, so both never take up the heap at once.
        installed.remove(device);
        try {
            sw = connected(device);
            // Asked first: the switch dumps its table while the rules are being encoded.
            existingFlows = ourFlows(sw);
            desired = encodeAll(rules);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        installed.put(device, desired);
        Map<FlowKey, FlowRule> byKey = new HashMap<>(desired.size() * 2);
        Map<FlowRule, FlowKey> keys = new IdentityHashMap<>(desired.size() * 2);
        desired.values().forEach(i -> {
            byKey.put(i.key, i.rule);
            keys.put(i.rule, i.key);
        });
        // Planned and sent off the switch's I/O thread, which completes the statistics request: there, the batch's
        // writes would wait until the whole batch is encoded instead of reaching the switch as they are made.
        // The punt meters go on while the table is dumped; no rule is added before they are confirmed.
        return existingFlows.thenCombine(puntMeters(sw), (existing, ok) -> existing).thenComposeAsync(existing -> {
            ReconcilePlan plan = ReconcilePlan.of(byKey, existing);
            if (plan.isEmpty()) {
                log.info("{}: reconciled, {}", device, plan);
                return CompletableFuture.completedFuture(plan);
            }
            List<Supplier<OFFlowMod>> mods = new ArrayList<>(plan.toDelete().size() + plan.toAdd().size());
            plan.toDelete().forEach(e -> mods.add(() -> encoder.deleteStrict(e)));
            // Added from the keys already encoded, so no rule is encoded twice.
            plan.toAdd().forEach(r -> mods.add(() -> encoder.add(r, keys.get(r))));
            return sw.sendWithBarrier(builtWhenSent(mods)).thenApply(ok -> {
                log.info("{}: reconciled, {}; barrier confirmed", device, plan);
                return plan;
            });
        }, planner).whenComplete((plan, error) -> {
            if (error != null) {
                log.warn("{}: reconcile failed: {}", device, message(error));
            }
        });
    }

    /**
     * Puts the punt meters a switch's rules use on it, before the rules: a rule naming a meter the switch does not
     * hold is refused. A meter already right is left alone (its counters too).
     */
    private CompletableFuture<Void> puntMeters(OpenFlowSwitch sw) {
        SwitchCapabilities caps = capabilities.apply(sw.description());
        List<PuntMeter> used = Arrays.stream(PuntMeter.values())
                .filter(m -> caps.puntMeter(m.reason()).filter(m.id()::equals).isPresent())
                .collect(Collectors.toList());
        if (used.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        OFFactory factory = sw.factory();
        return sw.stats(factory.buildMeterConfigStatsRequest().setMeterId(ALL_METERS).build())
                // A switch may answer "unknown meter" instead of an empty list.
                .handle((replies, error) -> error != null ? List.<OFMeterConfig>of()
                        : replies.stream().flatMap(r -> r.getEntries().stream()).collect(Collectors.toList()))
                .thenCompose(reported -> {
                    List<OFMeterMod> mods = used.stream().map(m -> m.modFor(factory, reported))
                            .flatMap(Optional::stream).collect(Collectors.toList());
                    if (mods.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return sw.sendWithBarrier(mods).thenRun(() -> mods.forEach(
                            mod -> log.info("{}: punt meter {} {}", sw.deviceId(), mod.getMeterId(),
                                            mod.getCommand() == OFMeterModCommand.ADD ? "added" : "corrected")));
                });
    }

    @Override
    public CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        Lane lane = lane(device);
        synchronized (lane) {
            if (lane.idle()) {
                // Sent at once, under the lane's lock: a reconciliation started later dumps the table after it.
                return applyNow(device, delta);
            }
            // A reconciliation is planning from a table dumped before this delta: sent now, the delta's removals
            // would be undone by the plan and its bookkeeping replaced. It follows the reconciliation instead.
            CompletableFuture<Void> done = lane.tail.handle((ok, error) -> null)
                    .thenComposeAsync(ignored -> applyNow(device, delta), planner);
            lane.tail = done;
            return done;
        }
    }

    private CompletableFuture<Void> applyNow(DeviceId device, RuleDelta delta) {
        OpenFlowSwitch sw;
        List<Supplier<OFFlowMod>> mods = new ArrayList<>(delta.toRemove().size() + delta.toAdd().size());
        List<FlowSlot> removedSlots = new ArrayList<>(delta.toRemove().size());
        Map<FlowSlot, Installed> added;
        try {
            sw = connected(device);
            for (FlowRule removed : delta.toRemove()) {
                // Each rule is encoded once: its slot serves the delete and the bookkeeping below.
                FlowSlot slot = new FlowSlot(removed.tableId(), removed.priority(),
                                             encoder.match(checkOurs(removed)));
                removedSlots.add(slot);
                long cookie = removed.id().value();
                mods.add(() -> encoder.deleteStrict(slot, cookie));
            }
            added = encodeAll(delta.toAdd());
            added.values().forEach(i -> mods.add(() -> encoder.add(i.rule, i.key)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<FlowSlot, Installed> rules = installed.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
        Iterator<FlowSlot> slots = removedSlots.iterator();
        for (FlowRule removed : delta.toRemove()) {
            FlowSlot slot = slots.next();
            Installed before = rules.get(slot);
            if (before != null && before.rule.id().equals(removed.id())) {
                rules.remove(slot);
            }
        }
        rules.putAll(added);
        if (mods.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return sw.sendWithBarrier(builtWhenSent(mods)).whenComplete((ok, error) -> {
            if (error == null) {
                log.info("{}: {} rules removed, {} added; barrier confirmed", device, delta.toRemove().size(),
                         delta.toAdd().size());
            } else {
                log.warn("{}: applying {} failed: {}", device, delta, message(error));
            }
        });
    }

    /**
     * {@inheritDoc} Only flows that are exactly a rule we installed (same slot, cookie and instructions) are
     * reported. Blocks until the switch answers; empty when it is not connected or does not answer.
     */
    @Override
    public Collection<FlowEntry> flowEntries(DeviceId device) {
        OpenFlowSwitch sw = controller.getSwitch(device).orElse(null);
        if (sw == null) {
            return List.of();
        }
        List<OFFlowStatsEntry> flows;
        try {
            flows = ourFlows(sw).get(controller.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: no flow statistics: {}", device, message(e));
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        Map<FlowSlot, Installed> rules = installed.getOrDefault(device, Map.of());
        List<FlowEntry> entries = new ArrayList<>();
        for (OFFlowStatsEntry flow : flows) {
            FlowKey key = FlowKey.of(flow);
            Installed rule = rules.get(key.slot());
            if (rule != null && rule.key.equals(key)) {
                entries.add(new DefaultFlowEntry(rule.rule, FlowEntry.FlowEntryState.ADDED, flow.getDurationSec(),
                                                 flow.getPacketCount().getValue(), flow.getByteCount().getValue()));
            }
        }
        return ImmutableList.copyOf(entries);
    }

    /**
     * Returns how many of our rules each connected switch has been told to hold (sent, and confirmed by a barrier
     * unless a batch failed, which the access intents then report).
     *
     * @return rules per connected switch
     */
    public Map<DeviceId, Integer> ruleCounts() {
        Map<DeviceId, Integer> counts = new HashMap<>();
        for (DeviceId device : controller.switches()) {
            counts.put(device, installed.getOrDefault(device, Map.of()).size());
        }
        return counts;
    }

    /**
     * {@inheritDoc} Logged and dropped when the switch is not connected or the port is not a switch port.
     */
    @Override
    public void packetOut(ConnectPoint port, Ethernet frame) {
        OpenFlowSwitch sw = controller.getSwitch(port.deviceId()).orElse(null);
        if (sw == null) {
            log.warn("packet-out to {} dropped: switch not connected", port);
            return;
        }
        OFPort outPort;
        try {
            outPort = FlowRuleEncoder.ofPort(port.port());
        } catch (IllegalArgumentException e) {
            log.warn("packet-out to {} dropped: {}", port, e.getMessage());
            return;
        }
        OFFactory factory = sw.factory();
        sw.send(factory.buildPacketOut()
                        .setXid(sw.nextXid())
                        .setBufferId(OFBufferId.NO_BUFFER)
                        .setInPort(OFPort.CONTROLLER)
                        .setActions(List.of(factory.actions().output(outPort, 0)))
                        .setData(frame.serialize())
                        .build());
    }

    /**
     * {@inheritDoc} A packet-out whose one action is output to TABLE, with the port as its in_port. Logged and
     * dropped when the switch is not connected.
     */
    @Override
    public void packetThroughPipeline(ConnectPoint inPort, Ethernet frame) {
        OpenFlowSwitch sw = controller.getSwitch(inPort.deviceId()).orElse(null);
        if (sw == null) {
            log.warn("packet through the pipeline of {} dropped: switch not connected", inPort.deviceId());
            return;
        }
        OFFactory factory = sw.factory();
        sw.send(factory.buildPacketOut()
                        .setXid(sw.nextXid())
                        .setBufferId(OFBufferId.NO_BUFFER)
                        .setInPort(FlowRuleEncoder.ofPort(inPort.port()))
                        .setActions(List.of(factory.actions().output(OFPort.TABLE, 0)))
                        .setData(frame.serialize())
                        .build());
    }

    /**
     * {@inheritDoc} Packet-outs as {@link #packetThroughPipeline} sends them, encoded together and written in a few
     * writes. Logged and dropped when the switch is not connected.
     */
    @Override
    public void packetsThroughPipeline(ConnectPoint inPort, List<Ethernet> frames) {
        OpenFlowSwitch sw = controller.getSwitch(inPort.deviceId()).orElse(null);
        if (sw == null) {
            log.warn("{} packets through the pipeline of {} dropped: switch not connected", frames.size(),
                     inPort.deviceId());
            return;
        }
        OFFactory factory = sw.factory();
        OFPort port = FlowRuleEncoder.ofPort(inPort.port());
        List<OFAction> toTable = List.of(factory.actions().output(OFPort.TABLE, 0));
        List<OFPacketOut> packets = new ArrayList<>(frames.size());
        for (Ethernet frame : frames) {
            packets.add(factory.buildPacketOut()
                                .setBufferId(OFBufferId.NO_BUFFER)
                                .setInPort(port)
                                .setActions(toTable)
                                .setData(frame.serialize())
                                .build());
        }
        sw.sendAll(packets);
    }

    /**
     * Takes note that a switch removed one of our flows, and tells which rule it was.
     *
     * @param device  switch
     * @param removed the switch's message
     * @return the rule, when the flow was ours and was in place; it is no longer counted as installed
     */
    public Optional<FlowRule> flowRemoved(DeviceId device, OFFlowRemoved removed) {
        Map<FlowSlot, Installed> rules = installed.get(device);
        if (rules == null || (removed.getCookie().getValue() & APP_COOKIE_MASK) != appCookie) {
            return Optional.empty();
        }
        FlowSlot slot = new FlowSlot(removed.getTableId().getValue(), removed.getPriority(), removed.getMatch());
        Installed rule = rules.get(slot);
        if (rule == null || rule.rule.id().value() != removed.getCookie().getValue()) {
            return Optional.empty();
        }
        rules.remove(slot, rule);
        return Optional.of(rule.rule);
    }

    private CompletableFuture<List<OFFlowStatsEntry>> ourFlows(OpenFlowSwitch sw) {
        return sw.stats(sw.factory().buildFlowStatsRequest()
                                .setTableId(TableId.ALL)
                                .setOutPort(OFPort.ANY)
                                .setOutGroup(OFGroup.ANY)
                                .setCookie(U64.of(appCookie))
                                .setCookieMask(U64.of(APP_COOKIE_MASK))
                                .build())
                .thenApply(replies -> {
                    List<OFFlowStatsEntry> flows = new ArrayList<>();
                    for (OFFlowStatsReply reply : replies) {
                        flows.addAll(reply.getEntries());
                    }
                    return flows;
                });
    }

    private Map<FlowSlot, Installed> encodeAll(Collection<FlowRule> rules) {
        Map<FlowSlot, Installed> encoded = new ConcurrentHashMap<>(rules.size() * 2);
        for (FlowRule rule : rules) {
            Installed wanted = new Installed(checkOurs(rule), encoder.key(rule));
            Installed other = encoded.put(wanted.key.slot(), wanted);
            if (other != null) {
                throw new IllegalArgumentException("rules " + other.rule.id() + " and " + rule.id()
                                                           + " occupy the same slot " + wanted.key.slot());
            }
        }
        return encoded;
    }

    /** A rule whose cookie lacks our app id would be invisible to reconcile and could hit a foreign flow. */
    private FlowRule checkOurs(FlowRule rule) {
        if ((rule.id().value() & APP_COOKIE_MASK) != appCookie) {
            throw new IllegalArgumentException(String.format(
                    "rule %s: cookie 0x%x does not carry our application id 0x%x", rule.id(), rule.id().value(),
                    appCookie >>> 48));
        }
        return rule;
    }

    private Lane lane(DeviceId device) {
        return lanes.computeIfAbsent(device, d -> new Lane());
    }

    /**
     * What is still on its way to one switch. Deltas are sent as soon as they are made, in the order they are made;
     * only a reconciliation, which plans from a dump of the table, makes what comes after it wait for its barrier.
     */
    private static final class Lane {
        /** The last reconciliation, or the last delta queued behind one. */
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

        boolean idle() {
            return tail.isDone();
        }
    }

    @Override
    public void forgetConnections(DeviceId device, int zone) {
        OpenFlowSwitch sw = controller.getSwitch(device).orElse(null);
        if (sw == null || capabilities.apply(sw.description()).conntrack().isEmpty()) {
            log.info("{}: conntrack zone {} left to the switch's timeouts: {}", device, zone,
                     sw == null ? "not connected" : "no connection tracker");
            return;
        }
        sw.sendWithBarrier(List.of(new ConntrackZoneFlush(sw.factory().getVersion(), sw.nextXid(), zone)))
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        log.info("{}: conntrack zone {} flushed", device, zone);
                    } else {
                        log.warn("{}: conntrack zone {} not flushed: {}", device, zone, message(error));
                    }
                });
    }

    private OpenFlowSwitch connected(DeviceId device) {
        return controller.getSwitch(device)
                .orElseThrow(() -> new IllegalArgumentException("switch " + device + " is not connected"));
    }

    /**
     * The flow-mods of a batch, each built as the switch connection writes it: built up front, the flow-mods of a
     * 200,000-rule change (a match object of about 600 bytes each) would all be on the heap at once.
     */
    private static List<OFFlowMod> builtWhenSent(List<Supplier<OFFlowMod>> mods) {
        return Lists.transform(mods, Supplier::get);
    }

    private static String message(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return Objects.toString(cause.getMessage(), cause.toString());
    }

    /** A rule we want on a switch and the flow it becomes there. */
    private static final class Installed {
        private final FlowRule rule;
        private final FlowKey key;

        private Installed(FlowRule rule, FlowKey key) {
            this.rule = rule;
            this.key = key;
        }
    }
}
