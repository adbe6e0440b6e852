package org.tenantnat.pipeline;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A prefix switch (one Nicira load per prefix) and a per-host switch (one set_field per host) treat every packet
 * alike, host by host.
 */
class RewriteStyleEquivalenceTest {

    private static final Ip4Prefix SMALL = Ip4Prefix.valueOf("10.1.1.16/28");
    private static final Tenant ACME = Lab.ACME.toBuilder().prefixes(List.of(SMALL)).build();
    private static final Tenant GAMMA = Lab.GAMMA.toBuilder().prefixes(List.of(SMALL)).build();
    private static final DesiredState STATE = Lab.state(ACME, GAMMA);

    private static final CompiledPipeline PREFIX_PIPELINE = Lab.compile(STATE, Lab.PREFIX);
    private static final CompiledPipeline PER_HOST_PIPELINE = Lab.compile(STATE, Lab.PER_HOST);
    private static final PipelineEvaluator PREFIX_SWITCH = Lab.evaluator(PREFIX_PIPELINE);
    private static final PipelineEvaluator PER_HOST_SWITCH = Lab.evaluator(PER_HOST_PIPELINE);

    /** Every host of the /28, and the hosts of the /26 around it, both ways, for a tagged and an untagged tenant. */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void bothStylesTreatEveryHostNearTheTranslatedPrefixAlike(@ForAll @IntRange(min = 0, max = 63) int host) {
        Ip4Address address = Ip4Address.valueOf(Ip4Address.valueOf("10.1.1.0").toInt() + host);
        for (Tenant t : List.of(ACME, GAMMA)) {
            int blockStart = Lab.block(t, SMALL).translated().address().toInt();
            Ip4Address inBlock = Ip4Address.valueOf(blockStart + (host & 0xf));
            Ip4Address pastBlock = Ip4Address.valueOf(blockStart + 16 + (host & 0xf));

            Outcome request = bothAlike(Lab.fromTenant(t, address.toString(), Lab.VIP));
            Outcome reply = bothAlike(Lab.fromService(Lab.SERVICE_IP, inBlock.toString()));
            Outcome stray = bothAlike(Lab.fromService(Lab.SERVICE_IP, pastBlock.toString()));

            assertEquals(SMALL.contains(address) ? Outcome.Fate.FORWARDED : Outcome.Fate.DROPPED, request.fate);
            assertEquals(Outcome.Fate.FORWARDED, reply.fate);
            assertEquals(Ip4Address.valueOf(Ip4Address.valueOf("10.1.1.16").toInt() + (host & 0xf)),
                         reply.packet().ipDst);
            assertEquals(Outcome.Fate.DROPPED, stray.fate);
        }
    }

    private static Outcome bothAlike(Packet p) {
        Outcome prefix = PREFIX_SWITCH.process(p);
        assertEquals(prefix, PER_HOST_SWITCH.process(p), p.toString());
        return prefix;
    }

    /** Anything at all sent to the VIP or from the service: identical outcome in both styles. */
    @Property(tries = 500)
    void bothStylesTreatArbitraryAddressesAlike(@ForAll int source, @ForAll int destination,
                                                @ForAll boolean fromService) {
        Packet p = fromService
                ? Lab.fromService(Lab.SERVICE_IP, Ip4Address.valueOf(destination).toString())
                : Lab.fromTenant(ACME, Ip4Address.valueOf(source).toString(), Lab.VIP);
        bothAlike(p);
    }

    @Example
    void aPrefixSwitchNeedsOneRulePerBlockWhereAPerHostSwitchNeedsOnePerHost() {
        assertEquals(1, rulesIn(PREFIX_PIPELINE, ACME, PipelineTable.SOURCE_TRANSLATION));
        assertEquals(1, rulesIn(PREFIX_PIPELINE, ACME, PipelineTable.RETURN_TRANSLATION));
        assertEquals(16, rulesIn(PER_HOST_PIPELINE, ACME, PipelineTable.SOURCE_TRANSLATION));
        assertEquals(16, rulesIn(PER_HOST_PIPELINE, ACME, PipelineTable.RETURN_TRANSLATION));
    }

    private static long rulesIn(CompiledPipeline pipeline, Tenant tenant, PipelineTable table) {
        return pipeline.rules(RuleOwner.tenant(tenant.name())).stream()
                .filter(r -> r.tableId() == PipelineSettings.DEFAULTS.tableId(table)).count();
    }
}
