package org.tenantnat.pipeline;

import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tenantnat.api.model.Tenant;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;
import static org.tenantnat.pipeline.Lab.GAMMA;
import static org.tenantnat.pipeline.Lab.GATEWAY_MAC;
import static org.tenantnat.pipeline.Lab.SERVICE_IP;
import static org.tenantnat.pipeline.Lab.SERVICE_MAC;
import static org.tenantnat.pipeline.Lab.SERVICE_PORT;
import static org.tenantnat.pipeline.Lab.VIP;

/**
 * Tenants with identical prefixes, and a service with an address inside them, all reach the service and get their
 * replies back on their own attachment.
 */
class OverlappingTenantsReachServiceTest {

    private static final String HOST = "10.1.1.20";
    /** What the hand-made allocation gives host 10.1.1.20 of each tenant. */
    private static final Map<String, String> TRANSLATED_HOST =
            Map.of("acme", "100.65.1.20", "beta", "100.66.1.20", "gamma", "100.67.1.20");

    static Stream<Arguments> networks() {
        return Stream.of(Lab.PREFIX, Lab.PER_HOST).flatMap(caps -> Stream.of(
                Arguments.of(caps, List.of(ACME, BETA)),
                Arguments.of(caps, List.of(ACME, BETA, GAMMA))));
    }

    @ParameterizedTest(name = "{0} rewrite, {1}")
    @MethodSource("networks")
    void everyTenantReachesTheServiceAtItsVipFromATranslatedSource(SwitchCapabilities caps, List<Tenant> tenants) {
        PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(tenants.toArray(Tenant[]::new)), caps));
        for (Tenant t : tenants) {
            Outcome out = sw.process(Lab.fromTenant(t, HOST, VIP));

            assertEquals(Outcome.Fate.FORWARDED, out.fate, t.name() + ": " + out);
            assertEquals(SERVICE_PORT.port(), out.port());
            Packet seen = out.packet();
            assertEquals(VlanId.NONE, seen.vlan, "the service port is untagged");
            assertEquals(Ip4Address.valueOf(TRANSLATED_HOST.get(t.name())), seen.ipSrc);
            assertEquals(Ip4Address.valueOf(SERVICE_IP), seen.ipDst);
            assertEquals(GATEWAY_MAC, seen.ethSrc);
            assertEquals(SERVICE_MAC, seen.ethDst);
        }
    }

    @ParameterizedTest(name = "{0} rewrite, {1}")
    @MethodSource("networks")
    void eachReplyReturnsToItsOwnAttachmentWithTheHostRestoredAndTheVipAsSource(SwitchCapabilities caps,
                                                                               List<Tenant> tenants) {
        PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(tenants.toArray(Tenant[]::new)), caps));
        for (Tenant t : tenants) {
            Outcome out = sw.process(Lab.fromService(SERVICE_IP, TRANSLATED_HOST.get(t.name())));

            assertEquals(Outcome.Fate.FORWARDED, out.fate, t.name() + ": " + out);
            assertEquals(t.attachment().connectPoint().port(), out.port());
            Packet back = out.packet();
            assertEquals(t.attachment().vlan(), back.vlan);
            assertEquals(Ip4Address.valueOf(VIP), back.ipSrc);
            assertEquals(Ip4Address.valueOf(HOST), back.ipDst);
            assertEquals(GATEWAY_MAC, back.ethSrc);
            assertEquals(Lab.routerMac(t.id()), back.ethDst);
        }
    }

    @ParameterizedTest(name = "{0} rewrite, {1}")
    @MethodSource("networks")
    void aRoundTripOfIcmpTcpAndUdpEndsAtTheSenderUnchangedButForMacs(SwitchCapabilities caps, List<Tenant> tenants) {
        PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(tenants.toArray(Tenant[]::new)), caps));
        for (Tenant t : tenants) {
            for (byte proto : new byte[]{IPv4.PROTOCOL_ICMP, IPv4.PROTOCOL_TCP, IPv4.PROTOCOL_UDP}) {
                Packet request = Lab.fromTenant(t, "10.1.1.77", VIP).withProtocol(proto);
                Packet atService = sw.process(request).packet();
                Packet reply = Lab.fromService(SERVICE_IP, atService.ipSrc.toString()).withProtocol(proto);

                Packet back = sw.process(reply).packet();

                assertEquals(proto, atService.protocol);
                assertEquals(request.ipSrc, back.ipDst);
                assertEquals(request.ipDst, back.ipSrc);
                assertEquals(request.vlan, back.vlan);
                assertEquals(request.inPort, sw.process(reply).port());
            }
        }
    }

    @ParameterizedTest(name = "{0} rewrite, {1}")
    @MethodSource("networks")
    void theServiceSeesEachHostOfEachTenantAsADistinctAddressInsideThatTenantsBlock(SwitchCapabilities caps,
                                                                                   List<Tenant> tenants) {
        PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(tenants.toArray(Tenant[]::new)), caps));
        Set<Ip4Address> seen = new HashSet<>();
        for (Tenant t : tenants) {
            for (String host : List.of("10.1.1.0", "10.1.1.20", "10.1.1.254", "10.1.1.255")) {
                Ip4Address src = sw.process(Lab.fromTenant(t, host, VIP)).packet().ipSrc;

                assertTrue(Lab.block(t, Lab.CUSTOMER_PREFIX).translated().contains(src), t.name() + " " + src);
                assertTrue(seen.add(src), "two hosts share " + src);
            }
        }
        assertEquals(4 * tenants.size(), seen.size());
    }
}
