package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.drivers.SwitchFamilies;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.Neighbours;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.NiciraMoveTreatment;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.standalone.openflow.Rules.actions;
import static org.tenantnat.standalone.openflow.Rules.match;
import static org.tenantnat.standalone.openflow.Rules.rule;

/**
 * The compiler's ARP responder, learning punts and ICMP error punts on a real Open vSwitch: the switch reports
 * them back exactly as encoded (so reconciling leaves them alone), holds the punt meter, and answers ARP itself.
 * Ports 1 and 2 are a patch pair: a frame sent out of 1 arrives on 2 (the tenant's attachment) and what the switch
 * sends back out of 2 arrives on 1, where a watch rule hands it to the controller.
 */
class ArpResponderAndPuntMeterOvsTest {

    private static final long DPID = 0xa4bL;
    private static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000a4b");
    private static final ConnectPoint SENDER = new ConnectPoint(DEVICE, PortNumber.portNumber(1));
    private static final ConnectPoint ATTACHMENT = new ConnectPoint(DEVICE, PortNumber.portNumber(2));
    private static final MacAddress GATEWAY_MAC = MacAddress.valueOf("02:00:00:00:00:01");
    private static final MacAddress ROUTER_MAC = MacAddress.valueOf("02:01:00:03:00:01");
    private static final Ip4Address ROUTER = Ip4Address.valueOf("192.168.100.2");
    private static final Ip4Address GATEWAY = Ip4Address.valueOf("192.168.100.1");
    private static final Ip4Address VIP = Ip4Address.valueOf("10.250.0.10");
    private static final long WAIT_SECONDS = 15;

    private static OvsAndController lab;
    private static PrivateOvs ovs;
    private static OpenFlowSouthbound southbound;
    private static String bridge;
    private static Set<FlowRule> rules;
    private static final RecordingListener events = new RecordingListener();

