package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.instructions.Instructions;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Tenant;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;
import static org.tenantnat.pipeline.Lab.GAMMA;

/**
 * On a switch with Nicira moves, flows answer ARP for gateway addresses and VIPs: the request leaves by the port and
 * VLAN it came in on as a correct reply, and the controller sees none of it. What the controller learns MACs from
 * (replies to its own requests, gratuitous ARP) still reaches it, through the punt meter.
 */
class ArpResponderFlowTest {

    private static final MacAddress HOST_MAC = MacAddress.valueOf("02:01:00:01:00:01");

    private final PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(ACME, BETA, GAMMA), Lab.OVS));

    @Test
    void aRequestForTheGatewayOrTheVipComesBackOnItsPortAndVlanAsTheReply() {
        for (Tenant t : List.of(ACME, BETA, GAMMA)) {
            Attachment at = t.attachment();
            for (String target : List.of(Lab.GATEWAY_IP, Lab.VIP)) {
                Packet request = Packet.arp(at.connectPoint().port(), at.vlan(), ARP.OP_REQUEST, HOST_MAC,
                                            MacAddress.BROADCAST, Lab.ROUTER_IP, target);

                Outcome out = sw.process(request);

                assertEquals(Outcome.Fate.FORWARDED, out.fate, t.name() + " " + target + ": " + out);
                assertEquals(at.connectPoint().port(), out.port(), "back out of the port it came in on");
                Packet reply = Packet.arp(at.connectPoint().port(), at.vlan(), ARP.OP_REPLY, Lab.GATEWAY_MAC,
                                          HOST_MAC, target, Lab.ROUTER_IP);
                assertEquals(reply, out.packet(), t.name() + " " + target);
            }
        }
    }

    @Test
    void theServiceGetsTheGatewaysMacFromAFlowToo() {
        Packet request = Packet.arp(Lab.SERVICE_PORT.port(), VlanId.NONE, ARP.OP_REQUEST, Lab.SERVICE_MAC,
                                    MacAddress.BROADCAST, Lab.SERVICE_IP, Lab.GATEWAY_IP);
        Outcome out = sw.process(request);
        assertEquals(Packet.arp(Lab.SERVICE_PORT.port(), VlanId.NONE, ARP.OP_REPLY, Lab.GATEWAY_MAC, Lab.SERVICE_MAC,
                                Lab.GATEWAY_IP, Lab.SERVICE_IP), out.packet());
        assertEquals(Lab.SERVICE_PORT.port(), out.port());
    }

    @Test
    void aUnicastRequestToRefreshAnEntryIsAnsweredToo() {
        Attachment at = GAMMA.attachment();
        Packet probe = Packet.arp(at.connectPoint().port(), at.vlan(), ARP.OP_REQUEST, HOST_MAC, Lab.GATEWAY_MAC,
                                  Lab.ROUTER_IP, Lab.GATEWAY_IP);
        assertEquals(Outcome.Fate.FORWARDED, sw.process(probe).fate);
    }

    @Test
    void repliesToTheGatewayAndGratuitousArpFromTheRouterReachTheControllerThroughTheArpMeter() {
        Attachment at = ACME.attachment();
        MacAddress router = Lab.routerMac(ACME.id());
        Packet reply = Packet.arp(at.connectPoint().port(), at.vlan(), ARP.OP_REPLY, router, Lab.GATEWAY_MAC,
                                  Lab.ROUTER_IP, Lab.GATEWAY_IP);
        Packet gratuitous = Packet.arp(at.connectPoint().port(), at.vlan(), ARP.OP_REQUEST, router,
                                       MacAddress.BROADCAST, Lab.ROUTER_IP, Lab.ROUTER_IP);
        Packet serviceReply = Packet.arp(Lab.SERVICE_PORT.port(), VlanId.NONE, ARP.OP_REPLY, Lab.SERVICE_MAC,
                                         Lab.GATEWAY_MAC, Lab.SERVICE_IP, Lab.GATEWAY_IP);
        for (Packet learnFrom : List.of(reply, gratuitous, serviceReply)) {
            Outcome out = sw.process(learnFrom);
            assertEquals(Outcome.Fate.PUNTED, out.fate, learnFrom.toString());
            assertEquals(learnFrom, out.packet(), "the controller sees it as sent");
            assertMetered(out);
        }
    }

    @Test
    void otherArpIsDropped() {
        Attachment at = ACME.attachment();
        PortNumber port = at.connectPoint().port();
        // A reply to the VIP (the controller never asks from a VIP), a request for someone else, gratuitous ARP
        // from an address that is not the router's, a request on a VLAN no tenant uses.
        List<Packet> others = List.of(
                Packet.arp(port, at.vlan(), ARP.OP_REPLY, HOST_MAC, Lab.GATEWAY_MAC, Lab.ROUTER_IP, Lab.VIP),
                Packet.arp(port, at.vlan(), ARP.OP_REQUEST, HOST_MAC, MacAddress.BROADCAST, Lab.ROUTER_IP,
                           "10.1.1.77"),
                Packet.arp(port, at.vlan(), ARP.OP_REQUEST, HOST_MAC, MacAddress.BROADCAST, "10.1.1.5", "10.1.1.5"),
                Packet.arp(port, VlanId.vlanId((short) 300), ARP.OP_REQUEST, HOST_MAC, MacAddress.BROADCAST,
                           Lab.ROUTER_IP, Lab.GATEWAY_IP));
        for (Packet other : others) {
            assertEquals(Outcome.Fate.DROPPED, sw.process(other).fate, other.toString());
        }
    }

    @Test
    void aSwitchWithoutMovesKeepsSendingArpToTheController() {
        PipelineEvaluator plain = Lab.evaluator(Lab.compile(Lab.state(ACME), Lab.PREFIX));
        Packet request = Lab.arpFrom(ACME, Lab.VIP);
        Outcome out = plain.process(request);
        assertEquals(Outcome.Fate.PUNTED, out.fate);
        assertEquals(request, out.packet());
    }

    @Test
    void theResponderRulesBelongToTheTenantAndToTheAccessOfTheVip() {
        CompiledPipeline pipeline = Lab.compile(Lab.state(ACME), Lab.OVS);
        Ip4Address vip = Ip4Address.valueOf(Lab.VIP);
        Ip4Address gateway = Ip4Address.valueOf(Lab.GATEWAY_IP);
        assertEquals(1, pipeline.rules(RuleOwner.access("acme", "backup")).stream()
                .filter(r -> answers(r, vip)).count(), "the VIP's responder is the access's");
        assertEquals(1, pipeline.rules(RuleOwner.tenant("acme")).stream()
                .filter(r -> answers(r, gateway)).count(), "the gateway's responder is the tenant's");
    }

    private static boolean answers(FlowRule rule, Ip4Address target) {
        return rule.selector().criteria().toString().contains("ARP_TPA:" + target)
                && rule.treatment().immediate().contains(Instructions.createOutput(PortNumber.IN_PORT));
    }

    private static void assertMetered(Outcome out) {
        FlowRule last = out.path.get(out.path.size() - 1);
        assertTrue(last.treatment().meters().stream().anyMatch(m -> m.meterId().equals(Lab.ARP_METER)),
                   "punted through the ARP meter: " + last);
    }
}
