package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One entry of the audit trail: which tenant's customer addresses held which pool addresses (and ports), from when
 * to when. A dynamic binding or pat port block holds one host address; a static translated block a whole prefix,
 * host bits kept. Immutable.
 */
public final class BindingRecord {

    private final String tenant;
    private final Ip4Prefix original;
    private final Ip4Prefix translated;
    private final PortRange ports;
    private final Instant from;
    private final Instant to;
    /** {@link #key()}, made once: the trail looks records up by it. */
    private String key;

    /**
     * Creates a record.
     *
     * @param tenant     tenant name
     * @param original   customer host (a /32) or prefix
     * @param translated pool address (a /32) or block, of the same length
     * @param ports      port block on the pool address, null when the whole address is held
     * @param from       when it began
     * @param to         when it ended, null while it holds
     */
    public BindingRecord(String tenant, Ip4Prefix original, Ip4Prefix translated, PortRange ports, Instant from,
                         Instant to) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.original = checkNotNull(original, "original");
        this.translated = checkNotNull(translated, "translated");
        this.ports = ports;
        this.from = checkNotNull(from, "from");
        this.to = to;
        checkArgument(original.prefixLength() == translated.prefixLength(), "%s and %s differ in length", original,
                      translated);
        checkArgument(to == null || !to.isBefore(from), "record ends at %s before it began at %s", to, from);
    }

    /**
     * Returns the record of a dynamic binding or pat port block.
     *
     * @param binding binding with its start time (and end time when ended)
     * @return record
     */
    public static BindingRecord of(Binding binding) {
        return new BindingRecord(binding.tenant(), binding.original().toIpPrefix().getIp4Prefix(),
                                 binding.translated().toIpPrefix().getIp4Prefix(), binding.ports().orElse(null),
                                 binding.from().orElseThrow(() -> new IllegalArgumentException(
                                         "binding " + binding + " has no start time")),
                                 binding.to().orElse(null));
    }

    /**
     * Returns the record of a static translated block.
     *
     * @param block block
     * @param from  when it began
     * @return record in force
     */
    public static BindingRecord of(TranslatedBlock block, Instant from) {
        return new BindingRecord(block.tenant(), block.original(), block.translated(), null, from, null);
    }

    /**
     * Returns the tenant.
     *
     * @return tenant name
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the customer host or prefix.
     *
     * @return prefix, a /32 for one host
     */
    public Ip4Prefix original() {
        return original;
    }

    /**
     * Returns the pool address or block.
     *
     * @return prefix, a /32 for one address
     */
    public Ip4Prefix translated() {
        return translated;
    }

    /**
     * Returns the port block.
     *
     * @return ports, empty when the whole address was held
     */
    public Optional<PortRange> ports() {
        return Optional.ofNullable(ports);
    }

    /**
     * Returns when it began.
     *
     * @return time
     */
    public Instant from() {
        return from;
    }

    /**
     * Returns when it ended.
     *
     * @return time, empty while it holds
     */
    public Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    /**
     * Returns the same record, ended.
     *
     * @param end end time
     * @return ended record
     */
    public BindingRecord endedAt(Instant end) {
        return new BindingRecord(tenant, original, translated, ports, from, end.isBefore(from) ? from : end);
    }

    /**
     * Returns what identifies the record in the trail: what it held and since when.
     *
     * @return e.g. {@code 100.64.3.7/32:40960@2026-11-24T14:02:00Z}
     */
    public String key() {
        String k = key;
        if (k == null) {
            k = translated + (ports == null ? "" : ":" + ports.first()) + "@" + from;
            key = k;
        }
        return k;
    }

    /**
     * Tells whether the record held an address, and a port when one is given, at a time.
     *
     * @param address pool address
     * @param port    transport port, negative for any
     * @param at      time
     * @return true when it did
     */
    public boolean held(Ip4Address address, int port, Instant at) {
        return translated.contains(address) && (port < 0 || ports == null || ports.contains(port))
                && !at.isBefore(from) && (to == null || at.isBefore(to));
    }

    /**
     * Answers who an address of the record was.
     *
     * @param address a pool address of the record
     * @return tenant, customer host, ports and times
     */
    public Binding answer(Ip4Address address) {
        checkArgument(translated.contains(address), "%s is not in %s", address, translated);
        int hostMask = original.prefixLength() == Ip4Prefix.MAX_MASK_LENGTH ? 0 : -1 >>> original.prefixLength();
        Ip4Address host = Ip4Address.valueOf(original.address().toInt() | (address.toInt() & hostMask));
        return new Binding(tenant, host, address, ports, from, to);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BindingRecord)) {
            return false;
        }
        BindingRecord that = (BindingRecord) o;
        return tenant.equals(that.tenant) && original.equals(that.original) && translated.equals(that.translated)
                && Objects.equals(ports, that.ports) && from.equals(that.from) && Objects.equals(to, that.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, original, translated, ports, from, to);
    }

    @Override
    public String toString() {
        return tenant + ":" + original + "=" + translated + (ports == null ? "" : ":" + ports) + " from " + from
                + (to == null ? "" : " to " + to);
    }
}
