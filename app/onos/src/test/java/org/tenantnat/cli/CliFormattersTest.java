package org.tenantnat.cli;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.codec.DesiredStateReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The text the tenantnat-* commands print, for the two-switch test document and states a live service rarely
 * shows (a prefix not allocated yet, a failed intent, an almost empty pool).
 */
class CliFormattersTest {

    private final DesiredState state = load();
    private final Allocation allocation = Allocation.of(List.of(
            block("acme", "10.1.1.0/24", "100.64.0.0/24"),
            block("globex", "10.1.1.0/24", "100.64.1.0/24"),
            block("globex", "172.16.0.0/20", "100.64.16.0/20"),
            block("initech", "10.1.1.0/28", "100.64.2.0/28")));
    private final List<AccessIntent> intents = List.of(
            new AccessIntent("acme", "backup", Ip4Address.valueOf("10.250.0.10"), AccessIntent.State.INSTALLED,
                             null),
            new AccessIntent("globex", "backup", Ip4Address.valueOf("192.168.77.10"), AccessIntent.State.FAILED,
                             "of:0000000000000001 rejected 3 of 12 rule operations"),
            new AccessIntent("initech", "archive", Ip4Address.valueOf("10.250.0.11"),
                             AccessIntent.State.INSTALLING, null),
            new AccessIntent("initech", "backup", Ip4Address.valueOf("10.250.0.12"), AccessIntent.State.WITHDRAWN,
                             null));

    private static DesiredState load() {
        try (InputStream in = CliFormattersTest.class.getResourceAsStream("/org/tenantnat/impl/two-switches.json")) {
            return DesiredStateReader.parseAndValidate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static TranslatedBlock block(String tenant, String original, String translated) {
        return new TranslatedBlock(tenant, Ip4Prefix.valueOf(original), Ip4Prefix.valueOf(translated));
    }

    @Test
    void tenantsShowAttachmentBlocksAndIntentStates() {
        assertEquals(List.of(
                "tenant=acme, id=1, attachment=of:0000000000000001/1 vlan 100, router=10.1.1.254 "
                        + "(02:00:00:00:0A:01), gateway=10.1.1.1",
                "    10.1.1.0/24 -> 100.64.0.0/24",
                "    access backup at 10.250.0.10: INSTALLED",
                "tenant=globex, id=2, attachment=of:0000000000000001/2 untagged, router=10.1.1.254 "
                        + "(02:00:00:00:0A:02), gateway=10.1.1.1",
                "    10.1.1.0/24 -> 100.64.1.0/24",
                "    172.16.0.0/20 -> 100.64.16.0/20",
                "    access backup at 192.168.77.10: FAILED (of:0000000000000001 rejected 3 of 12 rule operations)",
                "tenant=initech, id=3, attachment=of:0000000000000002/1 untagged, router=10.1.1.254 "
                        + "(02:00:00:00:0A:03), gateway=10.1.1.1",
                "    10.1.1.0/28 -> 100.64.2.0/28",
                "    access archive at 10.250.0.11: INSTALLING"),
                TenantListFormatter.lines(state, allocation, intents));
    }

    @Test
    void aPrefixWithoutBlockAndAnAccessWithoutIntentAreShownAsSuch() {
        Allocation partial = Allocation.of(List.of(block("acme", "10.1.1.0/24", "100.64.0.0/24")));

        List<String> lines = TenantListFormatter.lines(state.withoutTenant("acme").withoutTenant("initech"),
                                                       partial, List.of());

        assertEquals(List.of(
                "tenant=globex, id=2, attachment=of:0000000000000001/2 untagged, router=10.1.1.254 "
                        + "(02:00:00:00:0A:02), gateway=10.1.1.1",
                "    10.1.1.0/24 -> (not allocated)",
                "    172.16.0.0/20 -> (not allocated)",
                "    access backup at 192.168.77.10: UNKNOWN"), lines);
    }

    @Test
    void noTenantsIsSaid() {
        assertEquals(List.of("No tenants"), TenantListFormatter.lines(DesiredState.EMPTY, Allocation.EMPTY,
                                                                      List.of()));
    }

    @Test
    void translationsOfEveryTenantOrOfOne() {
        assertEquals(List.of("tenant=acme, original=10.1.1.0/24, translated=100.64.0.0/24",
                             "tenant=globex, original=10.1.1.0/24, translated=100.64.1.0/24",
                             "tenant=globex, original=172.16.0.0/20, translated=100.64.16.0/20",
                             "tenant=initech, original=10.1.1.0/28, translated=100.64.2.0/28"),
                     TranslationListFormatter.lines(allocation.allBlocks()));
        assertEquals(List.of("tenant=initech, original=10.1.1.0/28, translated=100.64.2.0/28"),
                     TranslationListFormatter.lines(allocation.blocks("initech")));
        assertEquals(List.of("No translations"), TranslationListFormatter.lines(List.of()));
    }

    @Test
    void lookupShowsTheTenantHostOrFree() {
        Ip4Address bound = Ip4Address.valueOf("100.64.16.77");
        Ip4Address free = Ip4Address.valueOf("100.64.200.1");

        assertEquals("100.64.16.77: tenant=globex, host=172.16.0.77",
                     LookupFormatter.line(bound, allocation.lookup(bound)));
        assertEquals("100.64.200.1: free", LookupFormatter.line(free, allocation.lookup(free)));

    }

    @Test
    void poolShowsTotalsAndPerTenantUsage() {
        PoolUsage usage = new PoolUsage(65536, 4624, Map.of("acme", 256L, "globex", 4352L, "initech", 16L));

        assertEquals(List.of("pool=100.64.0.0/16, size=65536, allocated=4624, free=60912, used=7.1%",
                             "    tenant=acme, addresses=256",
                             "    tenant=globex, addresses=4352",
                             "    tenant=initech, addresses=16"),
                     PoolFormatter.lines(state.pool(), usage));
    }

    @Test
    void aNearlyEmptyPoolIsNotShownAsUnused() {
        PoolUsage usage = new PoolUsage(4194304, 16, Map.of("initech", 16L));

        assertEquals("pool=100.64.0.0/16, size=4194304, allocated=16, free=4194288, used=<0.1%",
                     PoolFormatter.lines(state.pool(), usage).get(0));
        assertEquals("pool=100.64.0.0/16, size=4194304, allocated=0, free=4194304, used=0%",
                     PoolFormatter.lines(state.pool(), new PoolUsage(4194304, 0, Map.of())).get(0));
    }
}
