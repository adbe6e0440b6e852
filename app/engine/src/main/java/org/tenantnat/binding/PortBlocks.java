package org.tenantnat.binding;

import org.tenantnat.api.model.PortRange;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How the ports of one pool address are cut into port blocks: power-of-two sized, aligned on their size (so one
 * masked match on the destination port classifies a block's returns), above the well-known and registered-low
 * ports ({@value #FIRST_PORT} and up), numbered from 0 upward.
 */
public final class PortBlocks {

    /** No block starts below this port. */
    public static final int FIRST_PORT = 1024;
    /** Smallest port block. */
    public static final int MIN_SIZE = 64;
    /** Largest port block. */
    public static final int MAX_SIZE = 32768;
    private static final int PORTS = 1 << 16;

    private PortBlocks() {
    }

    /**
     * Returns how many blocks of a size one address has.
     *
     * @param size ports per block, a power of two
     * @return blocks per address
     */
    public static int perAddress(int size) {
        return (PORTS - firstStart(size)) / size;
    }

    /**
     * Returns a block by its number.
     *
     * @param size  ports per block, a power of two
     * @param index block number, 0 to {@link #perAddress(int)} - 1
     * @return ports of the block
     */
    public static PortRange block(int size, int index) {
        checkArgument(index >= 0 && index < perAddress(size), "no port block %s of size %s", index, size);
        int first = firstStart(size) + index * size;
        return new PortRange(first, first + size - 1);
    }

    /**
     * Returns the number of the block a range is.
     *
     * @param size  ports per block
     * @param ports a block of that size
     * @return block number
     */
    public static int indexOf(int size, PortRange ports) {
        checkArgument(ports.size() == size && ports.first() % size == 0 && ports.first() >= firstStart(size),
                      "%s is not a port block of size %s", ports, size);
        return (ports.first() - firstStart(size)) / size;
    }

    private static int firstStart(int size) {
        return (FIRST_PORT + size - 1) / size * size;
    }
}
