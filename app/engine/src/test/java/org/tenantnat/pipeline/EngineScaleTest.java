package org.tenantnat.pipeline;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.config.ConfigValidator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole engine (validation, allocation, compilation) on 10,000 tenants with 4 prefixes each, all tenants using
 * the same customer prefixes: counts and correctness, not speed (speed: tools/bench/jmh, FullCompileBenchmark and
 * OneTenantChangeBenchmark on the same shape of document).
 */
class EngineScaleTest {

    private static final int TENANTS = 10_000;
    private static final int VLANS_PER_PORT = 4000;
    private static final List<Ip4Prefix> PREFIXES = List.of(Ip4Prefix.valueOf("10.1.1.0/26"),
            Ip4Prefix.valueOf("10.1.2.0/27"), Ip4Prefix.valueOf("10.1.3.0/28"), Ip4Prefix.valueOf("10.1.4.0/26"));

    private static DesiredState state;
    private static Allocation allocation;
    private static CompiledPipeline pipeline;

    @BeforeAll
    static void compileTenThousandTenants() {
        List<Tenant> tenants = new ArrayList<>();
        for (int id = 1; id <= TENANTS; id++) {
            String port = "of:0000000000000001/" + (1 + (id - 1) / VLANS_PER_PORT);
            VlanId vlan = VlanId.vlanId((short) (1 + (id - 1) % VLANS_PER_PORT));
            tenants.add(Lab.tenant("t" + id, id, port, vlan).prefixes(PREFIXES)
                                .routerIp(Ip4Address.valueOf("10.1.1.1")).gatewayIp(Ip4Address.valueOf("10.1.1.2"))
                                .access(List.of(new Access("backup", Ip4Address.valueOf(Lab.VIP)))).build());
        }
        state = new DesiredState(List.of(DesiredState.DEFAULT_POOL), Lab.GATEWAY_MAC, List.of(Lab.BACKUP), tenants);
        new ConfigValidator().check(state);
        allocation = new StaticAllocator().allocate(state, Allocation.EMPTY);
        pipeline = Lab.compiler().compile(Lab.SW1, state, allocation, Neighbours.NONE, Lab.PREFIX);
    }

    @Test
    void everyPrefixGetsItsOwnBlock() {
        List<TranslatedBlock> blocks = allocation.allBlocks();
        assertEquals(TENANTS * PREFIXES.size(), blocks.size());
        assertEquals(TENANTS * PREFIXES.size(),
                     blocks.stream().map(TranslatedBlock::translated).collect(Collectors.toSet()).size());
        long addresses = PREFIXES.stream().mapToLong(p -> 1L << (32 - p.prefixLength())).sum() * TENANTS;
        assertEquals(addresses, allocation.allocatedAddresses());
    }

    @Test
    void everyTenantCompilesWithoutFailure() {
        assertTrue(pipeline.failures().isEmpty(), () -> "failures: " + pipeline.failures());
        assertTrue(pipeline.pending().isEmpty());
        assertEquals(TENANTS * 2 + 1, pipeline.owners().size(), "shared + per tenant + per access owners");
    }

    @Test
    void tablesHoldOneRulePerPrefixWithPrefixRewrite() {
        Map<Integer, Long> perTable = pipeline.allRules().stream()
                .collect(Collectors.groupingBy(r -> r.tableId(), Collectors.counting()));
        int prefixes = TENANTS * PREFIXES.size();
        // classifier: IPv4 + gateway ARP + VIP ARP + 2 ICMP error punts per tenant; service IPv4 + service gateway
        // ARP; default drop
        assertEquals(5L * TENANTS + 2 + 1, perTable.get(table(PipelineTable.CLASSIFIER)));
        assertEquals(prefixes + 1L, perTable.get(table(PipelineTable.SOURCE_TRANSLATION)));
        assertEquals(TENANTS + 1L, perTable.get(table(PipelineTable.SERVICE_ACCESS)));
        // per prefix: the tag rule; for the pool's one prefix: 2 ICMP error punts
        assertEquals(prefixes + 2L + 1L, perTable.get(table(PipelineTable.RETURN_CLASSIFIER)));
        assertEquals(TENANTS + 1L, perTable.get(table(PipelineTable.RETURN_ACCESS)));
        assertEquals(prefixes + 1L, perTable.get(table(PipelineTable.RETURN_TRANSLATION)));
    }

    @Test
    void sampledTenantsRoundTripThroughTheCompiledPipeline() {
        PipelineEvaluator sw = Lab.evaluator(pipeline);
        Set<Ip4Address> seenByService = new HashSet<>();
        Function<Integer, Tenant> tenant = id -> state.tenant("t" + id).orElseThrow();
        for (int id = 1; id <= TENANTS; id += 2499) {
            Tenant t = tenant.apply(id);
            for (Ip4Prefix prefix : PREFIXES) {
                String host = Ip4Address.valueOf(prefix.address().toInt() + 5).toString();
                Outcome request = sw.process(Lab.fromTenant(t, host, Lab.VIP));
                assertEquals(Lab.SERVICE_PORT.port(), request.port(), t.name());
                Ip4Address seen = request.packet().ipSrc;
                assertEquals(allocation.block(t.name(), prefix).orElseThrow().translate(Ip4Address.valueOf(host)),
                             seen);
                assertTrue(seenByService.add(seen), "the service sees a unique source");
                Outcome reply = sw.process(Lab.fromService(Lab.SERVICE_IP, seen.toString()));
                Attachment at = t.attachment();
                assertEquals(at.connectPoint().port(), reply.port());
                assertEquals(at.vlan(), reply.packet().vlan);
                assertEquals(Ip4Address.valueOf(host), reply.packet().ipDst);
                assertEquals(Ip4Address.valueOf(Lab.VIP), reply.packet().ipSrc);
            }
        }
    }

    private static int table(PipelineTable table) {
        return PipelineSettings.DEFAULTS.tableId(table);
    }
}
