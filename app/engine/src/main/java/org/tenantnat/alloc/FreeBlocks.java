package org.tenantnat.alloc;

import org.onlab.packet.Ip4Prefix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The free space of a pool as a buddy allocator. Free blocks are always the maximal aligned blocks of the free space
 * (taking a block splits the free block holding it into halves; releasing one merges it with its free buddy, up to
 * the pool prefix holding it), so a block is free exactly when one free block contains it. They are indexed twice: per prefix length, to take the smallest block that fits; and by
 * address, to find the block holding a given one. Either costs a few tree operations, whatever the number of blocks
 * already taken. Addresses are held as non-negative longs so that unsigned order is natural order.
 */
final class FreeBlocks {

    private static final int LENGTHS = Ip4Prefix.MAX_MASK_LENGTH + 1;

    private final List<TreeSet<Long>> byLength = new ArrayList<>(LENGTHS);
    private final TreeMap<Long, Integer> byStart = new TreeMap<>();
    /** The pool's own maximal blocks: a released block never merges beyond the one holding it. */
    private final TreeMap<Long, Integer> roots = new TreeMap<>();

    /**
     * Creates the free space of a pool, all of it free.
     *
     * @param pool the pool as its maximal aligned blocks, as {@link PoolMath#normalise} gives them
     */
    FreeBlocks(Collection<Ip4Prefix> pool) {
        for (int len = 0; len < LENGTHS; len++) {
            byLength.add(new TreeSet<>());
        }
        pool.forEach(p -> {
            add(PoolMath.start(p), p.prefixLength());
            roots.put(PoolMath.start(p), p.prefixLength());
        });
    }

    /**
     * Gives back a block taken earlier, merging it with its free buddies.
     *
     * @param prefix block, wholly taken and inside the pool
     * @throws IllegalArgumentException when part of it is free or outside the pool
     */
    void release(Ip4Prefix prefix) {
        long start = PoolMath.start(prefix);
        int len = prefix.prefixLength();
        Map.Entry<Long, Integer> root = roots.floorEntry(start);
        if (root == null || root.getValue() > len || root.getKey() + size(root.getValue()) <= start) {
            throw new IllegalArgumentException(prefix + " is outside the pool");
        }
        Map.Entry<Long, Integer> before = byStart.floorEntry(start + size(len) - 1);
        if (before != null && before.getKey() + size(before.getValue()) > start) {
            throw new IllegalArgumentException(prefix + " is partly free already");
        }
        while (len > root.getValue()) {
            long buddy = start ^ size(len);
            Integer buddyLen = byStart.get(buddy);
            if (buddyLen == null || buddyLen != len) {
                break;
            }
            remove(buddy, len);
            start = Math.min(start, buddy);
            len--;
        }
        add(start, len);
    }

    /**
     * Takes one given block if all of it is free.
     *
     * @param prefix block
     * @return true when taken, false when some of it is not free (taken already, or outside the pool)
     */
    boolean take(Ip4Prefix prefix) {
        long start = PoolMath.start(prefix);
        Map.Entry<Long, Integer> holder = byStart.floorEntry(start);
        if (holder == null || holder.getValue() > prefix.prefixLength()
                || holder.getKey() + size(holder.getValue()) <= start) {
            return false;
        }
        remove(holder.getKey(), holder.getValue());
        split(holder.getKey(), holder.getValue(), start, prefix.prefixLength());
        return true;
    }

    /**
     * Takes a free block of a given length: the lowest one inside the smallest free block that can hold it, so that
     * larger free blocks stay whole for larger requests.
     *
     * @param len prefix length
     * @return the block taken, null when no free block of that length is left
     */
    Ip4Prefix takeAny(int len) {
        for (int l = len; l >= 0; l--) {
            TreeSet<Long> free = byLength.get(l);
            if (!free.isEmpty()) {
                long holder = free.first();
                remove(holder, l);
                split(holder, l, holder, len);
                return Ip4Prefix.valueOf((int) holder, len);
            }
        }
        return null;
    }

    // Splits a free block (already removed) down to the target inside it; the halves not holding it stay free.
    private void split(long holder, int holderLen, long target, int targetLen) {
        long block = holder;
        for (int l = holderLen + 1; l <= targetLen; l++) {
            long upper = block + size(l);
            if (target >= upper) {
                add(block, l);
                block = upper;
            } else {
                add(upper, l);
            }
        }
    }

    private void add(long start, int len) {
        byLength.get(len).add(start);
        byStart.put(start, len);
    }

    private void remove(long start, int len) {
        byLength.get(len).remove(start);
        byStart.remove(start);
    }

    private static long size(int len) {
        return 1L << (Ip4Prefix.MAX_MASK_LENGTH - len);
    }
}
