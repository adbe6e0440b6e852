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
            return;
        }
        Set<String> open = openByTenant.get(r.tenant());
        if (open != null && open.remove(r.key()) && open.isEmpty()) {
            openByTenant.remove(r.tenant());
        }
    }

    @Override
    public synchronized void close(String tenant, Ip4Prefix translated, Instant to) {
        openOf(tenant).stream().filter(r -> r.translated().equals(translated) && r.ports().isEmpty())
                .collect(Collectors.toList()).forEach(r -> put(r.endedAt(to)));
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
        Instant cut = now.minus(retention);
        int before = records.size();
        records.values().removeIf(r -> r.to().isPresent() && r.to().get().isBefore(cut));
        return before - records.size();
    }
}
