package org.tenantnat.impl;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Streams;
import org.onlab.packet.Ethernet;
import org.onlab.util.ItemNotFoundException;
import org.onosproject.core.ApplicationId;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.driver.DriverHandler;
import org.onosproject.net.driver.DriverService;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.FlowRuleStoreException;
import org.onosproject.net.link.LinkService;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.onosproject.net.packet.PacketService;
import org.slf4j.Logger;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.runtime.Southbound;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkArgument;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * The switches as this ONOS node sees them: the available OpenFlow switches it masters, programmed through
 * FlowRuleService (which keeps ONOS's flow store and the switches in step), described by their drivers, reached
 * for packet-out through PacketService, and joined by the links ONOS discovered (LinkService: LLDP through ONOS's
 * link provider, or links from network config).
 */
public final class OnosSouthbound implements Southbound {

    private final Logger log = getLogger(getClass());

    private final ApplicationId appId;
    private final DeviceService deviceService;
    private final MastershipService mastershipService;
    private final FlowRuleService flowRuleService;
    private final DriverService driverService;
    private final PacketService packetService;
    private final LinkService linkService;
    private volatile boolean packetOut = true;

    /**
     * Creates the southbound.
     *
     * @param appId             application id our rules carry
     * @param deviceService     device inventory
     * @param mastershipService mastership of devices in the cluster
     * @param flowRuleService   flow rule programming
     * @param driverService     device drivers
     * @param packetService     packet-out
     */
    public OnosSouthbound(ApplicationId appId, DeviceService deviceService, MastershipService mastershipService,
                          FlowRuleService flowRuleService, DriverService driverService,
                          PacketService packetService) {
        this(appId, deviceService, mastershipService, flowRuleService, driverService, packetService, null);
    }

    /**
     * Creates the southbound with the links between switches.
     *
     * @param appId             application id our rules carry
     * @param deviceService     device inventory
     * @param mastershipService mastership of devices in the cluster
     * @param flowRuleService   flow rule programming
     * @param driverService     device drivers
     * @param packetService     packet-out
     * @param linkService       links between switches; null when none are used (every switch stands alone)
     */
    public OnosSouthbound(ApplicationId appId, DeviceService deviceService, MastershipService mastershipService,
                          FlowRuleService flowRuleService, DriverService driverService,
                          PacketService packetService, LinkService linkService) {
        this.linkService = linkService;
        this.appId = appId;
        this.deviceService = deviceService;
        this.mastershipService = mastershipService;
        this.flowRuleService = flowRuleService;
        this.driverService = driverService;
        this.packetService = packetService;
    }

    /**
     * Tells whether this node programs a switch now: it is available and this node is its master.
     *
     * @param device switch
     * @return true when this node programs it
     */
    public boolean programsHere(DeviceId device) {
        Device d = deviceService.getDevice(device);
        return d != null && d.type() == Device.Type.SWITCH && deviceService.isAvailable(device)
                && mastershipService.isLocalMaster(device);
    }

    @Override
    public Set<DeviceId> switches() {
        return Streams.stream(deviceService.getAvailableDevices(Device.Type.SWITCH))
                .map(Device::id)
                .filter(mastershipService::isLocalMaster)
                .collect(ImmutableSet.toImmutableSet());
    }

    @Override
    public boolean isAvailable(DeviceId device) {
        return deviceService.isAvailable(device);
    }

    @Override
    public Set<Link> links() {
        if (linkService == null) {
            return Set.of();
        }
        return Streams.stream(linkService.getActiveLinks())
                .filter(l -> l.type() == Link.Type.DIRECT || l.type() == Link.Type.INDIRECT)
                .collect(ImmutableSet.toImmutableSet());
    }

    @Override
    public boolean isPortUp(ConnectPoint port) {
        Port p = deviceService.getPort(port);
        return p == null || p.isEnabled();
    }

    @Override
    public SwitchCapabilities capabilities(DeviceId device) {
        try {
            DriverHandler handler = driverService.createHandler(device);
            if (handler.hasBehaviour(TranslationCapabilitiesBehaviour.class)) {
                return handler.behaviour(TranslationCapabilitiesBehaviour.class).capabilities();
            }
            log.debug("{}: driver {} has no translation behaviour; per-host rewrites", device,
                      handler.driver().name());
        } catch (ItemNotFoundException | IllegalArgumentException e) {
            log.warn("{}: no usable driver ({}); per-host rewrites", device, e.getMessage());
        }
        return SwitchCapabilities.perHost();
    }

    @Override
    public CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules) {
        Map<FlowRule, FlowRule> desiredByMatch = new HashMap<>();
        rules.forEach(r -> desiredByMatch.put(r, r));
        Set<FlowRule> toRemove = new HashSet<>();
        Set<FlowRule> toAdd = new HashSet<>(rules);
        for (FlowEntry entry : ours(device)) {
            // FlowRule equality is device, table, priority and match; exactMatch adds the treatment.
            FlowRule wanted = desiredByMatch.get(entry);
            if (wanted == null || !wanted.id().equals(entry.id())) {
                // Not wanted, or in the slot of a rule that now carries another cookie (another tenant's).
                toRemove.add(entry);
            } else if (wanted.exactMatch(entry) && isInstalledOrPending(entry)) {
                toAdd.remove(wanted);
            }
        }
        log.debug("{}: reconcile removes {}, adds {} of {}", device, toRemove.size(), toAdd.size(), rules.size());
        return apply(device, new RuleDelta(toRemove, toAdd));
    }

    private static boolean isInstalledOrPending(FlowEntry entry) {
        return entry.state() == FlowEntry.FlowEntryState.ADDED
                || entry.state() == FlowEntry.FlowEntryState.PENDING_ADD;
    }

    @Override
    public CompletableFuture<Void> apply(DeviceId device, RuleDelta delta) {
        checkArgument(onlyFor(device, delta.toRemove()) && onlyFor(device, delta.toAdd()),
                      "delta for %s holds rules of other devices", device);
        if (delta.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        delta.toRemove().forEach(ops::remove);
        // A new stage: ONOS sends the next stage only once the switch has confirmed the removals.
        ops.newStage();
        delta.toAdd().forEach(ops::add);
        CompletableFuture<Void> done = new CompletableFuture<>();
        flowRuleService.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations operations) {
                done.complete(null);
            }

            @Override
            public void onError(FlowRuleOperations failed) {
                int count = failed.stages().stream().mapToInt(Set::size).sum();
                done.completeExceptionally(new IllegalStateException(
                        device + " rejected " + count + " of " + (delta.toRemove().size() + delta.toAdd().size())
                                + " rule operations"));
            }
        }));
        return done;
    }

    private static boolean onlyFor(DeviceId device, Set<FlowRule> rules) {
        return rules.stream().allMatch(r -> r.deviceId().equals(device));
    }

    /**
     * Returns our rules on a switch with their latest counters, from ONOS's cluster-wide flow store (a node that
     * does not master the switch gets them from its master), so every node counts every switch alike. While a
     * switch has no master (during a mastership change) its counters are left out.
     *
     * @param device switch
     * @return flow entries
     */
    @Override
    public Collection<FlowEntry> flowEntries(DeviceId device) {
        try {
            return ours(device);
        } catch (FlowRuleStoreException e) {
            log.warn("{}: flow counters not readable now ({})", device, e.toString());
            return List.of();
        }
    }

    private List<FlowEntry> ours(DeviceId device) {
        return Streams.stream(flowRuleService.getFlowEntries(device))
                .filter(e -> e.appId() == appId.id())
                .collect(Collectors.toList());
    }

    /**
     * Turns packet-out on or off. The runtime sends frames to answer and resolve ARP and to pass on translated ICMP
     * errors; with ARP handling off (the packet processor is then unregistered too) nothing is sent.
     *
     * @param enabled whether frames are sent
     */
    public void setPacketOut(boolean enabled) {
        this.packetOut = enabled;
    }

    /**
     * {@inheritDoc} Through PacketService with output to TABLE and the port as the packet's in port (ONOS's
     * OpenFlow provider sets the packet-out's in_port from it).
     */
    @Override
    public void packetThroughPipeline(ConnectPoint inPort, Ethernet frame) {
        packetService.emit(new DefaultOutboundPacket(
                inPort.deviceId(), DefaultTrafficTreatment.builder().setOutput(PortNumber.TABLE).build(),
                ByteBuffer.wrap(frame.serialize()), inPort.port()));
    }

    @Override
    public void packetOut(ConnectPoint port, Ethernet frame) {
        if (!packetOut) {
            log.debug("ARP handling is off: not sending {} out of {}", frame, port);
            return;
        }
        packetService.emit(new DefaultOutboundPacket(
                port.deviceId(), DefaultTrafficTreatment.builder().setOutput(port.port()).build(),
                ByteBuffer.wrap(frame.serialize())));
    }
}
