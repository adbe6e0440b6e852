package org.tenantnat.alloc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onlab.packet.Ip4Prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buddy free space: blocks taken and released in any order never overlap, the space freed is exactly what was
 * taken, and releasing everything merges the space back into the pool's own blocks, no further.
 */
class FreeBlocksPropertyTest {

    // Two pool prefixes that are not buddies: releases must never merge them into one block.
    private static final List<Ip4Prefix> POOL = PoolMath.normalise(Fixtures.prefixes("100.64.0.0/20",
                                                                                   "100.64.32.0/21"));

    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(0, 999).list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 200)
    void takenBlocksNeverOverlapAndReleasingAllRestoresThePool(@ForAll("operations") List<Integer> ops) {
        FreeBlocks free = new FreeBlocks(POOL);
        List<Ip4Prefix> taken = new ArrayList<>();
        Random pick = new Random(ops.hashCode());
        for (int op : ops) {
            if (op % 3 == 0 && !taken.isEmpty()) {
                free.release(taken.remove(pick.nextInt(taken.size())));
            } else {
                Ip4Prefix block = free.takeAny(22 + op % 9);
                if (block != null) {
                    taken.forEach(t -> assertFalse(overlap(t, block), block + " overlaps " + t));
                    taken.add(block);
                }
            }
            taken.forEach(t -> assertFalse(free.take(t), t + " is taken, yet free"));
        }
        taken.forEach(free::release);
        for (Ip4Prefix root : POOL) {
            assertTrue(free.take(root), root + " is whole again");
        }
        assertTrue(free.takeAny(19) == null, "the two pool prefixes never merge into a /19");
    }

    @Property(tries = 100)
    void aReleasedBlockCanBeTakenAgainExactly(@ForAll("operations") List<Integer> ops) {
        FreeBlocks free = new FreeBlocks(POOL);
        List<Ip4Prefix> taken = new ArrayList<>();
        for (int op : ops) {
            Ip4Prefix block = free.takeAny(24 + op % 5);
            if (block != null) {
                taken.add(block);
            }
        }
        for (Ip4Prefix block : taken) {
            free.release(block);
            assertTrue(free.take(block), block + " can be taken again");
        }
    }

    @Property(tries = 50)
    void releasingWhatIsFreeIsRefused(@ForAll("operations") List<Integer> ops) {
        FreeBlocks free = new FreeBlocks(POOL);
        Ip4Prefix block = free.takeAny(24 + ops.get(0) % 5);
        assertNotNull(block);
        free.release(block);
        assertThrows(IllegalArgumentException.class, () -> free.release(block));
        assertThrows(IllegalArgumentException.class, () -> free.release(Ip4Prefix.valueOf("10.0.0.0/24")));
        assertEquals(block, free.takeAny(block.prefixLength()), "the lowest block is handed out first again");
    }

    private static boolean overlap(Ip4Prefix a, Ip4Prefix b) {
        return a.contains(b.address()) || b.contains(a.address());
    }
}
