package org.tenantnat.config;

import org.onlab.packet.Ip4Prefix;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether the static tenants' prefixes fit the pool as aligned, same-size blocks once the pinned
 * blocks are taken.
 * <p>
 * Free space is cut into the largest aligned blocks that avoid every pinned block; prefixes are then placed
 * largest first. Because every size is a power of two, a block's remaining room is always a multiple of the
 * prefix being placed, so this greedy placement fails only when no placement at all exists. Prefixes of one length
 * are interchangeable, so they are placed by count rather than one by one.
 */
final class PoolFit {

    /** The demand that found no room: its prefix length and its position among the demands of that length. */
    static final class Misfit {
        final int length;
        final int ordinal;

        Misfit(int length, int ordinal) {
            this.length = length;
            this.ordinal = ordinal;
        }
    }

    private PoolFit() {
    }

    /**
     * Finds the first prefix, largest first and in document order among prefixes of one length, for which no free
     * block remains.
     *
     * @param pool    pool prefixes, not overlapping each other
     * @param pinned  blocks already taken, each inside the pool
     * @param demands how many unpinned prefixes need a block, by prefix length
     * @return the prefix that does not fit, null when all fit
     */
    static Misfit firstMisfit(List<Ip4Prefix> pool, List<Ip4Prefix> pinned, int[] demands) {
        List<Ip4Prefix> free = freeBlocks(pool, pinned);
        long[] room = new long[free.size()];
        for (int i = 0; i < room.length; i++) {
            room[i] = Addresses.size(free.get(i));
        }
        for (int length = 0; length < demands.length; length++) {
            long size = 1L << (Ip4Prefix.MAX_MASK_LENGTH - length);
            long left = demands[length];
            // First fit: the blocks before the one filled last have less room than this size, and keep it so.
            for (int slot = 0; slot < room.length && left > 0; slot++) {
                long placed = Math.min(left, room[slot] / size);
                room[slot] -= placed * size;
                left -= placed;
            }
            if (left > 0) {
                return new Misfit(length, (int) (demands[length] - left));
            }
        }
        return null;
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
}
