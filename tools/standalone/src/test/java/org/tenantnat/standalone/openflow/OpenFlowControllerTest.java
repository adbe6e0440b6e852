package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.tenantnat.pipeline.RewriteStyle;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.standalone.openflow.Rules.actions;
import static org.tenantnat.standalone.openflow.Rules.match;
import static org.tenantnat.standalone.openflow.Rules.rule;

/**
 * The controller channel against a scripted switch: version negotiation, handshake, echo, request correlation,
 * timeouts and disconnections.
 */
class OpenFlowControllerTest {

    private static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000042");
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private final RecordingListener events = new RecordingListener();
    private OpenFlowController controller;
    private OpenFlowSouthbound southbound;
    private InetSocketAddress address;

    @BeforeEach
    void startController() throws Exception {
        startController(REQUEST_TIMEOUT);
    }

    private void startController(Duration requestTimeout) throws Exception {
        controller = new OpenFlowController(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                            Duration.ofSeconds(2), requestTimeout);
        controller.addListener(events);
        address = controller.start();
        southbound = new OpenFlowSouthbound(controller, Rules.APP, d -> SwitchCapabilities.perHost());
    }

    @AfterEach
    void stopController() {
        controller.stop();
    }

    @Test
    void aSwitchWithoutOpenFlow13IsRefused() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.send(OFFactories.getFactory(OFVersion.OF_10).buildHello().build());

