package org.tenantnat.alloc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.alloc.Fixtures.BACKUP;
import static org.tenantnat.alloc.Fixtures.assertWellFormed;

/**
 * Allocating one tenant at a time against the blocks in force gives what the full allocator gives: after any
 * sequence of adds, edits and removals the allocation is well formed, the full allocator keeps every block (a
 * fixpoint), prefixes a tenant keeps keep their blocks, and a refused tenant changes nothing.
 */
class TenantAllocatorPropertyTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final List<Ip4Prefix> POOL = Fixtures.prefixes("100.64.0.0/19");
    private static final int CUSTOMER = 0x0A000000;

    /** One step: a tenant (of 8) takes a new set of prefixes (none: it is removed), maybe pinning one of them. */
    private static final class Step {
        final int tenant;
        final List<Ip4Prefix> prefixes;
        final Optional<Ip4Prefix> pin;

        Step(int tenant, List<Ip4Prefix> prefixes, Optional<Ip4Prefix> pin) {
            this.tenant = tenant;
            this.prefixes = prefixes;
            this.pin = pin;
        }

        @Override
        public String toString() {
            return "t" + tenant + " " + prefixes + pin.map(p -> " pin " + p).orElse("");
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Ip4Prefix> prefix = Arbitraries.integers().between(0, 63).flatMap(slot -> Arbitraries
                .integers().between(21, 26).map(len -> Ip4Prefix.valueOf(CUSTOMER | (slot << 12), len)));
        Arbitrary<Optional<Ip4Prefix>> pin = Arbitraries.integers().between(0, 40).map(
                n -> n < 32 ? Optional.of(Ip4Prefix.valueOf(0x64400000 | (n << 8), 24)) : Optional.empty());
        Arbitrary<Step> step = Arbitraries.integers().between(0, 7).flatMap(t -> prefix.list().ofMaxSize(3)
                .map(TenantAllocatorPropertyTest::disjoint)
                .flatMap(ps -> pin.map(p -> new Step(t, ps, p))));
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 150)
    void oneTenantAtATimeEqualsTheFullAllocation(@ForAll("steps") List<Step> steps) {
        DesiredStateIndex desired = new DesiredStateIndex();
        AllocationIndex index = new AllocationIndex(POOL);
        desired.apply(StateChange.builder(ORIGIN).settings(new org.tenantnat.api.model.ProviderSettings(
                POOL, DesiredState.EMPTY.gatewayMac())).putService(BACKUP).build());
        TenantAllocator allocator = new TenantAllocator();
        for (Step step : steps) {
            String name = "t" + step.tenant;
            StateChange.Builder change = StateChange.builder(ORIGIN);
            if (step.prefixes.isEmpty()) {
                change.removeTenant(name).removeBlocks(name);
            } else {
                Tenant t = tenant(name, step);
                Allocation before = index.allocation();
                List<TranslatedBlock> blocks;
                try {
                    blocks = allocator.allocate(t, index, desired.pins());
                } catch (InvalidConfigException refused) {
                    assertEquals(before, index.allocation(), "a refused tenant changes nothing");
                    assertFullRefuses(desired, index, t);
                    continue;
                }
                assertEquals(before, index.allocation(), "planning changes nothing");
                keptBlocks(index.blocks(name), blocks, t);
                change.putTenant(t);
                if (blocks.isEmpty()) {
                    change.removeBlocks(name);
                } else {
                    change.putBlocks(name, blocks);
                }
            }
            StateChange c = change.build();
            desired.apply(c);
            index.apply(c.blocks());
            Allocation now = index.allocation();
            assertWellFormed(desired.document(), now);
            assertEquals(now, new StaticAllocator().allocate(desired.document(), now),
                         "the full allocator keeps every block: " + steps);
        }
    }

    // A prefix the tenant keeps keeps its block, unless it is pinned: then it takes its pin.
    private static void keptBlocks(List<TranslatedBlock> before, List<TranslatedBlock> after, Tenant t) {
        Map<Ip4Prefix, Ip4Prefix> old = new TreeMap<>(PoolMath.BY_ADDRESS);
        before.forEach(b -> old.put(b.original(), b.translated()));
        for (TranslatedBlock b : after) {
            Ip4Prefix expected = t.translatedPrefixes().getOrDefault(b.original(), old.get(b.original()));
            assertTrue(expected == null || expected.equals(b.translated()), b.original() + " moved from "
                    + old.get(b.original()) + " to " + b.translated());
        }
    }

    // The full allocator also refuses the document with this tenant, keeping the blocks in force.
    private static void assertFullRefuses(DesiredStateIndex desired, AllocationIndex index, Tenant t) {
        DesiredState with = desired.document().withTenant(t);
        try {
            new StaticAllocator().allocate(with, index.allocation());
        } catch (InvalidConfigException expected) {
            return;
        }
        throw new AssertionError("the full allocator accepts what one-tenant allocation refused: " + t);
    }

    private static Tenant tenant(String name, Step step) {
        Tenant t = Fixtures.tenant(name, step.tenant + 1, step.prefixes);
        return step.pin.map(p -> t.toBuilder().translatedPrefixes(Map.of(
                step.prefixes.get(0), Ip4Prefix.valueOf(p.address(), step.prefixes.get(0).prefixLength()))).build())
                .orElse(t);
    }

    private static List<Ip4Prefix> disjoint(List<Ip4Prefix> prefixes) {
        List<Ip4Prefix> kept = new ArrayList<>();
        for (Ip4Prefix p : prefixes) {
            if (kept.stream().noneMatch(k -> k.contains(p.address()) || p.contains(k.address()))) {
                kept.add(p);
            }
        }
        return kept;
    }
}
