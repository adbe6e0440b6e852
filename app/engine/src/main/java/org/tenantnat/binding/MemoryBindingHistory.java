package org.tenantnat.binding;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.BindingRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An audit trail held in memory: lost on restart. For hosts that keep no trail of their own and for tests.
 */
public final class MemoryBindingHistory implements BindingHistory {

    /** Orders records by start, then key. */
    static final Comparator<BindingRecord> BY_START = Comparator.comparing(BindingRecord::from)
            .thenComparing(BindingRecord::key);

    private final Duration retention;
    private final Map<String, BindingRecord> records = new LinkedHashMap<>();
    // Keys of each tenant's open records: a change to one tenant ends its blocks without a scan of every record
    // (static blocks alone are 40,000 records at 10,000 tenants).
    private final Map<String, Set<String>> openByTenant = new HashMap<>();

    /**
     * Creates an empty trail.
     *
     * @param retention how long an ended record is kept
     */
    public MemoryBindingHistory(Duration retention) {
        this.retention = retention;
    }

    @Override
    public synchronized void record(Collection<BindingRecord> batch) {
        batch.forEach(this::put);
    }

    private void put(BindingRecord r) {
        records.put(r.key(), r);
        if (r.to().isEmpty()) {
            openByTenant.computeIfAbsent(r.tenant(), t -> new HashSet<>()).add(r.key());
        } else {
            unindex(r);
        }
    }

    private void unindex(BindingRecord r) {
        Set<String> open = openByTenant.get(r.tenant());
        if (open != null && open.remove(r.key()) && open.isEmpty()) {
            openByTenant.remove(r.tenant());
        }
    }

    /**
     * Records one record written elsewhere and heard late (another cluster node's write, delivered after this
     * node's own): the start of a record that already ended here is dropped, since a record's key holds its start
     * and an end is final.
     *
     * @param r record as it was written
     */
    public synchronized void replay(BindingRecord r) {
        BindingRecord held = records.get(r.key());
        if (r.to().isEmpty() && held != null && held.to().isPresent()) {
            return;
        }
        put(r);
    }

    /**
     * Drops one record, as a prune elsewhere did.
     *
     * @param key the record's {@link BindingRecord#key()}
     */
    public synchronized void forget(String key) {
        BindingRecord r = records.remove(key);
        if (r != null) {
            unindex(r);
        }
    }

    @Override
    public synchronized void close(String tenant, Ip4Prefix translated, Instant to) {
        ending(tenant, translated, to).forEach(this::put);
    }

    /**
     * Returns the records that {@link #close closing} a static block ends, as they read once ended: the tenant's
     * open records of the block itself (not port blocks of it). Nothing is recorded.
     *
     * @param tenant     tenant name
     * @param translated the block
     * @param to         when it ended
     * @return ended records, oldest first
     */
    public synchronized List<BindingRecord> ending(String tenant, Ip4Prefix translated, Instant to) {
        return openOf(tenant).stream().filter(r -> r.translated().equals(translated) && r.ports().isEmpty())
                .map(r -> r.endedAt(to)).collect(Collectors.toList());
    }

    /**
     * Returns one tenant's open records.
     *
     * @param tenant tenant name
     * @return its records without an end, oldest first
     */
    public synchronized List<BindingRecord> openOf(String tenant) {
        return openByTenant.getOrDefault(tenant, Set.of()).stream().map(records::get).sorted(BY_START)
                .collect(Collectors.toList());
    }

    /**
     * Returns the records that ended before a time.
     *
     * @param cut the time
     * @return records, oldest first
     */
    public synchronized List<BindingRecord> endedBefore(Instant cut) {
        return records.values().stream().filter(r -> r.to().isPresent() && r.to().get().isBefore(cut))
                .sorted(BY_START).collect(Collectors.toList());
    }

    @Override
    public synchronized List<BindingRecord> at(Ip4Address address, int port, Instant at) {
        return records.values().stream().filter(r -> r.held(address, port, at)).sorted(BY_START)
                .collect(Collectors.toList());
    }

    @Override
    public synchronized List<BindingRecord> between(String tenant, Instant from, Instant to) {
        return records.values().stream()
                .filter(r -> (tenant == null || r.tenant().equals(tenant)) && r.from().isBefore(to)
                        && (r.to().isEmpty() || !r.to().get().isBefore(from)))
                .sorted(BY_START).collect(Collectors.toList());
    }

    @Override
    public synchronized List<BindingRecord> open() {
        return records.values().stream().filter(r -> r.to().isEmpty()).sorted(BY_START)
                .collect(Collectors.toList());
    }

    @Override
    public synchronized int prune(Instant now) {
        List<BindingRecord> old = endedBefore(now.minus(retention));
        old.forEach(r -> forget(r.key()));
        return old.size();
    }
}