            assertEquals(OFVersion.OF_13, sw.expect(OFType.HELLO).getVersion());
            OFErrorMsg error = sw.expect(OFType.ERROR);
            assertEquals(OFHelloFailedCode.INCOMPATIBLE, ((OFHelloFailedErrorMsg) error).getCode());
            assertTrue(sw.closedByController());
        }
        assertNull(events.connected.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void handshakeReportsWhatAPlainSwitchSaysAboutItself() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");

            events.awaitConnected(DEVICE::equals, 5);
            SwitchDescription description = events.descriptions.get(DEVICE);
            assertEquals("Acme Networks", description.manufacturer());
            assertEquals("AS-4610", description.hardware());
            assertEquals(64, description.tables());
            assertFalse(description.hasPacketMeters(), "it refused the METER_FEATURES request");
            assertEquals(Set.of(DEVICE), southbound.switches());
            assertEquals(RewriteStyle.PER_HOST, southbound.capabilities(DEVICE).style());
        }
        assertEquals(DEVICE, events.disconnected.poll(5, TimeUnit.SECONDS));
        assertTrue(controller.switches().isEmpty());
    }

    @Test
    void theControllerAnswersEchoRequestsWithTheSameXidAndData() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");

            sw.send(sw.factory().buildEchoRequest().setXid(77).setData(new byte[] {1, 2, 3}).build());

            OFEchoReply reply = sw.expect(OFType.ECHO_REPLY);
            assertEquals(77, reply.getXid());
            assertArrayEquals(new byte[] {1, 2, 3}, reply.getData());
        }
    }

    @Test
    void reconcileReadsOnlyOurCookiesAcrossAMultipartReplyThenDeletesAddsAndWaitsForTheBarrier()
            throws Exception {
        FlowRule kept = rule(DEVICE, 0, 100, match().matchInPort(PortNumber.portNumber(1)), actions().transition(1));
        FlowRule missing = rule(DEVICE, 1, 100, match(), actions().setOutput(PortNumber.portNumber(2)));
        FlowRule stale = rule(DEVICE, 1, 5, match(), actions());
        FlowRuleEncoder encoder = new FlowRuleEncoder();
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);

            CompletableFuture<Void> result = southbound.reconcile(DEVICE, Set.of(kept, missing));

            OFFlowStatsRequest request = sw.expect(OFType.STATS_REQUEST);
            assertEquals(TableId.ALL, request.getTableId());
            assertEquals(U64.of((long) Rules.APP.id() << 48), request.getCookie());
            assertEquals(U64.of(0xffff000000000000L), request.getCookieMask());
            sw.send(sw.factory().buildFlowStatsReply().setXid(request.getXid())
                            .setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                            .setEntries(List.of(reported(encoder, sw, kept))).build());
            sw.send(sw.factory().buildFlowStatsReply().setXid(request.getXid())
                            .setEntries(List.of(reported(encoder, sw, stale))).build());

            OFFlowMod first = sw.expect(OFType.FLOW_MOD);
            OFFlowMod second = sw.expect(OFType.FLOW_MOD);
            OFBarrierRequest barrier = sw.expect(OFType.BARRIER_REQUEST);
            assertTrue(first instanceof OFFlowDeleteStrict, first.toString());
            assertEquals(stale.id().value(), first.getCookie().getValue());
            assertTrue(second instanceof OFFlowAdd, second.toString());
            assertEquals(missing.id().value(), second.getCookie().getValue());
            assertFalse(result.isDone(), "must wait for the barrier reply");
            sw.send(sw.factory().buildBarrierReply().setXid(barrier.getXid()).build());
            result.get(5, TimeUnit.SECONDS);
        }
    }

    // A tenant removed and one added over REST while a reconnecting switch's flows are being read: the change waits
    // for the plan made from the reply and follows it, so the plan neither keeps the removed rule nor takes the added
    // one away.
    @Test
    void aChangeAppliedWhileReconcileReadsTheFlowsFollowsThePlan() throws Exception {
        FlowRule kept = rule(DEVICE, 0, 100, match().matchInPort(PortNumber.portNumber(1)), actions().transition(1));
        FlowRule removed = rule(DEVICE, 1, 100, match(), actions().setOutput(PortNumber.portNumber(2)));
        FlowRule added = rule(DEVICE, 1, 90, match().matchInPort(PortNumber.portNumber(3)), actions());
        FlowRuleEncoder encoder = new FlowRuleEncoder();
        // A read that timed out on a loaded machine would let the change go first.
        stopController();
        startController(Duration.ofSeconds(30));
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);

            CompletableFuture<Void> reconciled = southbound.reconcile(DEVICE, Set.of(kept, removed));
            OFFlowStatsRequest read = sw.expect(OFType.STATS_REQUEST);
            CompletableFuture<Void> applied = southbound.apply(DEVICE, new RuleDelta(Set.of(removed),
                                                                                     Set.of(added)));
            // The switch answers the read with the table it held before the change: the rule removed, not the other.
            sw.send(sw.factory().buildFlowStatsReply().setXid(read.getXid())
                            .setEntries(List.of(reported(encoder, sw, removed))).build());

            List<OFFlowMod> plan = flowModsUntilBarrier(sw);
            assertEquals(List.of(kept.id().value()), cookies(plan), "the plan adds the missing rule only");
            assertTrue(plan.get(0) instanceof OFFlowAdd, plan.toString());
            reconciled.get(5, TimeUnit.SECONDS);
            List<OFFlowMod> change = flowModsUntilBarrier(sw);
            assertEquals(List.of(removed.id().value(), added.id().value()), cookies(change), "then the change");
            assertTrue(change.get(0) instanceof OFFlowDeleteStrict, change.toString());
            assertTrue(change.get(1) instanceof OFFlowAdd, change.toString());
            applied.get(5, TimeUnit.SECONDS);
        }
    }

    private static List<Long> cookies(List<OFFlowMod> mods) {
        return mods.stream().map(m -> m.getCookie().getValue()).collect(Collectors.toList());
    }

    // Reads the flow-mods up to the next barrier request, and answers the barrier.
    private static List<OFFlowMod> flowModsUntilBarrier(FakeSwitch sw) throws IOException {
        List<OFFlowMod> mods = new ArrayList<>();
        while (true) {
            OFMessage message = sw.receive();
            if (message instanceof OFFlowMod) {
                mods.add((OFFlowMod) message);
            } else if (message instanceof OFBarrierRequest) {
                sw.send(sw.factory().buildBarrierReply().setXid(message.getXid()).build());
                return mods;
            } else if (message instanceof OFEchoRequest) {
                sw.send(sw.factory().buildEchoReply().setXid(message.getXid())
                                .setData(((OFEchoRequest) message).getData()).build());
            }
        }
    }

    @Test
    void aRequesterBlockedOnItsBarrierReplyDoesNotStopTheSwitchBeingRead() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean unblocked = new AtomicBoolean();
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);
            FlowRule one = rule(DEVICE, 0, 100, match().matchInPort(PortNumber.portNumber(1)), actions());
            // As the runtime does while the binder holds its lock for a whole batch of bindings.
            southbound.apply(DEVICE, new RuleDelta(Set.of(), Set.of(one))).thenRun(() -> {
                blocked.countDown();
                awaitQuietly(release);
                unblocked.set(true);
            });
            sw.expect(OFType.FLOW_MOD);
            OFBarrierRequest barrier = sw.expect(OFType.BARRIER_REQUEST);
            sw.send(sw.factory().buildBarrierReply().setXid(barrier.getXid()).build());
            assertTrue(blocked.await(5, TimeUnit.SECONDS), "the barrier reply did not reach the requester");

            Ethernet frame = frame(MacAddress.valueOf("0a:00:00:00:00:07"));
            sw.send(sw.factory().buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.ACTION)
                            .setTableId(TableId.of(0))
                            .setMatch(sw.factory().buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3)).build())
                            .setData(frame.serialize()).build());
            sw.send(sw.factory().buildEchoRequest().setXid(78).setData(new byte[] {4}).build());

            Map.Entry<ConnectPoint, Ethernet> heard = events.packets.poll(5, TimeUnit.SECONDS);
            assertEquals(new ConnectPoint(DEVICE, PortNumber.portNumber(3)), heard == null ? null : heard.getKey(),
                         "the packet-in sent while the requester was blocked was not read");
            assertEquals(frame.getSourceMAC(), heard.getValue().getSourceMAC());
            assertEquals(78, sw.expect(OFType.ECHO_REPLY).getXid());
            assertFalse(unblocked.get(), "both were read while the requester was blocked");
        } finally {
            release.countDown();
        }
    }

    @Test
    void packetsReleasedTogetherLeaveAsPacketOutsThroughTheTableInTheirOrder() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);
            List<Ethernet> frames = new ArrayList<>();
            for (int host = 1; host <= 300; host++) {
                frames.add(frame(MacAddress.valueOf((long) host)));
            }

            southbound.packetsThroughPipeline(new ConnectPoint(DEVICE, PortNumber.portNumber(3)), frames);

            Set<Long> xids = new HashSet<>();
            for (Ethernet frame : frames) {
                OFPacketOut out = sw.expect(OFType.PACKET_OUT);
                assertEquals(OFPort.of(3), out.getInPort());
                assertEquals(List.of(sw.factory().actions().output(OFPort.TABLE, 0)), out.getActions());
                assertArrayEquals(frame.serialize(), out.getData());
                assertTrue(xids.add(out.getXid()), "xid " + out.getXid() + " used twice");
            }
        }
    }

    private static Ethernet frame(MacAddress source) {
        Ethernet frame = new Ethernet();
        frame.setSourceMACAddress(source);
        frame.setDestinationMACAddress(MacAddress.valueOf("02:00:00:00:00:01"));
        frame.setEtherType(Ethernet.TYPE_IPV4);
        frame.setPayload(new IPv4().setSourceAddress("10.0.0.7").setDestinationAddress("10.250.0.10")
                                 .setProtocol(IPv4.PROTOCOL_UDP)
                                 .setPayload(new UDP().setSourcePort(40000).setDestinationPort(7000)
                                                     .setPayload(new Data(new byte[] {1, 2, 3}))));
        return frame;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRequestTheSwitchNeverAnswersFailsWithATimeout() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);

            CompletableFuture<Void> result = southbound.reconcile(DEVICE, Set.of());
            sw.expect(OFType.STATS_REQUEST);

            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("within 500 ms"), e.getCause().getMessage());
        }
    }

    @Test
    void aBatchHasTimeForEachOfItsMessagesBeforeItsBarrierTimesOut() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);
            Set<FlowRule> many = new LinkedHashSet<>();
            for (int port = 1; port <= 2000; port++) {
                many.add(rule(DEVICE, 0, 100, match().matchInPort(PortNumber.portNumber(port)), actions()));
            }

            CompletableFuture<Void> result = southbound.apply(DEVICE, new RuleDelta(Set.of(), many));
            for (int i = 0; i < many.size(); i++) {
                sw.expect(OFType.FLOW_MOD);
            }
            sw.expect(OFType.BARRIER_REQUEST);

            // 500 ms to answer any request, and half a millisecond more per message of the batch.
            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("no barrier reply from " + DEVICE + " within 1500 ms"),
                       e.getCause().getMessage());
        }
    }

    @Test
    void pendingRequestsFailWhenTheSwitchDisconnects() throws Exception {
        CompletableFuture<Void> result;
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);
            result = southbound.reconcile(DEVICE, Set.of());
            sw.expect(OFType.STATS_REQUEST);
        }

        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("disconnected"), e.getCause().getMessage());
        assertEquals(DEVICE, events.disconnected.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aSwitchConnectingAgainWithTheSameDatapathIdReplacesItsOldConnection() throws Exception {
        try (FakeSwitch old = FakeSwitch.connect(address); FakeSwitch again = FakeSwitch.connect(address)) {
            old.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);

            again.handshake(0x42, "Acme Networks", "AS-4610");
            events.awaitConnected(DEVICE::equals, 5);

            assertTrue(old.closedByController());
            assertEquals(Set.of(DEVICE), controller.switches());
            assertNull(events.disconnected.poll(300, TimeUnit.MILLISECONDS),
                       "closing the replaced connection must not report the switch gone");
        }
    }

    @Test
    void requestsToAnUnknownSwitchFailAtOnce() {
        CompletableFuture<Void> result = southbound.reconcile(DEVICE, Set.of());

        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("not connected"), e.getCause().getMessage());
    }

    private static OFFlowStatsEntry reported(FlowRuleEncoder encoder, FakeSwitch sw, FlowRule rule) {
        OFFlowAdd add = encoder.add(rule);
        return sw.factory().buildFlowStatsEntry()
                .setTableId(add.getTableId())
                .setPriority(add.getPriority())
                .setCookie(add.getCookie())
                .setMatch(add.getMatch())
                .setInstructions(add.getInstructions())
                .build();
    }
}
