package org.tenantnat.standalone.openflow;

import com.google.common.collect.ImmutableSet;
import org.onlab.packet.ChassisId;
import org.onlab.packet.Ethernet;
import org.onlab.packet.MacAddress;
import org.onlab.packet.ONOSLLDP;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.provider.ProviderId;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Finds the links between the standalone host's switches as ONOS does: an LLDP probe (ONOS's own format, signed with a
 * secret of this host and stamped with the time it left, so a probe cannot be forged or replayed) goes out of every
 * port of every switch, and a probe that comes back in on another switch's port is a link, one direction. A flow that
 * sends LLDP to the controller sits above everything in the first table; it carries a cookie of its own, so
 * reconciling the pipeline's rules never touches it, and it is added only when the switch does not hold it already. A
 * port going down or being deleted takes its links away at once; a link not heard of within three probe intervals goes
 * too.
 */
public final class LinkDiscovery implements SwitchListener {

    /** Time between two probes of every port. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** A link not confirmed by a probe for this long is gone. */
    public static final Duration LINK_TIMEOUT = PROBE_INTERVAL.multipliedBy(3).plusMillis(500);
    /** Cookie of the LLDP flow: an application id (top 16 bits) that is not the pipeline's. */
    static final long COOKIE = 0x7e1bL << 48;

    private static final Logger log = LoggerFactory.getLogger(LinkDiscovery.class);
    private static final ProviderId PROVIDER = new ProviderId("lldp", "org.tenantnat.standalone");
    private static final MacAddress LLDP_MULTICAST = MacAddress.valueOf("01:80:c2:00:00:0e");
    private static final int LLDP_PRIORITY = 65000;
    private static final int NO_BUFFER = 0xffff;

    private final OpenFlowController controller;
    private final int table;
    private final Runnable changed;
    private final String secret;
    private final Map<ConnectPoint, Boolean> ports = new ConcurrentHashMap<>();
    private final Map<Link, Long> links = new ConcurrentHashMap<>();
    private volatile Predicate<ConnectPoint> probed = p -> true;
    private ScheduledExecutorService timer;

    /**
     * Creates discovery.
     *
     * @param controller the switches
     * @param table      the table the LLDP flow goes into (the pipeline's first)
     * @param changed    told when the links or the ports' states change
     */
    public LinkDiscovery(OpenFlowController controller, int table, Runnable changed) {
        this.controller = checkNotNull(controller, "controller");
        this.table = table;
        this.changed = checkNotNull(changed, "changed");
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        this.secret = Base64.getEncoder().encodeToString(key);
    }

    /**
     * Chooses the ports that are probed: not where customers or services attach (probes would reach them), nor
     * the ends of links the desired state declares (those switches are not to be probed).
     *
     * @param which tells whether a port may be probed
     */
    public void probeOnly(Predicate<ConnectPoint> which) {
        probed = checkNotNull(which, "which");
    }

