package org.tenantnat.standalone.openflow;

import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.RewriteStyle;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.standalone.openflow.Rules.actions;
import static org.tenantnat.standalone.openflow.Rules.match;
import static org.tenantnat.standalone.openflow.Rules.rule;

/**
 * The OpenFlow southbound against a real Open vSwitch 3.x (userspace datapath) on loopback.
 */
class OpenFlowSouthboundOvsTest {

    private static final long DPID = 0xabcdL;
    private static final DeviceId DEVICE = DeviceId.deviceId("of:000000000000abcd");
    private static final MacAddress GATEWAY_MAC = MacAddress.valueOf("02:00:00:00:00:01");
    private static final MacAddress ROUTER_MAC = MacAddress.valueOf("02:00:00:00:0a:01");
    private static final long WAIT_SECONDS = 15;

    private static OvsAndController lab;
    private static PrivateOvs ovs;
    private static OpenFlowController controller;
    private static OpenFlowSouthbound southbound;
    private static String bridge;
    private static int controllerPort;
    private static final RecordingListener events = new RecordingListener();

    /** Tenant 1 on port 1 VLAN 100: classify, translate 10.1.1.0/24 to 100.64.7.0/24 by prefix. */
    private static final FlowRule CLASSIFY = rule(DEVICE, 0, 40000,
            match().matchInPort(PortNumber.portNumber(1)).matchVlanId(VlanId.vlanId((short) 100)),
            actions().popVlan().writeMetadata(1, 0xffff).transition(1));
    private static final FlowRule TRANSLATE_SOURCE = rule(DEVICE, 1, 40000,
            match().matchMetadata(1).matchEthType(Ethernet.TYPE_IPV4).matchIPSrc(IpPrefix.valueOf("10.1.1.0/24")),
            actions().extension(new NiciraLoadTreatment(NiciraLoadTreatment.ofsNbits(8, 24), Rules.NXM_OF_IP_SRC, 0x644007), DEVICE).transition(2));
    private static final FlowRule SERVICE_ACCESS = rule(DEVICE, 2, 40000,
            match().matchMetadata(1).matchEthType(Ethernet.TYPE_IPV4)
                    .matchIPDst(IpPrefix.valueOf("10.250.0.10/32")),
            actions().setIpDst(Ip4Address.valueOf("10.1.1.10")).setEthSrc(GATEWAY_MAC).setEthDst(ROUTER_MAC)
                    .setOutput(PortNumber.portNumber(3)));
    private static final FlowRule RETURN_TO_TENANT = rule(DEVICE, 5, 40000,
            match().matchMetadata(1).matchEthType(Ethernet.TYPE_IPV4),
            actions().pushVlan().setVlanId(VlanId.vlanId((short) 100)).setOutput(PortNumber.portNumber(1)));
    private static final FlowRule ARP_TO_CONTROLLER = rule(DEVICE, 0, 40000,
            match().matchEthType(Ethernet.TYPE_ARP).matchArpTpa(Ip4Address.valueOf("10.250.0.10")).matchArpOp(1),
            actions().punt());
    private static final FlowRule DEFAULT_DROP = rule(DEVICE, 1, 10, match(), actions());
    /** Untagged port, exact MACs and protocol, back out of the port it came in on. */
    private static final FlowRule UNTAGGED_ICMP_BACK = rule(DEVICE, 0, 39000,
            match().matchInPort(PortNumber.portNumber(3)).matchVlanId(VlanId.NONE).matchEthSrc(ROUTER_MAC)
                    .matchEthDst(GATEWAY_MAC).matchEthType(Ethernet.TYPE_IPV4).matchIPProtocol(IPv4.PROTOCOL_ICMP),
            actions().setOutput(PortNumber.IN_PORT));
    private static final Set<FlowRule> PIPELINE = Set.of(CLASSIFY, TRANSLATE_SOURCE, SERVICE_ACCESS,
                                                         RETURN_TO_TENANT, ARP_TO_CONTROLLER, DEFAULT_DROP,
                                                         UNTAGGED_ICMP_BACK);

