package org.tenantnat.api.model;

import org.onosproject.net.ConnectPoint;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A link between two switches that the operator declares in the desired state, for switches that must not be
 * probed with LLDP. A link carries traffic both ways; which end is written first does not matter. Immutable.
 */
public final class FabricLink {

    private final ConnectPoint src;
    private final ConnectPoint dst;

    /**
     * Creates a link.
     *
     * @param src one end
     * @param dst the other end
     */
    public FabricLink(ConnectPoint src, ConnectPoint dst) {
        this.src = checkNotNull(src, "src");
        this.dst = checkNotNull(dst, "dst");
    }

    /**
     * Returns the end written first.
     *
     * @return switch port
     */
    public ConnectPoint src() {
        return src;
    }

    /**
     * Returns the end written second.
     *
     * @return switch port
     */
    public ConnectPoint dst() {
        return dst;
    }

    /**
     * Returns the name of the link, the same whichever way round it is written: its lower end first, e.g.
     * {@code of:0000000000000001/4-of:0000000000000003/1}.
     *
     * @return key
     */
    public String key() {
        String a = src.toString();
        String b = dst.toString();
        return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
    }

    /**
     * Tells whether a port is one end of the link.
     *
     * @param port switch port
     * @return true for either end
     */
    public boolean endsAt(ConnectPoint port) {
        return src.equals(port) || dst.equals(port);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof FabricLink && src.equals(((FabricLink) o).src)
                && dst.equals(((FabricLink) o).dst));
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst);
    }

    @Override
    public String toString() {
        return src + "-" + dst;
    }
}
