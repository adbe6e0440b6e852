package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleServiceAdapter;
import org.onosproject.net.flow.FlowRuleStoreException;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.packet.OutboundPacket;
import org.tenantnat.pipeline.RewriteStyle;
import org.tenantnat.pipeline.RuleDelta;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnosSouthboundTest {

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");
    private static final DeviceId S3 = DeviceId.deviceId("of:0000000000000003");
    private static final ApplicationId APP = new DefaultApplicationId(7, TenantNatManager.APP_NAME);
    private static final ApplicationId OTHER_APP = new DefaultApplicationId(8, "org.onosproject.fwd");

    private final TestFlowRuleService flows = new TestFlowRuleService();
    private final TestDeviceService devices = new TestDeviceService();
    private final TestMastershipService mastership = new TestMastershipService();
    private final TestDriverService drivers = new TestDriverService();
    private final TestPacketService packets = new TestPacketService();
    private OnosSouthbound southbound;

    private final TestLinkService links = new TestLinkService();

    @BeforeEach
    void setUp() {
        southbound = new OnosSouthbound(APP, devices, mastership, flows, drivers, packets, links);
    }

    @Test
    void theLinksAreThoseOnosHoldsActive() {
        ConnectPoint a = ConnectPoint.deviceConnectPoint("of:0000000000000001/4");
        ConnectPoint b = ConnectPoint.deviceConnectPoint("of:0000000000000002/4");
        ConnectPoint c = ConnectPoint.deviceConnectPoint("of:0000000000000003/4");
        Link ab = links.add(a, b, true);
        Link ba = links.add(b, a, true);
        links.add(b, c, false);

        assertEquals(Set.of(ab, ba), southbound.links());
        assertEquals(Set.of(), new OnosSouthbound(APP, devices, mastership, flows, drivers, packets).links(),
                     "without LinkService every switch stands alone");
    }

    @Test
    void aPortIsDownOnlyWhenOnosSaysSo() {
        devices.add(TestDeviceService.ovs(S1));
        ConnectPoint up = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
        ConnectPoint down = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
        devices.setPort(up, true);
        devices.setPort(down, false);

        assertTrue(southbound.isPortUp(up));
        assertFalse(southbound.isPortUp(down));
        assertTrue(southbound.isPortUp(ConnectPoint.deviceConnectPoint("of:0000000000000001/3")), "unknown: up");
    }

    private static FlowRule rule(DeviceId device, String dst, int outPort, ApplicationId app) {
        return DefaultFlowRule.builder().forDevice(device).forTable(1).withPriority(40000)
                .withSelector(DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                                      .matchIPDst(IpPrefix.valueOf(dst)).build())
                .withTreatment(DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(outPort)).build())
                .fromApp(app).makePermanent().build();
    }

    @Test
    void applyRemovesInOneStageThenAddsInTheNext() {
        FlowRule stale = rule(S1, "10.0.0.1/32", 1, APP);
        FlowRule fresh = rule(S1, "10.0.0.2/32", 2, APP);

        CompletableFuture<Void> done = southbound.apply(S1, new RuleDelta(Set.of(stale), Set.of(fresh)));

        assertTrue(done.isDone() && !done.isCompletedExceptionally());
        List<Set<FlowRuleOperation>> stages = flows.batches().get(0).stages();
        assertEquals(2, stages.size());
        assertEquals(List.of("REMOVE " + stale.id()), describe(stages.get(0)));
        assertEquals(List.of("ADD " + fresh.id()), describe(stages.get(1)));
    }

    private static List<String> describe(Set<FlowRuleOperation> stage) {
        return stage.stream().map(op -> op.type() + " " + op.rule().id()).sorted().collect(Collectors.toList());
    }

    @Test
    void applyFailsWithTheDeviceWhenTheSwitchRejects() {
        flows.reject(S1);

        CompletableFuture<Void> done = southbound.apply(S1, new RuleDelta(Set.of(),
                                                                          Set.of(rule(S1, "10.0.0.2/32", 2, APP))));

        ExecutionException e = assertThrows(ExecutionException.class, done::get);
        assertTrue(e.getCause().getMessage().startsWith(S1 + " rejected"), e.getCause().getMessage());
    }

    @Test
    void applyRefusesRulesOfAnotherDevice() {
        RuleDelta delta = new RuleDelta(Set.of(), Set.of(rule(S2, "10.0.0.2/32", 2, APP)));

        assertThrows(IllegalArgumentException.class, () -> southbound.apply(S1, delta));
        assertTrue(flows.batches().isEmpty());
    }

    @Test
    void emptyDeltaCompletesWithoutAskingOnos() {
        assertTrue(southbound.apply(S1, RuleDelta.NONE).isDone());
        assertTrue(flows.batches().isEmpty());
    }

    @Test
    void reconcileRemovesOnlyOurRulesThatAreNotWantedAndRewritesChangedOnes() {
        FlowRule stale = rule(S1, "10.0.0.1/32", 1, APP);
        FlowRule kept = rule(S1, "10.0.0.2/32", 2, APP);
        FlowRule changedBefore = rule(S1, "10.0.0.3/32", 3, APP);
        FlowRule changedAfter = rule(S1, "10.0.0.3/32", 4, APP);
        FlowRule foreign = rule(S1, "10.0.0.9/32", 9, OTHER_APP);
        FlowRule missing = rule(S1, "10.0.0.4/32", 4, APP);
        for (FlowRule r : List.of(stale, kept, changedBefore, foreign)) {
            flows.preload(new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED));
        }

        southbound.reconcile(S1, Set.of(kept, changedAfter, missing));

        // Removing changedBefore would also remove changedAfter (same match): it is rewritten by an add instead.
        assertEquals(Set.of(stale), flows.recorded(FlowRuleOperation.Type.REMOVE));
        assertEquals(Set.of(changedAfter, missing), flows.recorded(FlowRuleOperation.Type.ADD));
        Set<FlowRule> table = flows.rules(S1);
        assertEquals(Set.of(kept, changedAfter, missing, foreign), table);
        assertTrue(flows.getFlowEntries(S1).iterator().hasNext());
        assertTrue(southbound.flowEntries(S1).stream()
                           .anyMatch(e -> e.exactMatch(changedAfter)), "treatment rewritten");
    }

    @Test
    void reconcileOfAnUpToDateSwitchSendsNothing() {
        FlowRule kept = rule(S1, "10.0.0.2/32", 2, APP);
        flows.preload(new DefaultFlowEntry(kept, FlowEntry.FlowEntryState.ADDED));

        assertTrue(southbound.reconcile(S1, Set.of(kept)).isDone());
        assertTrue(flows.batches().isEmpty());
    }

    @Test
    void reconcileReinstallsOurRuleThatOnosIsRemoving() {
        FlowRule kept = rule(S1, "10.0.0.2/32", 2, APP);
        flows.preload(new DefaultFlowEntry(kept, FlowEntry.FlowEntryState.PENDING_REMOVE));

        southbound.reconcile(S1, Set.of(kept));

        assertEquals(Set.of(kept), flows.recorded(FlowRuleOperation.Type.ADD));
    }

    @Test
    void flowEntriesAreOnlyOurs() {
        flows.preload(new DefaultFlowEntry(rule(S1, "10.0.0.2/32", 2, APP), FlowEntry.FlowEntryState.ADDED));
        flows.preload(new DefaultFlowEntry(rule(S1, "10.0.0.9/32", 9, OTHER_APP), FlowEntry.FlowEntryState.ADDED));

        assertEquals(1, southbound.flowEntries(S1).size());
        assertEquals(APP.id(), southbound.flowEntries(S1).iterator().next().appId());
    }

    @Test
    void countersOfASwitchWithoutMasterAreLeftOutButReconcilingItFails() {
        FlowRuleServiceAdapter noMaster = new FlowRuleServiceAdapter() {
            @Override
            public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
                throw new FlowRuleStoreException("There is no master for available device " + deviceId);
            }
        };
        OnosSouthbound during = new OnosSouthbound(APP, devices, mastership, noMaster, drivers, packets);

        assertTrue(during.flowEntries(S1).isEmpty(), "stats go on without this switch's counters");
        assertThrows(FlowRuleStoreException.class, () -> during.reconcile(S1, Set.of()),
                     "reconciling against an unknown table would leave stale rules");
    }

    @Test
    void switchesAreTheAvailableOnesThisNodeMasters() {
        devices.add(TestDeviceService.ovs(S1));
        devices.add(TestDeviceService.ovs(S2));
        devices.add(TestDeviceService.ovs(S3));
        mastership.masterQuietly(S1);
        mastership.masterQuietly(S3);
        devices.setAvailable(S3, false);

        assertEquals(Set.of(S1), southbound.switches());
        assertTrue(southbound.programsHere(S1));
        assertTrue(!southbound.programsHere(S2) && !southbound.programsHere(S3));
    }

    @Test
    void capabilitiesComeFromTheDeviceDriver() {
        drivers.bind(S1, TestDriverService.PREFIX_DRIVER);
        drivers.bind(S2, TestDriverService.PLAIN_DRIVER);

        assertEquals(RewriteStyle.PREFIX, southbound.capabilities(S1).style());
        assertEquals(RewriteStyle.PER_HOST, southbound.capabilities(S2).style(), "driver without our behaviour");
        assertEquals(RewriteStyle.PER_HOST, southbound.capabilities(S3).style(), "device without a driver");
    }

    @Test
    void packetOutEmitsTheFrameOutOfThePort() {
        ConnectPoint port = new ConnectPoint(S1, PortNumber.portNumber(5));
        Ethernet request = ARP.buildArpRequest(MacAddress.valueOf("02:00:00:00:00:01").toBytes(),
                                               Ip4Address.valueOf("10.1.1.1").toOctets(),
                                               Ip4Address.valueOf("10.1.1.254").toOctets(), (short) -1);

        southbound.packetOut(port, request);

        OutboundPacket out = packets.emitted.get(0);
        assertEquals(S1, out.sendThrough());
        assertEquals(List.of(Instructions.createOutput(port.port())), out.treatment().allInstructions());
        byte[] sent = new byte[out.data().remaining()];
        out.data().duplicate().get(sent);
        assertArrayEquals(request.serialize(), sent);
    }
}
