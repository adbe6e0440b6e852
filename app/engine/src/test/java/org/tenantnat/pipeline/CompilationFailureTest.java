package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;

/**
 * What cannot be compiled on a switch fails alone, with a reason, and leaves no rule behind; the others compile.
 */
class CompilationFailureTest {

    private static final RuleOwner ACME_OWNER = RuleOwner.tenant("acme");
    private static final RuleOwner ACME_BACKUP = RuleOwner.access("acme", "backup");
    private static final Tenant BIG_ACME = ACME.toBuilder().prefixes(List.of(Ip4Prefix.valueOf("10.0.0.0/16"))).build();

    @Test
    void aPerHostSwitchRefusesAPrefixOverItsLimitForThatTenantOnly() {
        CompiledPipeline pipeline = Lab.compile(Lab.state(BIG_ACME, BETA), Lab.PER_HOST);

        assertEquals(Map.of(ACME_OWNER, "tenant acme: prefix 10.0.0.0/16 is larger than /24, "
                                    + "the largest this switch rewrites host by host",
                            ACME_BACKUP, "tenant acme: prefix 10.0.0.0/16 is larger than /24, "
                                    + "the largest this switch rewrites host by host"),
                     pipeline.failures());
        assertTrue(pipeline.rules(ACME_OWNER).isEmpty());
        assertTrue(pipeline.rules(ACME_BACKUP).isEmpty());
        assertEquals(Outcome.Fate.DROPPED,
                     Lab.evaluator(pipeline).process(Lab.arpFrom(ACME, Lab.GATEWAY_IP)).fate, "no rule of acme");
        assertBetaWorks(pipeline);
    }

    @Test
    void aPrefixSwitchTranslatesTheSamePrefixInOneRule() {
        CompiledPipeline pipeline = Lab.compile(Lab.state(BIG_ACME, BETA), Lab.PREFIX);

        assertTrue(pipeline.failures().isEmpty(), pipeline.failures().toString());
        Outcome out = Lab.evaluator(pipeline).process(Lab.fromTenant(BIG_ACME, "10.0.200.7", Lab.VIP));
        assertEquals("100.65.200.7", out.packet().ipSrc.toString());
    }

    @Test
    void thePerHostLimitComesFromTheSettings() {
        Tenant acme20 = ACME.toBuilder().prefixes(List.of(Ip4Prefix.valueOf("10.1.0.0/20"))).build();
        DesiredState state = Lab.state(acme20);
        PipelineSettings wide = new PipelineSettings(0, PipelineSettings.DEFAULT_PRIORITY, 20);

        CompiledPipeline pipeline = new PipelineCompiler(Lab.APP, wide)
                .compile(Lab.SW1, state, Lab.allocation(state), Neighbours.NONE, Lab.PER_HOST);

        assertTrue(pipeline.failures().isEmpty(), pipeline.failures().toString());
        assertEquals(2 * 4096, pipeline.rules(ACME_OWNER).stream()
                .filter(r -> r.tableId() == wide.tableId(PipelineTable.SOURCE_TRANSLATION)
                        || r.tableId() == wide.tableId(PipelineTable.RETURN_TRANSLATION)).count());
        assertTrue(Lab.compile(state, Lab.PER_HOST).failures().containsKey(ACME_OWNER), "/24 is the default");
    }

    @Test
    void anAccessToAServiceOnAnotherSwitchWithoutAPathFailsAndTheTenantKeepsItsOwnRules() {
        Service remote = new Service("backup", Lab.BACKUP.ip(),
                                     ConnectPoint.deviceConnectPoint("of:0000000000000002/10"),
                                     Lab.BACKUP.gatewayIp(), Lab.SERVICE_MAC);
        DesiredState state = Lab.state(ACME, BETA).withService(remote);

        CompiledPipeline pipeline = Lab.compile(state, Lab.PREFIX);

        assertEquals(Map.of(ACME_BACKUP, "service backup on of:0000000000000002 is unreachable from tenant acme on "
                                    + "of:0000000000000001: no path over the 0 links up",
                            RuleOwner.access("beta", "backup"), "service backup on of:0000000000000002 is unreachable "
                                    + "from tenant beta on of:0000000000000001: no path over the 0 links up"),
                     pipeline.failures());
        assertTrue(pipeline.rules(ACME_BACKUP).isEmpty());
        assertEquals(Outcome.Fate.PUNTED, Lab.evaluator(pipeline).process(Lab.arpFrom(ACME, Lab.GATEWAY_IP)).fate);
        assertEquals(Outcome.Fate.DROPPED, Lab.evaluator(pipeline).process(Lab.arpFrom(ACME, Lab.VIP)).fate);
    }

    @Test
    void anAccessToAnUnknownServiceFailsAlone() {
        Tenant acme = ACME.toBuilder().access(List.of(new Access("backup", ACME.access().get(0).vip()),
                                                      new Access("billing", ACME.access().get(0).vip())))
                .build();

        CompiledPipeline pipeline = Lab.compile(Lab.state(acme, BETA), Lab.PREFIX);

        assertEquals(Map.of(RuleOwner.access("acme", "billing"), "tenant acme: service billing does not exist"),
                     pipeline.failures());
        assertEquals(Outcome.Fate.FORWARDED,
                     Lab.evaluator(pipeline).process(Lab.fromTenant(ACME, "10.1.1.20", Lab.VIP)).fate);
    }

    @Test
    void aPrefixWithoutTranslatedBlockFailsTheTenant() {
        DesiredState state = Lab.state(ACME, BETA);
        Allocation withoutAcme = Allocation.of(Lab.allocation(state).blocks("beta"));

        CompiledPipeline pipeline = Lab.compiler().compile(Lab.SW1, state, withoutAcme, Neighbours.NONE, Lab.PREFIX);

        assertEquals("tenant acme: prefix 10.1.1.0/24 has no translated block", pipeline.failures().get(ACME_OWNER));
        assertTrue(pipeline.rules(ACME_OWNER).isEmpty());
        assertBetaWorks(pipeline);
    }

    @Test
    void patOnASwitchWithoutConntrackFailsNamingTenantAndSwitch() {
        Tenant pat = ACME.toBuilder().translation(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(30)
                                                           .build()).build();

        CompiledPipeline pipeline = Lab.compile(Lab.state(pat, BETA), Lab.PREFIX);

        assertEquals("tenant acme: pat translation needs a switch with a connection tracker (Open vSwitch); "
                             + Lab.SW1 + " has none", pipeline.failures().get(ACME_OWNER));
        assertBetaWorks(pipeline);
    }

    private static void assertBetaWorks(CompiledPipeline pipeline) {
        Outcome out = Lab.evaluator(pipeline).process(Lab.fromTenant(BETA, "10.1.1.20", Lab.VIP));
        assertEquals(Outcome.Fate.FORWARDED, out.fate, out.toString());
        assertEquals("100.66.1.20", out.packet().ipSrc.toString());
    }
}
