package org.tenantnat.alloc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.alloc.Fixtures.BACKUP;
import static org.tenantnat.alloc.Fixtures.assertWellFormed;
import static org.tenantnat.alloc.Fixtures.state;
import static org.tenantnat.alloc.Fixtures.tenant;

/**
 * Properties of the static allocator over generated desired states: tenants with random names and /20 to /32
 * customer prefixes that overlap across tenants, on pools small enough to run out now and then.
 */
class StaticAllocatorPropertyTest {

    private static final int CUSTOMER_SPACE = 0x0A000000; // 10.0.0.0/16: small, so tenants' prefixes overlap
    private static final int SHARED_SPACE = 0x64400000;   // 100.64.0.0/10

    private final StaticAllocator allocator = new StaticAllocator();

    @Property(tries = 500)
    void fromEmptyAllocationFailsOnlyWhenTheBlocksOutgrowThePool(@ForAll("smallPoolStates") DesiredState s) {
        long demand = s.tenants().stream().flatMap(t -> t.prefixes().stream()).mapToLong(PoolMath::size).sum();
        boolean fits = demand <= PoolMath.size(s.pool());
        Statistics.label("outcome").collect(fits ? "fits" : "exhausted");
        Statistics.label("outcome").coverage(c -> {
            c.check("fits").count(n -> n >= 25);
            c.check("exhausted").count(n -> n >= 25);
        });
        if (fits) {
            assertWellFormed(s, allocator.allocate(s, Allocation.EMPTY));
        } else {
            AllocationException e = assertThrows(AllocationException.class,
                                                 () -> allocator.allocate(s, Allocation.EMPTY));
            String field = e.errors().get(0).field();
            assertTrue(field.matches("tenants\\[[a-z]+]\\.prefixes\\[[0-3]]"), field);
            assertTrue(e.getMessage().contains("left in pool " + s.pool() + " for tenant "), e.getMessage());
        }
    }

    @Property(tries = 300)
    void everyPrefixGetsOneDisjointSameLengthBlockOfThePool(@ForAll("states") DesiredState s) {
        assertWellFormed(s, allocated(s, Allocation.EMPTY));
    }

    @Property(tries = 300)
    void sameInputsGiveTheSameAllocation(@ForAll("states") DesiredState s, @ForAll("states") DesiredState next) {
        Allocation first = allocated(s, Allocation.EMPTY);
        assertEquals(first, allocator.allocate(s, Allocation.EMPTY));
        assertEquals(first, allocator.allocate(s, first));
        DesiredState moved = state(s.pool(), s.services(), next.tenants());
        Optional<Allocation> second = tryAllocate(moved, first);
        second.ifPresent(a -> assertEquals(a, allocator.allocate(moved, first)));
    }

    @Property(tries = 300)
    void reorderingTheDocumentMovesNoBlock(@ForAll("states") DesiredState s, @ForAll long seed) {
        Allocation before = allocated(s, Allocation.EMPTY);
        Random random = new Random(seed);
        List<Tenant> tenants = s.tenants().stream().map(t -> {
            List<Ip4Prefix> prefixes = new ArrayList<>(t.prefixes());
            Collections.shuffle(prefixes, random);
            return t.toBuilder().prefixes(prefixes).build();
        }).collect(Collectors.toList());
        Collections.shuffle(tenants, random);
        DesiredState reordered = state(s.pool(), s.services(), tenants);

        assertEquals(before, allocator.allocate(reordered, Allocation.EMPTY));
        assertEquals(before, allocator.allocate(reordered, before));
    }

