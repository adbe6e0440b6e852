package org.tenantnat.config;

import org.onlab.packet.Ip4Prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether the static tenants' prefixes fit the pool as aligned, same-size blocks once the pinned
 * blocks are taken.
 * <p>
 * Free space is cut into the largest aligned blocks that avoid every pinned block; prefixes are then placed
 * largest first. Because every size is a power of two, a block's remaining room is always a multiple of the
 * prefix being placed, so this greedy placement fails only when no placement at all exists.
 */
final class PoolFit {

    /**
     * A customer prefix, or the pool block of a dynamic or pat tenant, that needs a block of the pool; the path that
     * names it and how an error describes it.
     */
    static final class Demand {
        final Supplier<String> field;
        final Ip4Prefix prefix;
        final boolean poolBlock;

        Demand(Supplier<String> field, Ip4Prefix prefix) {
            this(field, prefix, false);
        }

        Demand(Supplier<String> field, Ip4Prefix prefix, boolean poolBlock) {
            this.field = field;
            this.prefix = prefix;
            this.poolBlock = poolBlock;
        }

        /** How an error names what needs the block. */
        String described() {
            return poolBlock ? field.get() + " (the tenant's pool block)" : field.get() + " " + prefix;
        }
    }

    private PoolFit() {
    }

    /**
     * Finds the first prefix, largest first, for which no free block remains.
     *
     * @param pool    pool prefixes, not overlapping each other
     * @param pinned  blocks already taken, each inside the pool
     * @param demands unpinned prefixes needing a block
     * @return the prefix that does not fit, empty when all fit
     */
    static Optional<Demand> firstMisfit(List<Ip4Prefix> pool, List<Ip4Prefix> pinned, List<Demand> demands) {
        List<Ip4Prefix> free = freeBlocks(pool, pinned);
        long[] room = new long[free.size()];
        for (int i = 0; i < room.length; i++) {
            room[i] = Addresses.size(free.get(i));
        }
        // Largest first, document order among equals: one bucket per prefix length instead of a sort.
        List<List<Demand>> byLength = new ArrayList<>(Ip4Prefix.MAX_MASK_LENGTH + 1);
        for (int len = 0; len <= Ip4Prefix.MAX_MASK_LENGTH; len++) {
            byLength.add(new ArrayList<>());
        }
        demands.forEach(d -> byLength.get(d.prefix.prefixLength()).add(d));
        for (List<Demand> bucket : byLength) {
            for (Demand d : bucket) {
                long size = Addresses.size(d.prefix);
                int slot = firstWithRoom(room, size);
                if (slot < 0) {
                    return Optional.of(d);
                }
                room[slot] -= size;
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the largest aligned blocks of the pool that no pinned block touches.
     *
     * @param pool   pool prefixes
     * @param pinned blocks already taken
     * @return free blocks
     */
    static List<Ip4Prefix> freeBlocks(List<Ip4Prefix> pool, List<Ip4Prefix> pinned) {
        List<Ip4Prefix> free = new ArrayList<>();
        pool.forEach(p -> collectFree(p, pinned, free));
        return free;
    }

    private static void collectFree(Ip4Prefix block, List<Ip4Prefix> pinned, List<Ip4Prefix> free) {
        if (pinned.stream().noneMatch(pin -> Addresses.overlap(pin, block))) {
            free.add(block);
            return;
        }
        if (pinned.stream().anyMatch(pin -> Addresses.contains(pin, block))) {
            return;
        }
        // A pin lies strictly inside the block, so the block is at most /31 and splits into two halves.
        int half = block.prefixLength() + 1;
        int base = block.address().toInt();
        collectFree(Ip4Prefix.valueOf(base, half), pinned, free);
        collectFree(Ip4Prefix.valueOf(base | (1 << (Ip4Prefix.MAX_MASK_LENGTH - half)), half), pinned, free);
    }

    private static int firstWithRoom(long[] room, long size) {
        for (int i = 0; i < room.length; i++) {
            if (room[i] >= size) {
                return i;
            }
        }
        return -1;
    }
}
