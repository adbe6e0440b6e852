package org.tenantnat.alloc;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.ValidationError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.alloc.Fixtures.BACKUP;
import static org.tenantnat.alloc.Fixtures.assertWellFormed;
import static org.tenantnat.alloc.Fixtures.prefix;
import static org.tenantnat.alloc.Fixtures.prefixes;
import static org.tenantnat.alloc.Fixtures.state;
import static org.tenantnat.alloc.Fixtures.tenant;

/**
 * Examples of the static allocator's rules and of its error messages.
 */
class StaticAllocatorTest {

    private final StaticAllocator allocator = new StaticAllocator();

    private Ip4Prefix translated(Allocation a, String tenant, String original) {
        return a.block(tenant, prefix(original)).orElseThrow().translated();
    }

    private static Tenant pinned(Tenant t, String original, String pin) {
        return t.toBuilder().translatedPrefixes(Map.of(prefix(original), prefix(pin))).build();
    }

    @Test
    void fromEmptyLargerBlocksComeFirstThenTenantsByName() {
        DesiredState s = state("100.64.0.0/22", tenant("zulu", 1, "10.1.1.0/24"), tenant("alpha", 2, "10.1.1.0/23"),
                               tenant("bravo", 3, "10.1.1.0/24"));

        Allocation a = allocator.allocate(s, Allocation.EMPTY);

        assertEquals(prefix("100.64.0.0/23"), translated(a, "alpha", "10.1.1.0/23"));
        assertEquals(prefix("100.64.2.0/24"), translated(a, "bravo", "10.1.1.0/24"));
        assertEquals(prefix("100.64.3.0/24"), translated(a, "zulu", "10.1.1.0/24"));
    }

    @Test
    void exhaustionNamesTenantPrefixAndPool() {
        DesiredState s = state("100.64.0.0/23", tenant("acme", 1, "10.1.1.0/24", "10.1.2.0/24"),
                               tenant("zeta", 2, "10.1.1.0/24"));

        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(s, Allocation.EMPTY));