    @Property(tries = 300)
    void changingIdsAttachmentsAndAccessMovesNoBlock(@ForAll("states") DesiredState s) {
        Allocation before = allocated(s, Allocation.EMPTY);
        List<Tenant> tenants = s.tenants().stream().map(t -> t.toBuilder().id(t.id() + 1000)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000002/1"),
                                           VlanId.vlanId((short) (t.id() + 100))))
                .access(List.of()).build()).collect(Collectors.toList());
        DesiredState edited = state(s.pool(), List.of(), tenants);

        assertEquals(before, allocator.allocate(edited, before));
        assertEquals(before, allocator.allocate(edited, Allocation.EMPTY));
    }

    @Property(tries = 300)
    void addingATenantMovesNoOtherBlock(@ForAll("states") DesiredState s,
                                        @ForAll("tenantPrefixes") List<Ip4Prefix> prefixes) {
        Allocation before = allocated(s, Allocation.EMPTY);
        DesiredState next = s.withTenant(tenant("New-1", 4000, prefixes));
        Allocation after = allocated(next, before);

        assertWellFormed(next, after);
        assertTrue(after.allBlocks().containsAll(before.allBlocks()), "a block moved");
    }

    @Property(tries = 300)
    void removingATenantReleasesItsBlocksAndMovesNoOther(@ForAll("states") DesiredState s,
                                                         @ForAll @IntRange(max = 1000) int pick) {
        Assume.that(!s.tenants().isEmpty());
        Allocation before = allocated(s, Allocation.EMPTY);
        String removed = s.tenants().get(pick % s.tenants().size()).name();

        Allocation after = allocator.allocate(s.withoutTenant(removed), before);

        assertEquals(Allocation.of(before.allBlocks().stream().filter(b -> !b.tenant().equals(removed))
                                           .collect(Collectors.toList())), after);
    }

    @Property(tries = 300)
    void editingOneTenantsPrefixesMovesNoOtherBlock(@ForAll("states") DesiredState s,
                                                    @ForAll @IntRange(max = 1000) int pick,
                                                    @ForAll("tenantPrefixes") List<Ip4Prefix> added,
                                                    @ForAll long seed) {
        Assume.that(!s.tenants().isEmpty());
        Allocation before = allocated(s, Allocation.EMPTY);
        Tenant edited = s.tenants().get(pick % s.tenants().size());
        Random random = new Random(seed);
        List<Ip4Prefix> prefixes = edited.prefixes().stream().filter(p -> random.nextBoolean())
                .collect(Collectors.toCollection(ArrayList::new));
        prefixes.addAll(added);
        List<Ip4Prefix> kept = withoutOverlaps(prefixes);
        DesiredState next = s.withTenant(edited.toBuilder().prefixes(kept).build());

        Allocation after = allocated(next, before);

        assertWellFormed(next, after);
        for (TranslatedBlock b : before.allBlocks()) {
            if (!b.tenant().equals(edited.name()) || kept.contains(b.original())) {
                assertTrue(after.allBlocks().contains(b), b + " moved");
            }
        }
    }

    @Property(tries = 300)
    void translatedHostsRoundTripAndLookUpToTheirTenant(@ForAll("states") DesiredState s, @ForAll int hostBits) {
        Allocation allocation = allocated(s, Allocation.EMPTY);
        List<TranslatedBlock> blocks = allocation.allBlocks();
        for (int i = 0; i < blocks.size(); i++) {
            TranslatedBlock b = blocks.get(i);
            int hostMask = b.original().prefixLength() == 32 ? 0 : -1 >>> b.original().prefixLength();
            Ip4Address host = Ip4Address.valueOf(
                    b.original().address().toInt() | (Integer.rotateLeft(hostBits, i) & hostMask));

            Ip4Address translated = b.translate(host);

            assertTrue(b.translated().contains(translated));
            assertEquals(host, b.untranslate(translated));
            assertEquals(Optional.of(new Binding(b.tenant(), host, translated)), allocation.lookup(translated));
        }
    }

    @Property(tries = 300)
    void pinsAreHonoured(@ForAll("states") DesiredState s, @ForAll long seed) {
        DesiredState pinned = withRandomPins(s, new Random(seed));
        Allocation allocation = allocated(pinned, Allocation.EMPTY);

        assertWellFormed(pinned, allocation);
        pinned.tenants().forEach(t -> t.translatedPrefixes().forEach((original, pin) -> assertEquals(
                pin, allocation.block(t.name(), original).orElseThrow().translated())));
    }

    @Property(tries = 300)
    void pinningTheBlocksAlreadyHeldMovesNothing(@ForAll("states") DesiredState s) {
        Allocation before = allocated(s, Allocation.EMPTY);
        List<Tenant> tenants = s.tenants().stream().map(t -> t.toBuilder().translatedPrefixes(
                before.blocks(t.name()).stream().collect(
                        Collectors.toMap(TranslatedBlock::original, TranslatedBlock::translated))).build())
                .collect(Collectors.toList());
        DesiredState pinned = state(s.pool(), s.services(), tenants);

        assertEquals(before, allocator.allocate(pinned, before));
        assertEquals(before, allocator.allocate(pinned, Allocation.EMPTY));
    }

    @Property(tries = 300)
    void serviceAddressesInsideThePoolAreNeverHandedOut(@ForAll("states") DesiredState s,
                                                        @ForAll("lowOffsets") List<Integer> offsets) {
        Ip4Prefix pool = s.pool().get(0);
        List<Service> services = IntStream.range(0, offsets.size() / 2).mapToObj(i -> new Service(
                "svc" + i, inside(pool, offsets.get(2 * i)), BACKUP.connectPoint(),
                inside(pool, offsets.get(2 * i + 1)), null)).collect(Collectors.toList());
        DesiredState withServices = state(s.pool(), services, s.tenants());
        Allocation before = allocated(s, Allocation.EMPTY);

        assertWellFormed(withServices, allocated(withServices, Allocation.EMPTY));
        assertWellFormed(withServices, allocated(withServices, before));
    }

    private Allocation allocated(DesiredState s, Allocation previous) {
        Optional<Allocation> a = tryAllocate(s, previous);
        Statistics.label("pool").collect(a.isPresent() ? "large enough" : "exhausted");
        Assume.that(a.isPresent());
        return a.get();
    }

    private Optional<Allocation> tryAllocate(DesiredState s, Allocation previous) {
        try {
            return Optional.of(allocator.allocate(s, previous));
        } catch (AllocationException e) {
            assertTrue(e.getMessage().contains("no free /"), e.getMessage());
            return Optional.empty();
        }
    }

    // Pins about a third of the prefixes to blocks taken from the top of the first pool prefix, largest first.
    private static DesiredState withRandomPins(DesiredState s, Random random) {
        Ip4Prefix pool = s.pool().get(0);
        List<Tenant> tenants = new ArrayList<>(s.tenants());
        List<int[]> chosen = new ArrayList<>(); // tenant index, prefix index
        for (int t = 0; t < tenants.size(); t++) {
            for (int p = 0; p < tenants.get(t).prefixes().size(); p++) {
                if (random.nextInt(3) == 0) {
                    chosen.add(new int[]{t, p});
                }
            }
        }
        chosen.sort((a, b) -> Integer.compare(tenants.get(a[0]).prefixes().get(a[1]).prefixLength(),
                                              tenants.get(b[0]).prefixes().get(b[1]).prefixLength()));
        List<Map<Ip4Prefix, Ip4Prefix>> pins = new ArrayList<>();
        tenants.forEach(t -> pins.add(new HashMap<>()));
        long cursor = PoolMath.end(pool) + 1;
        for (int[] c : chosen) {
            Ip4Prefix original = tenants.get(c[0]).prefixes().get(c[1]);
            long start = (cursor - PoolMath.size(original)) & -PoolMath.size(original);
            if (start >= PoolMath.start(pool)) {
                pins.get(c[0]).put(original, Ip4Prefix.valueOf((int) start, original.prefixLength()));
                cursor = start;
            }
        }
        for (int t = 0; t < tenants.size(); t++) {
            tenants.set(t, tenants.get(t).toBuilder().translatedPrefixes(pins.get(t)).build());
        }
        return state(s.pool(), s.services(), tenants);
    }

    private static Ip4Address inside(Ip4Prefix pool, int offset) {
        return Ip4Address.valueOf((int) (PoolMath.start(pool) + offset % PoolMath.size(pool)));
    }

    private static List<Ip4Prefix> withoutOverlaps(List<Ip4Prefix> prefixes) {
        List<Ip4Prefix> kept = new ArrayList<>();
        for (Ip4Prefix p : prefixes) {
            if (kept.stream().noneMatch(k -> k.contains(p) || p.contains(k))) {
                kept.add(p);
            }
        }
        return kept;
    }

    @Provide
    Arbitrary<DesiredState> states() {
        Arbitrary<List<Ip4Prefix>> pool = poolPrefixes(13, 18).list().ofMinSize(1).ofMaxSize(2);
        return Combinators.combine(pool, tenants(25)).as((p, t) -> state(p, List.of(BACKUP), t));
    }

    @Provide
    Arbitrary<DesiredState> smallPoolStates() {
        return Combinators.combine(poolPrefixes(16, 21), tenants(15))
                .as((p, t) -> state(List.of(p), List.of(BACKUP), t));
    }

    @Provide
    Arbitrary<List<Ip4Prefix>> tenantPrefixes() {
        Arbitrary<Ip4Prefix> prefix = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                                                          Arbitraries.integers().between(20, 32))
                .as((low, len) -> Ip4Prefix.valueOf(CUSTOMER_SPACE | low, len));
        return prefix.list().ofMaxSize(4).map(StaticAllocatorPropertyTest::withoutOverlaps);
    }

    @Provide
    Arbitrary<List<Integer>> lowOffsets() {
        return Arbitraries.integers().between(0, 0xFFFF).list().ofMinSize(2).ofMaxSize(6);
    }

    private Arbitrary<List<Tenant>> tenants(int most) {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        return names.list().ofMaxSize(most).uniqueElements().flatMap(
                ns -> tenantPrefixes().list().ofSize(ns.size()).map(ps -> IntStream.range(0, ns.size())
                        .mapToObj(i -> tenant(ns.get(i), i + 1, ps.get(i))).collect(Collectors.toList())));
    }

    private static Arbitrary<Ip4Prefix> poolPrefixes(int shortest, int longest) {
        return Combinators.combine(Arbitraries.integers().between(0, (1 << 22) - 1),
                                   Arbitraries.integers().between(shortest, longest))
                .as((bits, len) -> Ip4Prefix.valueOf(SHARED_SPACE | bits, len));
    }
}
