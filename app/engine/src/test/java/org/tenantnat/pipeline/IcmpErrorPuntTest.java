package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.IPv4;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.tenantnat.api.model.Tenant;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;
import static org.tenantnat.pipeline.Lab.GAMMA;

/**
 * ICMP errors of a translated flow go to the controller (which translates the header they quote), from either side
 * and from whoever sent them, a customer router's own address included; other ICMP keeps to the flows. Nothing in
 * the pipeline looks past the IP header otherwise, so fragments (which carry no ports after the first) pass.
 */
class IcmpErrorPuntTest {

    private static final int DESTINATION_UNREACHABLE = 3;
    private static final int TIME_EXCEEDED = 11;
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;

    private final PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(ACME, BETA, GAMMA), Lab.OVS));

    @Test
    void errorsFromATenantToItsVipArePuntedAsReceivedEvenFromOutsideItsPrefixes() {
        for (Tenant t : List.of(ACME, BETA, GAMMA)) {
            for (int type : List.of(DESTINATION_UNREACHABLE, TIME_EXCEEDED)) {
                for (String source : List.of("10.1.1.7", "192.168.100.2")) {
                    Packet error = Lab.fromTenant(t, source, Lab.VIP).asIcmp(type);
                    Outcome out = sw.process(error);
                    assertEquals(Outcome.Fate.PUNTED, out.fate, t.name() + " " + source + " type " + type);
                    assertEquals(error, out.packet(), "the controller sees it as received, VLAN included");
                    assertMetered(out);
                }
            }
        }
    }

    @Test
    void errorsFromTheServicePortToATranslatedAddressArePuntedWhoeverSentThem() {
        for (Tenant t : List.of(ACME, BETA, GAMMA)) {
            for (int type : List.of(DESTINATION_UNREACHABLE, TIME_EXCEEDED)) {
                for (String source : List.of(Lab.SERVICE_IP, "10.1.1.254")) {
                    Packet error = Lab.fromService(source, Lab.translated(t, "10.1.1.7")).asIcmp(type);
                    Outcome out = sw.process(error);
                    assertEquals(Outcome.Fate.PUNTED, out.fate, t.name() + " " + source + " type " + type);
                    assertMetered(out);
                }
            }
        }
    }

    @Test
    void echoKeepsToTheFlowsBothWays() {
        Outcome request = sw.process(Lab.fromTenant(GAMMA, "10.1.1.7", Lab.VIP).asIcmp(ECHO_REQUEST));
        assertEquals(Lab.SERVICE_PORT.port(), request.port());
        assertEquals(Lab.translated(GAMMA, "10.1.1.7"), request.packet().ipSrc.toString());
        Outcome reply = sw.process(Lab.fromService(Lab.SERVICE_IP, Lab.translated(GAMMA, "10.1.1.7"))
                                           .asIcmp(ECHO_REPLY));
        assertEquals(GAMMA.attachment().connectPoint().port(), reply.port());
        assertEquals(Lab.VIP, reply.packet().ipSrc.toString());
    }

    @Test
    void errorsToAnythingButAVipOrThePoolAreDropped() {
        assertEquals(Outcome.Fate.DROPPED,
                     sw.process(Lab.fromTenant(ACME, "10.1.1.7", "10.250.0.11").asIcmp(DESTINATION_UNREACHABLE)).fate);
        assertEquals(Outcome.Fate.DROPPED,
                     sw.process(Lab.fromService(Lab.SERVICE_IP, "192.0.2.1").asIcmp(DESTINATION_UNREACHABLE)).fate);
        // Anywhere in the pool, held by a block or not, it is the controller's to translate or drop.
        Outcome free = sw.process(Lab.fromService(Lab.SERVICE_IP, "100.99.0.1").asIcmp(DESTINATION_UNREACHABLE));
        assertEquals(Outcome.Fate.PUNTED, free.fate);
        assertMetered(free);
    }

    @Test
    void withoutAMeterThePuntsAreNotMetered() {
        PipelineEvaluator plain = Lab.evaluator(Lab.compile(Lab.state(ACME), Lab.PREFIX));
        Outcome out = plain.process(Lab.fromTenant(ACME, "10.1.1.7", Lab.VIP).asIcmp(TIME_EXCEEDED));
        assertEquals(Outcome.Fate.PUNTED, out.fate);
        assertTrue(out.path.get(out.path.size() - 1).treatment().meters().isEmpty());
    }

    @Test
    void noRuleMatchesAnythingBeyondTheIpHeaderButTheIcmpTypeOfAnError() {
        Set<Criterion.Type> beyondIp = EnumSet.of(Criterion.Type.TCP_SRC, Criterion.Type.TCP_DST,
                Criterion.Type.UDP_SRC, Criterion.Type.UDP_DST, Criterion.Type.SCTP_SRC, Criterion.Type.SCTP_DST,
                Criterion.Type.TCP_FLAGS, Criterion.Type.ICMPV4_CODE, Criterion.Type.IP_ECN, Criterion.Type.IP_DSCP);
        for (SwitchCapabilities caps : List.of(Lab.OVS, Lab.PER_HOST)) {
            for (FlowRule rule : Lab.compile(Lab.state(ACME, BETA, GAMMA), caps).allRules()) {
                assertTrue(rule.selector().criteria().stream().noneMatch(c -> beyondIp.contains(c.type())),
                           "a fragment after the first has no ports: " + rule);
                if (rule.selector().getCriterion(Criterion.Type.IP_PROTO) != null) {
                    assertEquals(IPv4.PROTOCOL_ICMP, ((IPProtocolCriterion)
                            rule.selector().getCriterion(Criterion.Type.IP_PROTO)).protocol(),
                                 "only ICMP errors are told apart by protocol: " + rule);
                }
            }
        }
    }

    @Test
    void aPacketOfAnyOtherProtocolIsTranslatedLikeTcp() {
        // What a non-first fragment looks like to the pipeline: an IPv4 header and no transport header it reads.
        Packet fragment = Lab.fromTenant(ACME, "10.1.1.7", Lab.VIP).withProtocol((byte) 200);
        Outcome out = sw.process(fragment);
        assertEquals(Lab.SERVICE_PORT.port(), out.port());
        assertEquals(Lab.translated(ACME, "10.1.1.7"), out.packet().ipSrc.toString());
        assertEquals(Lab.SERVICE_IP, out.packet().ipDst.toString());
    }

    private static void assertMetered(Outcome out) {
        FlowRule last = out.path.get(out.path.size() - 1);
        assertTrue(last.treatment().meters().stream().anyMatch(m -> m.meterId().equals(Lab.ICMP_METER)),
                   "punted through the ICMP error meter, not the ARP one: " + last);
    }
}
