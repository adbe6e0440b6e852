package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One customer host and the translated address the service sees for it: the answer to "who is this address". A
 * binding of a dynamic tenant also says since when it holds the address; one of a pat tenant holds a block of ports
 * on the address. An answer from the audit trail says until when it held it, when that is over.
 */
public final class Binding {

    private final String tenant;
    private final Ip4Address original;
    private final Ip4Address translated;
    private final PortRange ports;
    private final Instant from;
    private final Instant to;
    /** {@link #slot()}, made once: it keys the binding in every index, and formatting an address is not cheap. */
    private String slot;

    /**
     * Creates a binding without ports or times: an address of a static block in force.
     *
     * @param tenant     tenant name
     * @param original   customer host
     * @param translated translated address
     */
    public Binding(String tenant, Ip4Address original, Ip4Address translated) {
        this(tenant, original, translated, null, null, null);
    }

    /**
     * Creates a binding.
     *
     * @param tenant     tenant name
     * @param original   customer host
     * @param translated translated address
     * @param ports      port block on the translated address, null when the host has the whole address
     * @param from       when it began, null when unknown
     * @param to         when it ended, null while it holds
     */
    public Binding(String tenant, Ip4Address original, Ip4Address translated, PortRange ports, Instant from,
                   Instant to) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.original = checkNotNull(original, "original");
        this.translated = checkNotNull(translated, "translated");
        this.ports = ports;
        this.from = from;
        this.to = to;
        checkArgument(to == null || (from != null && !to.isBefore(from)), "binding ends at %s before it began at %s",
                      to, from);
    }

    /**
     * Returns the tenant name.
     *
     * @return tenant
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the customer host.
     *
     * @return address
     */
    public Ip4Address original() {
        return original;
    }

    /**
     * Returns the translated address.
     *
     * @return address
     */
    public Ip4Address translated() {
        return translated;
    }

    /**
     * Returns the port block on the translated address.
     *
     * @return ports, empty when the host has the whole address
     */
    public Optional<PortRange> ports() {
        return Optional.ofNullable(ports);
    }

    /**
     * Returns when the binding began.
     *
     * @return time, empty when unknown
     */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /**
     * Returns when the binding ended.
     *
     * @return time, empty while it holds
     */
    public Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    /**
     * Returns the same binding, ended.
     *
     * @param end when it ended
     * @return ended binding
     */
    public Binding endedAt(Instant end) {
        return new Binding(tenant, original, translated, ports, from, end);
    }

    /**
     * Returns what the binding holds of the pool: its translated address, and its first port when it holds a port
     * block. No two bindings in force hold the same slot.
     *
     * @return e.g. {@code 100.64.3.7} or {@code 100.64.3.7:40960}
     */
    public String slot() {
        String s = slot;
        if (s == null) {
            s = ports == null ? translated.toString() : translated + ":" + ports.first();
            slot = s;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Binding)) {
            return false;
        }
        Binding that = (Binding) o;
        return tenant.equals(that.tenant) && original.equals(that.original) && translated.equals(that.translated)
                && Objects.equals(ports, that.ports) && Objects.equals(from, that.from) && Objects.equals(to, that.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, original, translated, ports, from, to);
    }

    @Override
    public String toString() {
        return tenant + ":" + original + "=" + translated + (ports == null ? "" : ":" + ports)
                + (from == null ? "" : " from " + from) + (to == null ? "" : " to " + to);
    }
}
