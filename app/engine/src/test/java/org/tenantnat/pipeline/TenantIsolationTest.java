package org.tenantnat.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;
import static org.tenantnat.pipeline.Lab.GAMMA;
import static org.tenantnat.pipeline.Lab.SERVICE_IP;

/**
 * A tenant reaches the services it was granted and nothing else, and cannot pose as anyone else.
 */
class TenantIsolationTest {

    /** Delta: another prefix, and its own VIP for backup. */
    private static final Tenant DELTA = Lab.tenant("delta", 4, "of:0000000000000001/3", VlanId.NONE)
            .prefixes(List.of(Ip4Prefix.valueOf("192.168.5.0/24")))
            .access(List.of(new Access("backup", Ip4Address.valueOf("192.168.99.10"))))
            .build();

    private static final PipelineEvaluator SW = Lab.evaluator(Lab.compile(Lab.state(ACME, BETA, GAMMA, DELTA),
                                                                          Lab.PER_HOST));

    private static void assertDropped(Packet packet) {
        Outcome out = SW.process(packet);
        assertEquals(Outcome.Fate.DROPPED, out.fate, packet + " -> " + out);
    }

    @ParameterizedTest(name = "acme -> {0}")
    @ValueSource(strings = {
            "10.1.1.30",      // a host of beta and gamma (and of acme itself)
            "192.168.5.7",    // a host of delta
            "100.66.1.20",    // beta's translated block
            "100.65.1.20",    // acme's own translated block
            "100.68.5.7",     // delta's translated block
            "192.168.99.10",  // delta's VIP
            SERVICE_IP,       // the service's real address is not published to tenants
            "10.1.1.1",       // the provider gateway
            "10.1.1.11",      // another provider address
            "8.8.8.8"})
    void aTenantReachesNothingButItsVips(String destination) {
        assertDropped(Lab.fromTenant(ACME, "10.1.1.20", destination));
    }

    @ParameterizedTest(name = "source {0}")
    @ValueSource(strings = {
            "10.1.0.255", "10.1.2.0", "10.1.2.20", "192.168.5.7", "100.66.1.20", "100.65.1.20", "0.0.0.0"})
    void spoofedSourcesAreDropped(String source) {
        assertDropped(Lab.fromTenant(ACME, source, Lab.VIP));
    }

    @ParameterizedTest(name = "vlan {0}")
    @ValueSource(shorts = {300, 1})
    void framesOnAVlanNoTenantUsesAreDropped(short vlan) {
        assertDropped(Lab.fromTenant(ACME, "10.1.1.20", Lab.VIP).withVlan(VlanId.vlanId(vlan)));
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(longs = {1, 4})
    void untaggedFramesOnATrunkOrFromAnUnknownPortAreDropped(long port) {
        assertDropped(Lab.fromTenant(ACME, "10.1.1.20", Lab.VIP).withVlan(VlanId.NONE)
                              .withInPort(PortNumber.portNumber(port)));
    }

    @ParameterizedTest(name = "service -> {0}")
    @ValueSource(strings = {"10.1.1.20", "192.168.5.7", "100.64.0.20", "100.69.0.1", Lab.VIP})
    void theServiceReachesOnlyAddressesOfTranslatedBlocks(String destination) {
        assertDropped(Lab.fromService(SERVICE_IP, destination));
    }

    @ParameterizedTest(name = "source {0}")
    @ValueSource(strings = {"10.1.1.11", "10.1.1.20", "100.66.1.20"})
    void onlyTheServiceAddressGetsRepliesIntoATenant(String source) {
        assertDropped(Lab.fromService(source, "100.65.1.20"));
    }

    @ParameterizedTest(name = "from {0}")
    @ValueSource(longs = {1, 2, 3})
    void aPacketToATranslatedBlockFromACustomerPortIsDropped(long port) {
        Packet forged = Lab.fromService(SERVICE_IP, "100.65.1.20").withInPort(
                PortNumber.portNumber(port));
        assertDropped(forged);
    }
}
