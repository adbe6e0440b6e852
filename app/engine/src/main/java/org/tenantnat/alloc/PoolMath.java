package org.tenantnat.alloc;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Address arithmetic on a translation pool.
 */
public final class PoolMath {

    /** Orders prefixes by start address (unsigned), then shorter first. */
    static final Comparator<Ip4Prefix> BY_ADDRESS =
            Comparator.comparingLong(PoolMath::start).thenComparingInt(Ip4Prefix::prefixLength);

    private PoolMath() {
    }

    /**
     * Returns the number of addresses in a block.
     *
     * @param prefix block
     * @return address count, 1 to 2^32
     */
    public static long size(Ip4Prefix prefix) {
        return 1L << (Ip4Prefix.MAX_MASK_LENGTH - prefix.prefixLength());
    }

    /**
     * Returns the number of distinct addresses in a pool; an address covered by two pool prefixes counts once.
     *
     * @param pool pool prefixes
     * @return address count
     */
    public static long size(List<Ip4Prefix> pool) {
        return normalise(pool).stream().mapToLong(PoolMath::size).sum();
    }

    /**
     * Returns how much of a pool an allocation holds, in total and per tenant.
     *
     * @param pool       pool prefixes
     * @param allocation allocation in force
     * @return usage
     */
    public static PoolUsage usage(List<Ip4Prefix> pool, Allocation allocation) {
        Map<String, Long> perTenant = new TreeMap<>();
        allocation.byTenant().forEach((tenant, blocks) -> perTenant.put(
                tenant, blocks.stream().map(TranslatedBlock::translated).mapToLong(PoolMath::size).sum()));
        return new PoolUsage(size(pool), allocation.allocatedAddresses(), perTenant);
    }

    /**
     * Returns a pool as its maximal aligned blocks, in address order: nested prefixes are dropped and adjacent
     * halves of a larger block are merged, so a block lies in the pool exactly when one of these contains it.
     *
     * @param pool pool prefixes, in any order, possibly nested
     * @return disjoint, maximal aligned blocks covering the same addresses
     */
    static List<Ip4Prefix> normalise(List<Ip4Prefix> pool) {
        List<Ip4Prefix> sorted = new ArrayList<>(pool);
        sorted.sort(BY_ADDRESS);
        Deque<Ip4Prefix> blocks = new ArrayDeque<>();
        for (Ip4Prefix p : sorted) {
            // Sorted by start, shorter first: a prefix can only be nested in, or the upper half of, the last block.
            if (!blocks.isEmpty() && blocks.peekLast().contains(p)) {
                continue;
            }
            Ip4Prefix block = p;
            while (!blocks.isEmpty() && isLowerHalfOf(blocks.peekLast(), block)) {
                block = Ip4Prefix.valueOf(blocks.removeLast().address(), block.prefixLength() - 1);
            }
            blocks.addLast(block);
        }
        return ImmutableList.copyOf(blocks);
    }

    // Tells whether lower and upper are the two halves of one aligned block, in that order.
    private static boolean isLowerHalfOf(Ip4Prefix lower, Ip4Prefix upper) {
        return lower.prefixLength() == upper.prefixLength() && lower.prefixLength() > 0
                && start(lower) % (2 * size(lower)) == 0 && start(lower) + size(lower) == start(upper);
    }

    /**
     * Returns the first address of a block as an unsigned value.
     *
     * @param prefix block
     * @return start address, 0 to 2^32-1
     */
    static long start(Ip4Prefix prefix) {
        return Integer.toUnsignedLong(prefix.address().toInt());
    }

    /**
     * Returns the last address of a block as an unsigned value.
     *
     * @param prefix block
     * @return last address, 0 to 2^32-1
     */
    static long end(Ip4Prefix prefix) {
        return start(prefix) + size(prefix) - 1;
    }
}
