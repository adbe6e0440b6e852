package org.tenantnat.api.model;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A range of transport ports, both ends included: the port block of a pat binding.
 */
public final class PortRange {

    private final int first;
    private final int last;

    /**
     * Creates a range.
     *
     * @param first first port
     * @param last  last port, at least the first
     */
    public PortRange(int first, int last) {
        checkArgument(first >= 0 && first <= last && last <= 0xffff, "bad port range %s-%s", first, last);
        this.first = first;
        this.last = last;
    }

    /**
     * Returns the first port.
     *
     * @return port
     */
    public int first() {
        return first;
    }

    /**
     * Returns the last port.
     *
     * @return port
     */
    public int last() {
        return last;
    }

    /**
     * Returns the number of ports.
     *
     * @return size
     */
    public int size() {
        return last - first + 1;
    }

    /**
     * Tells whether a port is in the range.
     *
     * @param port port
     * @return true when inside
     */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof PortRange && first == ((PortRange) o).first && last == ((PortRange) o).last);
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, last);
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
