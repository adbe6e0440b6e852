package org.tenantnat.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.util.Tools;
import org.onosproject.app.ApplicationService;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
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
import org.tenantnat.binding.MemoryBindingHistory;
import org.tenantnat.codec.LocalCodecContext;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.slf4j.LoggerFactory.getLogger;
import static org.tenantnat.impl.OsgiPropertyConstants.BINDING_RETENTION_DAYS;
import static org.tenantnat.impl.OsgiPropertyConstants.BINDING_RETENTION_DAYS_DEFAULT;

/**
 * The ONOS host's audit trail of bindings: one entry per record in the ConsistentMap {@value #MAP}, keyed by
 * {@link BindingRecord#key()} and holding its JSON ({@link org.tenantnat.codec.BindingRecordCodec}), so every node
 * answers lookups alike and a node that records a batch again changes nothing. Records that ended longer ago than
 * {@code bindingRetentionDays} are dropped.
 * <p>
 * Each node mirrors the map in a {@link MemoryBindingHistory}, read once at activation and kept up to date by its
 * own writes and the map's events, so a change (ending a tenant's static blocks) looks at that tenant's open
 * records only, and a lookup decodes no JSON. The records outlive a deactivation or a restart of the application
 * (they are an audit trail); uninstalling it removes them.
 */
@Component(immediate = true, service = BindingHistory.class,
        property = {BINDING_RETENTION_DAYS + ":Integer=" + BINDING_RETENTION_DAYS_DEFAULT})
public class DistributedBindingHistory implements BindingHistory {

    /** Name of the map. */
    static final String MAP = "tenantnat-bindings";

    private final Logger log = getLogger(getClass());
    private final ObjectMapper mapper = new ObjectMapper();
    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final MapEventListener<String, String> mapListener = this::stored;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    /** Days an audit record that ended is kept. */
    private int bindingRetentionDays = BINDING_RETENTION_DAYS_DEFAULT;

    private ConsistentMap<String, String> records;
    private volatile MemoryBindingHistory mirror;
    private volatile boolean open;
    private ApplicationId appId;

    /**
     * Opens the map, reads the records held and registers the clean-up that runs when the application is
     * uninstalled.
     *
     * @param context component context with the retention
     */
    @Activate
    protected void activate(ComponentContext context) {
        cfgService.registerProperties(getClass());
        modified(context);
        mirror = new MemoryBindingHistory(retention());
        records = storageService.<String, String>consistentMapBuilder().withName(MAP)
                .withSerializer(DistributedTenantNatStore.SERIALIZER).build();
        // Listening first: a record written while the map is read is heard again, which changes nothing.
        records.addListener(mapListener);
        for (Map.Entry<String, Versioned<String>> e : records.entrySet()) {
            decode(e.getKey(), e.getValue().value()).ifPresent(mirror::replay);
        }
        appId = coreService.registerApplication(TenantNatManager.APP_NAME);
        applicationService.registerDeactivateHook(appId, this::purgeIfUninstalled);
        open = true;
        log.info("Started with {} open bindings", mirror.open().size());
    }

    /**
     * Stops recording; the records stay in the cluster.
     */
    @Deactivate
    protected void deactivate() {
        open = false;
        records.removeListener(mapListener);
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
        if (!open) {
            log.debug("tenantnat is stopped or uninstalled: {} audit records not written", batch.size());
            return;
        }
        Map<String, String> values = new HashMap<>();
        batch.forEach(r -> values.put(r.key(), codecs.codec(BindingRecord.class).encode(r, codecs).toString()));
        values.forEach(records::put);
        mirror.record(batch);
    }

    @Override
    public void close(String tenant, Ip4Prefix translated, Instant to) {
        List<BindingRecord> ended = mirror.ending(tenant, translated, to);
        if (!ended.isEmpty()) {
            record(ended);
        }
    }

    @Override
    public List<BindingRecord> at(Ip4Address address, int port, Instant at) {
        return mirror.at(address, port, at);
    }

    @Override
    public List<BindingRecord> between(String tenant, Instant from, Instant to) {
        return mirror.between(tenant, from, to);
    }

    @Override
    public List<BindingRecord> open() {
        return mirror.open();
    }

    @Override
    public int prune(Instant now) {
        List<BindingRecord> old = mirror.endedBefore(now.minus(retention()));
        old.forEach(r -> {
            records.remove(r.key());
            mirror.forget(r.key());
        });
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

    // Another node's writes, and this node's own heard again; events come in commit order, but a node's own write
    // may be heard after a later one it made, hence replay.
    private void stored(MapEvent<String, String> event) {
        MemoryBindingHistory trail = mirror;
        switch (event.type()) {
            case INSERT:
            case UPDATE:
                decode(event.key(), event.newValue().value()).ifPresent(trail::replay);
                break;
            case REMOVE:
                trail.forget(event.key());
                break;
            default:
                break;
        }
    }

    // ONOS runs deactivate hooks when the application is deactivated or uninstalled; only an uninstall (the
    // application is gone) removes the audit trail with the rest of tenantnat's state.
    private void purgeIfUninstalled() {
        if (applicationService.getState(appId) == null) {
            open = false;
            records.clear();
            mirror = new MemoryBindingHistory(retention());
            log.info("Application uninstalled: audit trail of bindings removed");
        }
    }

    /**
     * Decodes one stored record.
     *
     * @param key  its key in the map
     * @param json its JSON
     * @return the record, empty when it is unreadable (logged)
     */
    Optional<BindingRecord> decode(String key, String json) {
        try {
            return Optional.of(codecs.codec(BindingRecord.class).decode((ObjectNode) mapper.readTree(json), codecs));
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring the unreadable audit record {} in {}: {}", key, MAP, e.getMessage());
            return Optional.empty();
        }
    }
}