        assertEquals(List.of(new ValidationError(
                "tenants[zeta].prefixes[0]",
                "no free /24 left in pool [100.64.0.0/23] for tenant zeta's 10.1.1.0/24 (512 addresses, 512 allocated)")),
                     e.errors());
    }

    @Test
    void exhaustionPointsAtTheDocumentPositionOfTheFirstPrefixThatDoesNotFitAndCountsTheRest() {
        DesiredState s = state("100.64.0.0/24", tenant("acme", 1, "10.1.1.0/25", "10.1.2.0/24", "10.1.3.0/26"),
                               tenant("bravo", 2, "10.1.1.0/25"));

        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(s, Allocation.EMPTY));

        assertEquals("tenants[acme].prefixes[0]", e.errors().get(0).field());
        assertEquals("no free /25 left in pool [100.64.0.0/24] for tenant acme's 10.1.1.0/25 "
                             + "(256 addresses, 256 allocated); 2 more prefixes do not fit either",
                     e.errors().get(0).message());
    }

    @Test
    void newPinOnAnotherTenantsBlockIsRejectedNamingBoth() {
        Tenant acme = tenant("acme", 1, "10.1.1.0/24");
        DesiredState before = state("100.64.0.0/22", acme, tenant("bravo", 2, "10.1.1.0/24"));
        Allocation previous = allocator.allocate(before, Allocation.EMPTY);
        assertEquals(prefix("100.64.1.0/24"), translated(previous, "bravo", "10.1.1.0/24"));
        DesiredState after = before.withTenant(pinned(acme, "10.1.1.0/24", "100.64.1.0/24"));

        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(after, previous));

        assertEquals(List.of(new ValidationError(
                "tenants[acme].translatedPrefixes[10.1.1.0/24]",
                "pinned block 100.64.1.0/24 of tenant acme overlaps 100.64.1.0/24, which tenant bravo holds for "
                        + "10.1.1.0/24; pin a free block or remove bravo's 10.1.1.0/24 first")), e.errors());
    }

    @Test
    void pinOnABlockReleasedInTheSameChangeIsAccepted() {
        Tenant acme = tenant("acme", 1, "10.1.1.0/24");
        DesiredState before = state("100.64.0.0/22", acme, tenant("bravo", 2, "10.1.1.0/24"));
        Allocation previous = allocator.allocate(before, Allocation.EMPTY);
        DesiredState after = before.withoutTenant("bravo").withTenant(pinned(acme, "10.1.1.0/24", "100.64.1.0/24"));

        Allocation a = allocator.allocate(after, previous);

        assertEquals(List.of(new TranslatedBlock("acme", prefix("10.1.1.0/24"), prefix("100.64.1.0/24"))),
                     a.allBlocks());
    }

    @Test
    void everyUnusablePinIsReportedAtOnce() {
        DesiredState s = state("100.64.0.0/16", pinned(tenant("acme", 1, "10.1.1.0/24"), "10.1.1.0/24", "100.65.0.0/24"),
                               pinned(tenant("bravo", 2, "10.1.1.0/24"), "10.1.1.0/24", "100.64.0.0/23"));

        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(s, Allocation.EMPTY));

        assertEquals(List.of(
                new ValidationError("tenants[acme].translatedPrefixes[10.1.1.0/24]",
                                    "pinned block 100.65.0.0/24 is outside pool [100.64.0.0/16]"),
                new ValidationError("tenants[bravo].translatedPrefixes[10.1.1.0/24]",
                                    "pinned block 100.64.0.0/23 is a /23 but customer prefix 10.1.1.0/24 is a /24")),
                     e.errors());
    }

    @Test
    void pinSpanningTwoAdjacentPoolPrefixesIsAccepted() {
        DesiredState s = state(prefixes("100.96.0.0/11", "100.64.0.0/11"), List.of(BACKUP),
                               List.of(pinned(tenant("acme", 1, "10.0.0.0/10"), "10.0.0.0/10", "100.64.0.0/10")));

        assertEquals(prefix("100.64.0.0/10"), translated(allocator.allocate(s, Allocation.EMPTY), "acme", "10.0.0.0/10"));
    }

    @Test
    void unpinningKeepsTheBlock() {
        Tenant acme = tenant("acme", 1, "10.1.1.0/24");
        DesiredState withPin = state("100.64.0.0/22", pinned(acme, "10.1.1.0/24", "100.64.3.0/24"));
        Allocation previous = allocator.allocate(withPin, Allocation.EMPTY);

        Allocation a = allocator.allocate(withPin.withTenant(acme), previous);

        assertEquals(prefix("100.64.3.0/24"), translated(a, "acme", "10.1.1.0/24"));
    }

    @Test
    void previousBlockOutsideAShrunkPoolIsReallocated() {
        DesiredState before = state("100.64.0.0/23", tenant("acme", 1, "10.1.1.0/24"),
                                    tenant("bravo", 2, "10.1.1.0/24"));
        Allocation previous = allocator.allocate(before, Allocation.EMPTY);
        DesiredState after = state(prefixes("100.64.1.0/24", "100.64.8.0/24"), before.services(), before.tenants());

        Allocation a = allocator.allocate(after, previous);

        assertEquals(prefix("100.64.8.0/24"), translated(a, "acme", "10.1.1.0/24"));
        assertEquals(translated(previous, "bravo", "10.1.1.0/24"), translated(a, "bravo", "10.1.1.0/24"));
    }

    @Test
    void previousBlockHoldingANewServiceAddressIsReallocated() {
        DesiredState before = state("100.64.0.0/22", tenant("acme", 1, "10.1.1.0/24"));
        Allocation previous = allocator.allocate(before, Allocation.EMPTY);
        Service inPool = new Service("portal", Ip4Address.valueOf("100.64.0.10"), BACKUP.connectPoint(),
                                     Ip4Address.valueOf("10.1.1.1"), null);
        DesiredState after = before.withService(inPool);

        Allocation a = allocator.allocate(after, previous);

        assertEquals(prefix("100.64.1.0/24"), translated(a, "acme", "10.1.1.0/24"));
        assertWellFormed(after, a);
    }

    @Test
    void aNewBlockTakesTheSmallestFreeBlockSoLargeHolesStayWhole() {
        DesiredState before = state("100.64.0.0/20", tenant("big", 1, "10.0.0.0/21"), tenant("acme", 2, "10.1.1.0/24"),
                                    tenant("bravo", 3, "10.1.1.0/24"));
        Allocation previous = allocator.allocate(before, Allocation.EMPTY);
        assertEquals(prefix("100.64.0.0/21"), translated(previous, "big", "10.0.0.0/21"));
        DesiredState after = before.withoutTenant("big").withTenant(tenant("carol", 4, "10.1.1.0/24"));

        Allocation a = allocator.allocate(after, previous);

        // Free were 100.64.0.0/21 (released), 100.64.10.0/23 and 100.64.12.0/22: the /23 is the smallest fit.
        assertEquals(prefix("100.64.10.0/24"), translated(a, "carol", "10.1.1.0/24"));
    }

    @Test
    void tenantsNoLongerStaticReleaseTheirBlocks() {
        Tenant acme = tenant("acme", 1, "10.1.1.0/24");
        DesiredState before = state("100.64.0.0/22", acme, tenant("bravo", 2, "10.1.2.0/24"));
        Allocation previous = allocator.allocate(before, Allocation.EMPTY);
        TranslationPolicy dynamic = new TranslationPolicy(TranslationPolicy.Mode.DYNAMIC, 24, 100, 300);
        DesiredState after = before.withTenant(acme.toBuilder().translation(dynamic).build());

        Allocation a = allocator.allocate(after, previous);

        assertEquals(List.of("bravo"), new ArrayList<>(a.byTenant().keySet()));
        assertEquals(previous.blocks("bravo"), a.blocks("bravo"));
    }

    @Test
    void aPrefixListedTwiceGetsOneBlock() {
        DesiredState s = state("100.64.0.0/22", tenant("acme", 1, "10.1.1.0/24", "10.1.1.0/24"));

        assertEquals(1, allocator.allocate(s, Allocation.EMPTY).blocks("acme").size());
    }

    @Test
    void tenThousandTenantsOfFourPrefixesAllGetDisjointBlocks() {
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            tenants.add(tenant(String.format("t%05d", i), i + 1, "10.0.0.0/26", "10.0.1.0/27", "10.0.2.0/28",
                               "192.168." + (i % 256) + ".0/26"));
        }
        DesiredState s = state("100.64.0.0/10", tenants.toArray(new Tenant[0]));

        Allocation a = allocator.allocate(s, Allocation.EMPTY);

        assertEquals(10_000, a.byTenant().size());
        assertEquals(40_000, a.allBlocks().size());
        assertEquals(10_000L * (64 + 32 + 16 + 64), a.allocatedAddresses());
        assertWellFormed(s, a);
        Map<Integer, Long> byLength = a.allBlocks().stream().collect(
                Collectors.groupingBy(b -> b.translated().prefixLength(), Collectors.counting()));
        assertEquals(Map.of(26, 20_000L, 27, 10_000L, 28, 10_000L), byLength);
        assertTrue(a.allBlocks().stream().allMatch(b -> s.pool().get(0).contains(b.translated())));
    }
}