    @BeforeAll
    static void switchWithTheCompiledRules() throws Exception {
        lab = OvsAndController.start(0, events);
        ovs = lab.ovs;
        Function<SwitchDescription, SwitchCapabilities> caps = d -> {
            SwitchCapabilities ovsCaps = SwitchFamilies.openVSwitch(NiciraLoadTreatment::new,
                                                                    NiciraMoveTreatment.resolver());
            return d.hasPacketMeters()
                    ? ovsCaps.withPuntMeter(PuntMeter.ARP.reason(), PuntMeter.ARP.id())
                            .withPuntMeter(PuntMeter.ICMP_ERROR.reason(), PuntMeter.ICMP_ERROR.id())
                            .withPuntMeter(PuntMeter.BINDING.reason(), PuntMeter.BINDING.id())
                    : ovsCaps;
        };
        southbound = new OpenFlowSouthbound(lab.controller, Rules.APP, caps);
        bridge = lab.connectBridge(DPID);

        Service service = new Service("backup", Ip4Address.valueOf("10.1.1.10"),
                                      new ConnectPoint(DEVICE, PortNumber.portNumber(3)),
                                      Ip4Address.valueOf("10.1.1.1"), MacAddress.valueOf("02:05:00:00:00:01"));
        Tenant tenant = Tenant.builder().name("initech").id(3).attachment(new Attachment(ATTACHMENT, VlanId.NONE))
                .routerIp(ROUTER).routerMac(ROUTER_MAC).gatewayIp(GATEWAY)
                .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
                .access(List.of(new Access("backup", VIP))).build();
        DesiredState state = new DesiredState(List.of(DesiredState.DEFAULT_POOL), GATEWAY_MAC, List.of(service),
                                              List.of(tenant));
        Allocation allocation = Allocation.of(List.of(new TranslatedBlock(
                "initech", Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.2.0/24"))));
        CompiledPipeline pipeline = new PipelineCompiler(Rules.APP, PipelineSettings.DEFAULTS)
                .compile(DEVICE, state, allocation, Neighbours.NONE, southbound.capabilities(DEVICE));
        rules = new HashSet<>(pipeline.allRules());
        // What comes back out of the attachment arrives on port 1: show it to the controller.
        rules.add(rule(DEVICE, 0, 50000, match().matchInPort(SENDER.port()), actions().punt()));
        southbound.reconcile(DEVICE, rules).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void openVSwitchHasPacketMetersAndHoldsEveryPuntMeter() throws Exception {
        assertTrue(events.descriptions.get(DEVICE).hasPacketMeters(), "userspace OVS reports packet-rate meters");
        String meters = ovs.ofctl("dump-meters", bridge);
        for (PuntMeter meter : PuntMeter.values()) {
            int start = meters.indexOf("meter=" + meter.id().id() + " ");
            assertTrue(start >= 0, meter + " missing: " + meters);
            int next = meters.indexOf("meter=", start + 1);
            String config = meters.substring(start, next < 0 ? meters.length() : next);
            assertTrue(config.contains("pktps") && config.contains("type=drop rate=" + meter.rate()
                    + " burst_size=" + meter.burst()), config);
        }
    }

    @Test
    void theSwitchReportsTheRulesAsEncodedSoReconcilingChangesNothing() throws Exception {
        List<String> flows = ovs.flows(bridge);
        assertTrue(flows.stream().anyMatch(f -> f.contains("arp,in_port=2,vlan_tci=0x0000/0x1fff,arp_tpa=10.250.0.10,"
                + "arp_op=1") && f.contains("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]")
                && f.contains("move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[]")
                && f.contains("move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]") && f.endsWith("IN_PORT")), flows.toString());
        assertTrue(flows.stream().anyMatch(f -> f.contains("icmp_type=3") && f.endsWith("meter:2,CONTROLLER:65535")),
                   flows.toString());
        assertTrue(flows.stream().anyMatch(f -> f.contains("arp_spa=192.168.100.2,arp_tpa=192.168.100.2")
                && f.endsWith("meter:1,CONTROLLER:65535")), flows.toString());

        ReconcilePlan again = southbound.reconcilePlan(DEVICE, rules).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertTrue(again.isEmpty(), "the switch reported our flows differently from how we encode them: " + again);
        assertEquals(rules.size(), again.kept());
    }

    @Test
    void theSwitchAnswersArpForTheVipAndTheGatewayWithoutTheController() throws Exception {
        for (Ip4Address target : List.of(VIP, GATEWAY)) {
            events.packets.clear();
            Ethernet request = ARP.buildArpRequest(ROUTER_MAC.toBytes(), ROUTER.toOctets(), target.toOctets(),
                                                   Ethernet.VLAN_UNTAGGED);

            southbound.packetOut(SENDER, request);

            Map.Entry<ConnectPoint, Ethernet> back = events.packets.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(back, "no reply to ARP for " + target);
            assertEquals(SENDER, back.getKey(), "the reply went back out of the attachment");
            assertEquals(ARP.buildArpReply(target, GATEWAY_MAC, request), back.getValue(), "reply for " + target);
        }
    }

    @Test
    void gratuitousArpFromTheRouterAndIcmpErrorsToTheVipReachTheController() throws Exception {
        events.packets.clear();
        Ethernet gratuitous = ARP.buildArpRequest(ROUTER_MAC.toBytes(), ROUTER.toOctets(), ROUTER.toOctets(),
                                                  Ethernet.VLAN_UNTAGGED);
        southbound.packetOut(SENDER, gratuitous);
        Map.Entry<ConnectPoint, Ethernet> learned = events.packets.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(learned, "gratuitous ARP not punted");
        assertEquals(ATTACHMENT, learned.getKey());
        // buildArpRequest pads its frame to the Ethernet minimum; the parsed packet-in is not marked padded.
        assertEquals(gratuitous.getPayload(), learned.getValue().getPayload());
        assertEquals(ROUTER_MAC, learned.getValue().getSourceMAC());

        Ethernet error = icmpError(ROUTER, VIP);
        southbound.packetOut(SENDER, error);
        Map.Entry<ConnectPoint, Ethernet> punted = events.packets.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(punted, "ICMP error not punted");
        assertEquals(Map.entry(ATTACHMENT, error), punted);
    }

    private static Ethernet icmpError(Ip4Address from, Ip4Address to) {
        ICMP icmp = new ICMP();
        icmp.setIcmpType((byte) 3);
        icmp.setIcmpCode((byte) 4);
        icmp.setPayload(new Data(new byte[32]));
        IPv4 ip = new IPv4();
        ip.setSourceAddress(from.toInt());
        ip.setDestinationAddress(to.toInt());
        ip.setProtocol(IPv4.PROTOCOL_ICMP);
        ip.setTtl((byte) 64);
        ip.setPayload(icmp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(ROUTER_MAC);
        eth.setDestinationMACAddress(GATEWAY_MAC);
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        // The controller parses what the switch sends; compare like with like.
        byte[] wire = eth.serialize();
        try {
            return Ethernet.deserializer().deserialize(wire, 0, wire.length);
        } catch (org.onlab.packet.DeserializationException e) {
            throw new AssertionError(e);
        }
    }
}