    @BeforeAll
    static void startSwitchAndController() throws Exception {
        // A concrete port, not 0: the restart test must find the controller where the switch looks for it.
        controllerPort = freePort();
        lab = OvsAndController.start(controllerPort, events);
        ovs = lab.ovs;
        controller = lab.controller;
        southbound = new OpenFlowSouthbound(controller, Rules.APP, description ->
                description.hardware().equals("Open vSwitch")
                        ? SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new) : SwitchCapabilities.perHost());
        // Port 1 and port 2 are the two ends of a patch pair: what goes out of 1 comes back in on 2.
        bridge = lab.connectBridge(DPID);
    }

    @AfterAll
    static void stopSwitchAndController() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void connectedWithAnEmptyTable() throws Exception {
        if (!controller.switches().contains(DEVICE)) {
            events.awaitConnected(DEVICE::equals, WAIT_SECONDS);
        }
        ovs.ofctl("del-flows", bridge);
        events.packets.clear();
    }

    @Test
    void handshakeLearnsDatapathIdAndThatTheSwitchIsOpenVswitch() {
        SwitchDescription description = events.descriptions.get(DEVICE);

        assertNotNull(description);
        assertEquals(DPID, description.datapathId());
        assertEquals("Nicira, Inc.", description.manufacturer());
        assertEquals("Open vSwitch", description.hardware());
        assertEquals(254, description.tables());
        assertEquals(Set.of(DEVICE), southbound.switches());
        assertEquals(RewriteStyle.PREFIX, southbound.capabilities(DEVICE).style());
    }

    @Test
    void reconcileInstallsTheRulesWithTheirActions() throws Exception {
        ReconcilePlan plan = southbound.reconcilePlan(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(PIPELINE.size(), plan.toAdd().size());
        List<String> flows = ovs.flows(bridge);
        assertEquals(PIPELINE.size(), flows.size(), flows.toString());
        assertFlow(flows, CLASSIFY, "in_port=1,dl_vlan=100",
                   "actions=pop_vlan,write_metadata:0x1/0xffff,goto_table:1");
        assertFlow(flows, TRANSLATE_SOURCE, "metadata=0x1,nw_src=10.1.1.0/24",
                   "actions=load:0x644007->NXM_OF_IP_SRC[8..31],goto_table:2");
        assertFlow(flows, SERVICE_ACCESS, "metadata=0x1,nw_dst=10.250.0.10",
                   "actions=set_field:10.1.1.10->ip_dst,set_field:02:00:00:00:00:01->eth_src,"
                           + "set_field:02:00:00:00:0a:01->eth_dst,output:3");
        assertFlow(flows, RETURN_TO_TENANT, "metadata=0x1",
                   "actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:1");
        assertFlow(flows, ARP_TO_CONTROLLER, "arp,arp_tpa=10.250.0.10,arp_op=1",
                   "actions=CONTROLLER:65535");
        assertFlow(flows, DEFAULT_DROP, "priority=10", "actions=drop");
        assertFlow(flows, UNTAGGED_ICMP_BACK,
                   "icmp,in_port=3,vlan_tci=0x0000/0x1fff,dl_src=02:00:00:00:0a:01,dl_dst=02:00:00:00:00:01",
                   "actions=IN_PORT");
    }

    @Test
    void reconcilingAnUpToDateSwitchChangesNothing() throws Exception {
        southbound.reconcile(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);

        ReconcilePlan again = southbound.reconcilePlan(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertTrue(again.isEmpty(), "switch reported our flows differently from how we encode them: " + again);
        assertEquals(PIPELINE.size(), again.kept());
    }

    @Test
    void aLoadGivenTheOxmHeaderIsRecognisedWhenTheSwitchReportsIt() throws Exception {
        long oxmIpv4Src = 0x80001604L;
        FlowRule load = rule(DEVICE, 1, 40000, match().matchEthType(Ethernet.TYPE_IPV4),
                             actions().extension(new NiciraLoadTreatment(NiciraLoadTreatment.ofsNbits(8, 24), oxmIpv4Src, 0x644007), DEVICE));
        southbound.reconcile(DEVICE, Set.of(load)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        ReconcilePlan again = southbound.reconcilePlan(DEVICE, Set.of(load)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertTrue(again.isEmpty(), again.toString());
        assertEquals(1, southbound.flowEntries(DEVICE).size());
    }

    @Test
    void reconcileRemovesOurStrayFlowRestoresAMissingOneAndLeavesForeignFlows() throws Exception {
        southbound.reconcile(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);
        long ours = (long) Rules.APP.id() << 48;
        ovs.ofctl("add-flow", bridge, String.format("cookie=0x%x,table=4,priority=7,actions=drop", ours | 0x999));
        ovs.ofctl("add-flow", bridge, "cookie=0x1234,table=4,priority=8,actions=drop");
        ovs.ofctl("--strict", "del-flows", bridge, "table=2,priority=40000,ip,metadata=0x1,nw_dst=10.250.0.10");

        ReconcilePlan plan = southbound.reconcilePlan(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(1, plan.toAdd().size(), plan.toString());
        assertEquals(1, plan.toDelete().size(), plan.toString());
        List<String> flows = ovs.flows(bridge);
        assertEquals(PIPELINE.size() + 1, flows.size(), flows.toString());
        assertFlow(flows, SERVICE_ACCESS, "nw_dst=10.250.0.10", "output:3");
        assertTrue(flows.stream().anyMatch(f -> f.startsWith("cookie=0x1234,") && f.contains("priority=8")),
                   "foreign flow must survive: " + flows);
        assertFalse(flows.stream().anyMatch(f -> f.contains("priority=7")), "stray flow must go: " + flows);
    }

    @Test
    void applyRemovesAndAddsExactlyTheDelta() throws Exception {
        southbound.reconcile(DEVICE, Set.of(CLASSIFY, TRANSLATE_SOURCE, DEFAULT_DROP))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        southbound.apply(DEVICE, new RuleDelta(Set.of(TRANSLATE_SOURCE), Set.of(SERVICE_ACCESS)))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        List<String> flows = ovs.flows(bridge);
        assertEquals(3, flows.size(), flows.toString());
        assertFlow(flows, CLASSIFY, "in_port=1", "goto_table:1");
        assertFlow(flows, SERVICE_ACCESS, "nw_dst=10.250.0.10", "output:3");
        assertFlow(flows, DEFAULT_DROP, "priority=10", "drop");
        assertFalse(flows.stream().anyMatch(f -> f.contains("NXM_OF_IP_SRC")), flows.toString());
    }

    @Test
    void aDeltaMadeWhileAReconciliationIsUnderWayIsNotUndoneByIt() throws Exception {
        // 3,000 rules keep the reconciliation busy long enough for the delta to be made while it plans.
        Set<FlowRule> desired = new LinkedHashSet<>(PIPELINE);
        for (int i = 0; i < 3000; i++) {
            desired.add(rule(DEVICE, 1, 100, match().matchEthType(Ethernet.TYPE_IPV4)
                    .matchIPSrc(IpPrefix.valueOf(Ip4Address.valueOf(0x0a000000 + i), 32)), actions().transition(2)));
        }
        FlowRule added = rule(DEVICE, 4, 50, match(), actions());

        CompletableFuture<Void> reconciled = southbound.reconcile(DEVICE, desired);
        CompletableFuture<Void> applied = southbound.apply(DEVICE,
                                                           new RuleDelta(Set.of(TRANSLATE_SOURCE), Set.of(added)));
        reconciled.get(WAIT_SECONDS, TimeUnit.SECONDS);
        applied.get(WAIT_SECONDS, TimeUnit.SECONDS);

        List<String> flows = ovs.flows(bridge);
        assertEquals(desired.size(), flows.size(), "every desired rule, one removed, one added");
        assertFalse(flows.stream().anyMatch(f -> f.contains("NXM_OF_IP_SRC")), "the removed rule stays removed");
        assertTrue(flows.stream().anyMatch(f -> f.contains("table=4") && f.contains("priority=50")),
                   "the added rule is there");
        assertEquals(desired.size(), southbound.ruleCounts().get(DEVICE), "the bookkeeping follows the switch");
    }

    @Test
    void aFlowTheSwitchRejectsFailsTheFutureWithTheSwitchError() throws Exception {
        FlowRule backwards = rule(DEVICE, 3, 100, match().matchInPort(PortNumber.portNumber(1)),
                                  actions().transition(1));

        CompletableFuture<Void> result = southbound.apply(DEVICE, new RuleDelta(Set.of(), Set.of(backwards)));

        ExecutionException e = assertThrows(ExecutionException.class,
                                            () -> result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof OpenFlowException, e.toString());
        assertTrue(e.getCause().getMessage().contains("BAD_INSTRUCTION/BAD_TABLE_ID"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains(DEVICE.toString()), e.getCause().getMessage());
        assertEquals(List.of(), ovs.flows(bridge));
    }

    @Test
    void aBatchOfManyWritesIsInstalledInFullAndARuleRejectedInItsMiddleIsNamed() throws Exception {
        // 3,000 flow-mods are about 300 KB on the wire: several buffers of the batch, one barrier.
        Set<FlowRule> hosts = new LinkedHashSet<>();
        for (int i = 0; i < 3000; i++) {
            hosts.add(rule(DEVICE, 1, 100, match().matchEthType(Ethernet.TYPE_IPV4)
                    .matchIPSrc(IpPrefix.valueOf(Ip4Address.valueOf(0x0a000000 + i), 32)), actions().transition(2)));
        }
        southbound.apply(DEVICE, new RuleDelta(Set.of(), hosts)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(3000, ovs.flows(bridge).size());

        FlowRule backwards = rule(DEVICE, 3, 100, match().matchInPort(PortNumber.portNumber(1)),
                                  actions().transition(1));
        Set<FlowRule> withBadOne = new LinkedHashSet<>();
        for (int i = 0; i < 3000; i++) {
            withBadOne.add(rule(DEVICE, 2, 100, match().matchEthType(Ethernet.TYPE_IPV4)
                    .matchIPDst(IpPrefix.valueOf(Ip4Address.valueOf(0x0a000000 + i), 32)), actions()));
            if (i == 1500) {
                withBadOne.add(backwards);
            }
        }
        CompletableFuture<Void> result = southbound.apply(DEVICE, new RuleDelta(hosts, withBadOne));

        ExecutionException e = assertThrows(ExecutionException.class,
                                            () -> result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        String why = e.getCause().getMessage();
        assertTrue(why.contains("rejected 1 of 6001 messages") && why.contains("BAD_INSTRUCTION/BAD_TABLE_ID")
                           && why.contains("table=3 priority=100"), why);
        List<String> flows = ovs.flows(bridge);
        assertEquals(3000, flows.size(), "every other rule of the batch was applied");
        assertTrue(flows.stream().allMatch(f -> f.contains("table=2")), flows.get(0));
    }

    @Test
    void unencodableRulesFailTheFutureAndSendNothing() throws Exception {
        FlowRule tcp = rule(DEVICE, 0, 100, match().matchEthType(Ethernet.TYPE_IPV4)
                .matchIPProtocol(IPv4.PROTOCOL_TCP).matchTcpDst(org.onlab.packet.TpPort.tpPort(80)), actions());

        CompletableFuture<Void> result = southbound.reconcile(DEVICE, Set.of(CLASSIFY, tcp));

        ExecutionException e = assertThrows(ExecutionException.class,
                                            () -> result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("TCP_DST"), e.getCause().getMessage());
        assertEquals(List.of(), ovs.flows(bridge));
    }

    @Test
    void packetOutComesBackAsPacketInAndIsCounted() throws Exception {
        FlowRule punt = rule(DEVICE, 0, 40000, match().matchInPort(PortNumber.portNumber(2)), actions().punt());
        southbound.reconcile(DEVICE, Set.of(punt)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Ethernet request = arpRequest();

        southbound.packetOut(new ConnectPoint(DEVICE, PortNumber.portNumber(1)), request);

        Map.Entry<ConnectPoint, Ethernet> packetIn = events.packets.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(packetIn, "no packet-in");
        assertEquals(new ConnectPoint(DEVICE, PortNumber.portNumber(2)), packetIn.getKey());
        assertEquals(request, packetIn.getValue());
        FlowEntry entry = southbound.flowEntries(DEVICE).stream()
                .filter(f -> f.id().equals(punt.id())).findFirst().orElseThrow();
        assertEquals(FlowEntry.FlowEntryState.ADDED, entry.state());
        assertEquals(1, entry.packets());
        assertEquals(request.serialize().length, entry.bytes());
    }

    @Test
    void flowEntriesReportOnlyOurDesiredRules() throws Exception {
        southbound.reconcile(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);
        ovs.ofctl("add-flow", bridge, "cookie=0x1234,table=4,priority=8,actions=drop");

        Set<FlowRule> reported = southbound.flowEntries(DEVICE).stream()
                .map(FlowRule.class::cast)
                .collect(Collectors.toSet());

        assertEquals(PIPELINE.stream().map(FlowRule::id).collect(Collectors.toSet()),
                     reported.stream().map(FlowRule::id).collect(Collectors.toSet()));
    }

    @Test
    void afterAControllerRestartTheSwitchReconnectsAndReconcileRestoresItsTable() throws Exception {
        southbound.reconcile(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);
        events.connected.clear();

        controller.stop();
        assertTrue(controller.switches().isEmpty());
        assertEquals(DEVICE, events.disconnected.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        // As if the switch had restarted meanwhile: its table is gone.
        ovs.ofctl("del-flows", bridge);
        controller.start();
        assertEquals(controllerPort, controller.localAddress().getPort());
        assertEquals(DEVICE, events.connected.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        southbound.reconcile(DEVICE, PIPELINE).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(PIPELINE.size(), ovs.flows(bridge).size());
    }

    @Test
    void aSwitchThatStopsAnsweringIsDroppedAndComesBackWhenItResumes() throws Exception {
        events.connected.clear();
        events.disconnected.clear();
        ovs.suspendSwitch(true);
        try {
            // Echo interval 1.5 s: one unanswered echo, then dropped after about 3 s of silence.
            assertEquals(DEVICE, events.disconnected.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            assertFalse(controller.switches().contains(DEVICE));
        } finally {
            ovs.suspendSwitch(false);
        }
        assertEquals(DEVICE, events.connected.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(controller.switches().contains(DEVICE));
    }

    @Test
    void severalSwitchesConnectAtOnce() throws Exception {
        String second = ovs.addBridge(0xbeefL, controllerPort);
        DeviceId secondId = DeviceId.deviceId("of:000000000000beef");
        try {
            events.awaitConnected(secondId::equals, WAIT_SECONDS);

            assertEquals(Set.of(DEVICE, secondId), southbound.switches());
            southbound.reconcile(secondId, Set.of(rule(secondId, 0, 5, match(), actions())))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, ovs.flows(second).size());
            assertEquals(List.of(), ovs.flows(bridge));
        } finally {
            ovs.vsctl("del-br", second);
        }
        assertEquals(secondId, events.disconnected.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertFlow(List<String> flows, FlowRule rule, String match, String actions) {
        // ovs-ofctl leaves out "table=0".
        String prefix = String.format("cookie=0x%x, %spriority=%d", rule.id().value(),
                                      rule.tableId() == 0 ? "" : "table=" + rule.tableId() + ", ", rule.priority());
        assertTrue(flows.stream().anyMatch(f -> f.startsWith(prefix) && " ,".indexOf(f.charAt(prefix.length())) >= 0
                           && f.contains(match) && f.contains(actions)),
                   "no flow " + prefix + " " + match + " " + actions + " in\n" + String.join("\n", flows));
    }

    private static Ethernet arpRequest() {
        ARP arp = new ARP();
        arp.setHardwareType(ARP.HW_TYPE_ETHERNET)
                .setProtocolType(ARP.PROTO_TYPE_IP)
                .setHardwareAddressLength((byte) Ethernet.DATALAYER_ADDRESS_LENGTH)
                .setProtocolAddressLength((byte) Ip4Address.BYTE_LENGTH)
                .setOpCode(ARP.OP_REQUEST)
                .setSenderHardwareAddress(ROUTER_MAC.toBytes())
                .setSenderProtocolAddress(Ip4Address.valueOf("10.1.1.10").toOctets())
                .setTargetHardwareAddress(MacAddress.ZERO.toBytes())
                .setTargetProtocolAddress(Ip4Address.valueOf("10.250.0.10").toOctets());
        Ethernet frame = new Ethernet();
        frame.setEtherType(Ethernet.TYPE_ARP)
                .setSourceMACAddress(ROUTER_MAC)
                .setDestinationMACAddress(MacAddress.BROADCAST)
                .setPayload(arp);
        return frame;
    }
}
