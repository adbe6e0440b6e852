package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ChassisId;
import org.onlab.packet.Ethernet;
import org.onlab.packet.MacAddress;
import org.onlab.packet.ONOSLLDP;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LLDP discovery against scripted switches: the LLDP flow, probes out of every port but the quiet ones, a probe
 * that comes back in on another switch being a link, forged probes ignored, and a port going down taking its links
 * at once.
 */
class LinkDiscoveryTest {

    private static final DeviceId S1 = SwitchDescription.deviceId(1);
    private static final DeviceId S2 = SwitchDescription.deviceId(2);
    private static final ConnectPoint S1_P1 = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint S1_P2 = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
    private static final ConnectPoint S2_P3 = ConnectPoint.deviceConnectPoint("of:0000000000000002/3");

    private final Semaphore changes = new Semaphore(0);
    private OFFlowAdd lldpFlow;
    private OpenFlowController controller;
    private LinkDiscovery discovery;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        controller = new OpenFlowController(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                            Duration.ofSeconds(30), Duration.ofSeconds(5));
        discovery = new LinkDiscovery(controller, 0, changes::release);
        discovery.probeOnly(p -> !p.equals(S1_P2));
        controller.addListener(discovery);
        address = controller.start();
    }

    @AfterEach
    void stop() {
        controller.stop();
    }

    @Test
    void aProbeThatComesBackOnAnotherSwitchIsALinkAndAForgedOneIsNot() throws Exception {
        try (FakeSwitch s1 = FakeSwitch.connect(address)) {
            s1.handshake(1, "Nicira, Inc.", "Open vSwitch");
            List<OFPacketOut> probes = serveUntilProbed(s1, List.of(1, 2), 1, null);
            assertEquals(EthType.LLDP, lldpFlow.getMatch().get(MatchField.ETH_TYPE), "LLDP goes to the controller");
            assertEquals(TableId.of(0), lldpFlow.getTableId());
            assertEquals(LinkDiscovery.COOKIE, lldpFlow.getCookie().getValue(), "a cookie the pipeline never takes");
            assertEquals(List.of(OFPort.of(1)), probes.stream().map(LinkDiscoveryTest::outPort).distinct()
                    .collect(Collectors.toList()), "port 2 is quiet: never probed");

            OFFlowAdd added = lldpFlow;
            try (FakeSwitch s2 = FakeSwitch.connect(address)) {
                s2.handshake(2, "Nicira, Inc.", "Open vSwitch");
                lldpFlow = null;
                serveUntilProbed(s2, List.of(3), 1, added);
                assertNull(lldpFlow, "a switch that already holds the LLDP flow keeps it untouched (and its age)");
                linkAndForgery(s2, probes.get(0));
            }
        }
    }

    // s1's probe comes in on s2's port 3: a link. A forged probe does not make one. Port 3 going down ends it.
    private void linkAndForgery(FakeSwitch s2, OFPacketOut probe) throws Exception {
        changes.drainPermits();
        packetIn(s2, 3, probe.getData());
        assertTrue(changes.tryAcquire(5, TimeUnit.SECONDS), "the link was reported");
        Link link = discovery.links().iterator().next();
        assertEquals(S1_P1, link.src());
        assertEquals(S2_P3, link.dst());

        Ethernet forged = probe(ONOSLLDP.onosSecureLLDP(S1.toString(), new ChassisId(1), 2, "not the secret"));
        packetIn(s2, 3, forged.serialize());
        assertFalse(changes.tryAcquire(500, TimeUnit.MILLISECONDS), "a probe this host did not sign");
        assertEquals(1, discovery.links().size());

        s2.send(s2.factory().buildPortStatus().setReason(OFPortReason.MODIFY)
                        .setDesc(port(s2.factory(), 3, false)).build());
        assertTrue(changes.tryAcquire(5, TimeUnit.SECONDS));
        assertEquals(Set.of(), discovery.links(), "the port went down: its link at once");
        assertFalse(discovery.isPortUp(S2_P3));
    }

    // Answers what discovery asks of a new switch (its LLDP flow if it holds one, port list, barrier) and collects
    // the probes it sends at once (those of the ports it probes), and whatever else comes within a short while.
    private List<OFPacketOut> serveUntilProbed(FakeSwitch sw, List<Integer> ports, int expected, OFFlowAdd holds)
            throws IOException {
        List<OFPacketOut> probes = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long settled = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settled)) {
            OFMessage m;
            try {
                m = sw.receive(Duration.ofMillis(500));
            } catch (SocketTimeoutException e) {
                continue;
            }
            OFFactory f = sw.factory();
            if (m instanceof OFFlowStatsRequest) {
                List<OFFlowStatsEntry> held = holds == null ? List.of() : List.of(f.buildFlowStatsEntry()
                        .setTableId(holds.getTableId()).setPriority(holds.getPriority()).setCookie(holds.getCookie())
                        .setMatch(holds.getMatch()).setInstructions(holds.getInstructions()).build());
                sw.send(f.buildFlowStatsReply().setXid(m.getXid()).setEntries(held).build());
            } else if (m instanceof OFPortDescStatsRequest) {
                List<OFPortDesc> descs = new ArrayList<>();
                ports.forEach(p -> descs.add(port(f, p, true)));
                sw.send(f.buildPortDescStatsReply().setXid(m.getXid()).setEntries(descs).build());
            } else if (m.getType() == OFType.BARRIER_REQUEST) {
                sw.send(f.buildBarrierReply().setXid(m.getXid()).build());
            } else if (m instanceof OFFlowAdd) {
                lldpFlow = (OFFlowAdd) m;
            } else if (m.getType() == OFType.ECHO_REQUEST) {
                sw.send(f.buildEchoReply().setXid(m.getXid()).setData(((OFEchoRequest) m).getData()).build());
            } else if (m instanceof OFPacketOut) {
                probes.add((OFPacketOut) m);
                if (probes.size() == expected) {
                    settled = System.nanoTime() + Duration.ofMillis(300).toNanos();
                }
            }
        }
        return probes;
    }

    private static OFPortDesc port(OFFactory f, int number, boolean up) {
        return f.buildPortDesc().setPortNo(OFPort.of(number)).setName("p" + number)
                .setState(up ? Set.of(OFPortState.LIVE) : Set.of(OFPortState.LINK_DOWN)).build();
    }

    private static OFPort outPort(OFPacketOut out) {
        return out.getActions().stream().filter(a -> a.getType() == OFActionType.OUTPUT)
                .map(a -> ((OFActionOutput) a).getPort()).findFirst().orElseThrow();
    }

    private static void packetIn(FakeSwitch sw, int inPort, byte[] data) throws IOException {
        OFFactory f = sw.factory();
        sw.send(f.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.ACTION)
                        .setTableId(TableId.of(0)).setMatch(f.buildMatch().setExact(MatchField.IN_PORT,
                                                                                   OFPort.of(inPort)).build())
                        .setData(data).build());
    }

    private static Ethernet probe(ONOSLLDP lldp) {
        Ethernet frame = new Ethernet();
        frame.setEtherType(Ethernet.TYPE_LLDP);
        frame.setDestinationMACAddress(MacAddress.valueOf("01:80:c2:00:00:0e"));
        frame.setSourceMACAddress(MacAddress.valueOf("02:00:00:00:00:09"));
        frame.setPayload(lldp);
        return frame;
    }
}
