package org.tenantnat.state;

import org.onlab.packet.Ip4Prefix;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pinned translated blocks ({@code translatedPrefixes}) by address, to find the pin a block overlaps in
 * logarithmic time. Pins of a valid state never overlap, so each address belongs to at most one.
 */
public final class PinIndex {

    /** A pinned block, the tenant that pinned it and the customer prefix it translates. */
    public static final class Pin {
        private final String tenant;
        private final Ip4Prefix original;
        private final Ip4Prefix block;

        Pin(String tenant, Ip4Prefix original, Ip4Prefix block) {
            this.tenant = tenant;
            this.original = original;
            this.block = block;
        }

        /**
         * Returns the tenant that pinned the block.
         *
         * @return tenant name
         */
        public String tenant() {
            return tenant;
        }

        /**
         * Returns the customer prefix the block translates.
         *
         * @return customer prefix
         */
        public Ip4Prefix original() {
            return original;
        }

        /**
         * Returns the pinned block.
         *
         * @return block of the pool
         */
        public Ip4Prefix block() {
            return block;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pin && tenant.equals(((Pin) o).tenant) && original.equals(((Pin) o).original)
                    && block.equals(((Pin) o).block);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, original, block);
        }
    }

    private final TreeMap<Long, Pin> byStart = new TreeMap<>();

    void add(String tenant, Ip4Prefix original, Ip4Prefix block) {
        byStart.put(start(block), new Pin(tenant, original, block));
    }

    void remove(String tenant, Ip4Prefix original, Ip4Prefix block) {
        byStart.remove(start(block), new Pin(tenant, original, block));
    }

    /**
     * Finds a pin that shares an address with a block, other than the given tenant's own.
     *
     * @param block  block of the pool
     * @param except tenant whose pins do not count
     * @return an overlapping pin
     */
    public Optional<Pin> overlapping(Ip4Prefix block, String except) {
        long start = start(block);
        long end = start + (1L << (Ip4Prefix.MAX_MASK_LENGTH - block.prefixLength())) - 1;
        // Pins are aligned blocks: one that overlaps either starts inside the block or holds its start.
        Map.Entry<Long, Pin> below = byStart.floorEntry(start);
        if (below != null && below.getValue().block.contains(block.address()) && !below.getValue().tenant.equals(except)) {
            return Optional.of(below.getValue());
        }
        return byStart.subMap(start, true, end, true).values().stream()
                .filter(p -> !p.tenant.equals(except)).findFirst();
    }

    private static long start(Ip4Prefix block) {
        return block.address().toInt() & 0xffffffffL;
    }
}
