package org.tenantnat.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.util.Tools;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.StorageService;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.binding.BindingHistory;
import org.tenantnat.codec.LocalCodecContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;
import static org.tenantnat.impl.OsgiPropertyConstants.BINDING_RETENTION_DAYS;
import static org.tenantnat.impl.OsgiPropertyConstants.BINDING_RETENTION_DAYS_DEFAULT;

/**
 * The ONOS host's audit trail of bindings: one entry per record in the ConsistentMap {@value #MAP}, keyed by
 * {@link BindingRecord#key()} and holding its JSON ({@link org.tenantnat.codec.BindingRecordCodec}), so every node
 * answers lookups alike and a node that records a batch again changes nothing. Records that ended longer ago than
 * {@code bindingRetentionDays} are dropped.
 */
@Component(immediate = true, service = BindingHistory.class,
        property = {BINDING_RETENTION_DAYS + ":Integer=" + BINDING_RETENTION_DAYS_DEFAULT})
public class DistributedBindingHistory implements BindingHistory {

    /** Name of the map. */
    static final String MAP = "tenantnat-bindings";

    private static final Comparator<BindingRecord> BY_START = Comparator.comparing(BindingRecord::from)
            .thenComparing(BindingRecord::key);

    private final Logger log = getLogger(getClass());
    private final ObjectMapper mapper = new ObjectMapper();
    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    /** Days an audit record that ended is kept. */
    private int bindingRetentionDays = BINDING_RETENTION_DAYS_DEFAULT;

    private ConsistentMap<String, String> records;

    /**
     * Opens the map.
     *
     * @param context component context with the retention
     */
    @Activate
    protected void activate(ComponentContext context) {
        cfgService.registerProperties(getClass());
        records = storageService.<String, String>consistentMapBuilder().withName(MAP)
                .withSerializer(DistributedTenantNatStore.SERIALIZER).build();
        modified(context);
        log.info("Started");
    }

    /**
     * Leaves the records in the cluster.
     */
    @Deactivate
    protected void deactivate() {
        cfgService.unregisterProperties(getClass(), false);
        log.info("Stopped");
    }

    /**
     * Reads the retention.
     *
     * @param context component context
     */
    @Modified
    protected void modified(ComponentContext context) {
        Dictionary<?, ?> properties = context == null ? new Properties() : context.getProperties();
        int days = Tools.getIntegerProperty(properties, BINDING_RETENTION_DAYS, bindingRetentionDays);
        if (days < 1) {
            log.warn("Ignoring {}={}: at least one day; keeping {}", BINDING_RETENTION_DAYS, days,
                     bindingRetentionDays);
        } else {
            bindingRetentionDays = days;
        }
    }

    @Override
    public void record(Collection<BindingRecord> batch) {
        Map<String, String> values = new HashMap<>();
        batch.forEach(r -> values.put(r.key(), codecs.codec(BindingRecord.class).encode(r, codecs).toString()));
        values.forEach(records::put);
    }

    @Override
    public void close(String tenant, Ip4Prefix translated, Instant to) {
        List<BindingRecord> ended = matching(r -> r.to().isEmpty() && r.tenant().equals(tenant)
                && r.translated().equals(translated) && r.ports().isEmpty()).stream()
                .map(r -> r.endedAt(to)).collect(Collectors.toList());
        record(ended);
    }

    @Override
    public List<BindingRecord> at(Ip4Address address, int port, Instant at) {
        return matching(r -> r.held(address, port, at));
    }

    @Override
    public List<BindingRecord> between(String tenant, Instant from, Instant to) {
        return matching(r -> (tenant == null || r.tenant().equals(tenant)) && r.from().isBefore(to)
                && (r.to().isEmpty() || !r.to().get().isBefore(from)));
    }

    @Override
    public List<BindingRecord> open() {
        return matching(r -> r.to().isEmpty());
    }

    @Override
    public int prune(Instant now) {
        Instant cut = now.minus(Duration.ofDays(bindingRetentionDays));
        List<BindingRecord> old = matching(r -> r.to().isPresent() && r.to().get().isBefore(cut));
        old.forEach(r -> records.remove(r.key()));
        return old.size();
    }

    /**
     * Returns the retention in force.
     *
     * @return retention
     */
    Duration retention() {
        return Duration.ofDays(bindingRetentionDays);
    }

    private List<BindingRecord> matching(Predicate<BindingRecord> which) {
        return records.values().stream().map(v -> decode(v.value())).filter(which).sorted(BY_START)
                .collect(Collectors.toList());
    }

    private BindingRecord decode(String json) {
        try {
            return codecs.codec(BindingRecord.class).decode((ObjectNode) mapper.readTree(json), codecs);
        } catch (IOException e) {
            throw new UncheckedIOException("audit record is not JSON: " + json, e);
        }
    }
}