    /** Starts probing every switch port periodically. */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tenantnat-lldp");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::round, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                                         TimeUnit.MILLISECONDS);
        }
    }

    /** Stops probing. */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /**
     * Returns the links found, one per direction.
     *
     * @return links
     */
    public Set<Link> links() {
        return ImmutableSet.copyOf(links.keySet());
    }

    /**
     * Tells whether a port is up, as its switch last said.
     *
     * @param port switch port
     * @return false when down or deleted; true when up or not known
     */
    public boolean isPortUp(ConnectPoint port) {
        return ports.getOrDefault(port, true);
    }

    @Override
    public void switchConnected(DeviceId device, SwitchDescription description) {
        controller.getSwitch(device).ifPresent(sw -> {
            OFFactory f = sw.factory();
            Match lldp = f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.LLDP).build();
            List<OFInstruction> toController = List.of(f.instructions().applyActions(List.of(
                    f.actions().output(OFPort.CONTROLLER, NO_BUFFER))));
            // A switch that kept the flow while the host was away keeps it as it is: adding it again would restart
            // its age, and the flows of a switch that outlived its controller are left untouched.
            sw.stats(f.buildFlowStatsRequest().setTableId(TableId.of(table)).setOutPort(OFPort.ANY)
                             .setOutGroup(OFGroup.ANY).setCookie(U64.of(COOKIE)).setCookieMask(U64.of(-1L))
                             .setMatch(lldp).build())
                    .thenCompose(replies -> replies.stream().flatMap(r -> r.getEntries().stream())
                            .anyMatch(e -> e.getPriority() == LLDP_PRIORITY
                                    && toController.equals(e.getInstructions()))
                            ? CompletableFuture.<Void>completedFuture(null)
                            : sw.sendWithBarrier(List.of(f.buildFlowAdd()
                                    .setTableId(TableId.of(table))
                                    .setPriority(LLDP_PRIORITY)
                                    .setCookie(U64.of(COOKIE))
                                    .setBufferId(OFBufferId.NO_BUFFER)
                                    .setMatch(lldp)
                                    .setInstructions(toController)
                                    .build())))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            log.warn("{}: no LLDP flow, its links will not be discovered: {}", device,
                                     error.getMessage());
                        }
                    });
            sw.stats(f.buildPortDescStatsRequest().build()).whenComplete((replies, error) -> {
                if (error == null) {
                    ports(device, replies);
                }
            });
        });
    }

    @Override
    public void switchDisconnected(DeviceId device) {
        ports.keySet().removeIf(p -> p.deviceId().equals(device));
        if (links.keySet().removeIf(l -> l.src().deviceId().equals(device) || l.dst().deviceId().equals(device))) {
            changed.run();
        }
    }

    @Override
    public void portChanged(ConnectPoint port, boolean up) {
        Boolean was = ports.put(port, up);
        boolean gone = !up && links.keySet().removeIf(l -> l.src().equals(port) || l.dst().equals(port));
        if (gone || (was != null && was != up)) {
            log.info("{} is {}{}", port, up ? "up" : "down", gone ? ": its links are gone" : "");
            changed.run();
        }
        if (up) {
            probe(port);
        }
    }

    @Override
    public void packetIn(ConnectPoint port, Ethernet frame) {
        if (frame.getEtherType() != Ethernet.TYPE_LLDP) {
            return;
        }
        ONOSLLDP probe = ONOSLLDP.parseONOSLLDP(frame);
        if (probe == null || probe.getDeviceString() == null || probe.getPort() == null) {
            return;
        }
        if (!ONOSLLDP.verify(probe, secret, LINK_TIMEOUT.toMillis())) {
            log.warn("{}: dropped an LLDP probe that this host did not send (or sent too long ago)", port);
            return;
        }
        ConnectPoint from = new ConnectPoint(DeviceId.deviceId(probe.getDeviceString()),
                                             PortNumber.portNumber(probe.getPort()));
        Link link = DefaultLink.builder().providerId(PROVIDER).src(from).dst(port).type(Link.Type.DIRECT)
                .state(Link.State.ACTIVE).build();
        if (links.put(link, System.nanoTime()) == null) {
            log.info("link {} -> {} discovered", from, port);
            changed.run();
        }
    }

    private void ports(DeviceId device, List<OFPortDescStatsReply> replies) {
        for (OFPortDescStatsReply reply : replies) {
            for (OFPortDesc desc : reply.getEntries()) {
                if (isPhysical(desc.getPortNo())) {
                    ConnectPoint port = new ConnectPoint(device,
                                                         PortNumber.portNumber(desc.getPortNo().getPortNumber()));
                    ports.put(port, !desc.getState().contains(OFPortState.LINK_DOWN)
                            && !desc.getConfig().contains(OFPortConfig.PORT_DOWN));
                }
            }
        }
        ports.forEach((port, up) -> {
            if (up && port.deviceId().equals(device)) {
                probe(port);
            }
        });
    }

    // One probe of every port that is up, then links not heard of lately are let go.
    private void round() {
        try {
            ports.forEach((port, up) -> {
                if (up) {
                    probe(port);
                }
            });
            long oldest = System.nanoTime() - LINK_TIMEOUT.toNanos();
            if (links.entrySet().removeIf(e -> e.getValue() < oldest)) {
                log.info("links not confirmed for {} ms are gone", LINK_TIMEOUT.toMillis());
                changed.run();
            }
        } catch (RuntimeException e) {
            log.warn("LLDP round failed", e);
        }
    }

    private void probe(ConnectPoint port) {
        if (!probed.test(port)) {
            return;
        }
        controller.getSwitch(port.deviceId()).ifPresent(sw -> {
            ONOSLLDP lldp = ONOSLLDP.onosSecureLLDP(port.deviceId().toString(),
                                                    new ChassisId(sw.description().datapathId()),
                                                    (int) port.port().toLong(), secret);
            Ethernet frame = new Ethernet();
            frame.setEtherType(Ethernet.TYPE_LLDP);
            frame.setDestinationMACAddress(LLDP_MULTICAST);
            frame.setSourceMACAddress(MacAddress.valueOf(sw.description().datapathId() & 0xffffffffffffL));
            frame.setPayload(lldp);
            OFFactory f = sw.factory();
            sw.send(f.buildPacketOut()
                            .setXid(sw.nextXid())
                            .setBufferId(OFBufferId.NO_BUFFER)
                            .setInPort(OFPort.CONTROLLER)
                            .setActions(List.of(f.actions().output(FlowRuleEncoder.ofPort(port.port()), 0)))
                            .setData(frame.serialize())
                            .build());
        });
    }

    private static boolean isPhysical(OFPort port) {
        return Integer.compareUnsigned(port.getPortNumber(), OFPort.MAX.getPortNumber()) < 0;
    }
}
