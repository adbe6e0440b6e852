package org.tenantnat.impl;

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
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.TenantNatEvent;
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.history.ChangeLog;
import org.tenantnat.history.Retention;

import java.time.Clock;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;

import static java.util.concurrent.Executors.newSingleThreadExecutor;
import static org.onlab.util.Tools.get;
import static org.onlab.util.Tools.groupedThreads;
import static org.slf4j.LoggerFactory.getLogger;
import static org.tenantnat.impl.OsgiPropertyConstants.HISTORY_RETENTION;
import static org.tenantnat.impl.OsgiPropertyConstants.HISTORY_RETENTION_DEFAULT;

/**
 * The history of changes of the cluster: one entry per recorded change in the cluster's storage (the map
 * {@code tenantnat-history}, keyed by revision, each value the JSON that {@code GET /changes} lists), mirrored by
 * every node in memory to answer queries.
 * <p>
 * Every node records every change it applies, with a put-if-absent of its revision, so the first write wins and
 * the others change nothing. The node that committed the change records it while the verb is still running, so a
 * change is recorded before REST or the CLI acknowledge it; the other nodes record it off the event thread, which
 * matters only when the committing node stopped between its commit and its record: a change in force is then still
 * recorded by the nodes that applied it. (Recording by the leader alone would leave that gap open, and would
 * acknowledge changes before they are recorded.) The node whose write wins drops what the retention
 * ({@value OsgiPropertyConstants#HISTORY_RETENTION}) no longer keeps; a record dropped while a node that lags
 * behind is still to record it comes back until the next change drops it again, which takes a count retention of
 * fewer changes than are made while a node applies one. Uninstalling the application removes the records, as it
 * removes the stored state whose revisions they are keyed by.
 */
@Component(immediate = true, service = ChangeHistoryService.class,
        property = {
                HISTORY_RETENTION + "=" + HISTORY_RETENTION_DEFAULT,
        })
public class DistributedChangeHistory implements ChangeHistoryService {

    /** Name of the map of records. */
    static final String HISTORY_MAP = "tenantnat-history";

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TenantNatService service;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    /** How long the history of changes is kept: DAYSd, COUNT or both. */
    private String historyRetention = HISTORY_RETENTION_DEFAULT;

    /** Records changes committed elsewhere; tests install their own before activation. */
    ExecutorService executor;

    /** Stamps and ages records; tests install their own. */
    Clock clock = Clock.systemUTC();

    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final ChangeLog records = new ChangeLog();
    private final TenantNatListener changeListener = this::applied;
    private final MapEventListener<Long, String> mapListener = this::stored;
    private volatile Retention retention = Retention.DEFAULT;
    private ConsistentMap<Long, String> map;
    private ApplicationId appId;

    /**
     * Opens the map, reads the records held and starts recording.
     *
     * @param context component context with the configuration properties
     */
    @Activate
    protected void activate(ComponentContext context) {
        cfgService.registerProperties(getClass());
        readConfiguration(context);
        if (executor == null) {
            executor = newSingleThreadExecutor(groupedThreads("onos/tenantnat", "history", log));
        }
        map = storageService.<Long, String>consistentMapBuilder().withName(HISTORY_MAP)
                .withSerializer(DistributedTenantNatStore.SERIALIZER).build();
        map.addListener(mapListener);
        for (Map.Entry<Long, Versioned<String>> e : map.entrySet()) {
            decode(e.getKey(), e.getValue().value()).ifPresent(records::put);
        }
        service.addListener(changeListener);
        appId = coreService.registerApplication(TenantNatManager.APP_NAME);
        applicationService.registerDeactivateHook(appId, this::purgeIfUninstalled);
        log.info("Started with {} recorded changes, retention {}", records.size(), retention);
    }

    /**
     * Stops recording; the records stay in the cluster.
     */
    @Deactivate
    protected void deactivate() {
        service.removeListener(changeListener);
        map.removeListener(mapListener);
        executor.shutdown();
        executor = null;
        cfgService.unregisterProperties(getClass(), false);
        log.info("Stopped");
    }

    /**
     * Applies a changed retention, dropping at once what it no longer keeps.
     *
     * @param context component context with the configuration properties
     */
    @Modified
    protected void modified(ComponentContext context) {
        readConfiguration(context);
        executor.execute(this::prune);
    }

    private void readConfiguration(ComponentContext context) {
        Dictionary<?, ?> properties = context == null ? new Properties() : context.getProperties();
        String text = get(properties, HISTORY_RETENTION);
        if (text == null) {
            return;
        }
        try {
            retention = Retention.parse(text);
            historyRetention = retention.toString();
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring {}={}: {}; keeping {}", HISTORY_RETENTION, text, e.getMessage(), historyRetention);
        }
        log.info("Settings: {}={}", HISTORY_RETENTION, historyRetention);
    }

    @Override
    public List<ChangeRecord> changes(long since, long before, int limit) {
        // What has aged beyond the retention since the last change is no longer listed.
        records.prune(retention, clock.instant());
        return records.changes(since, before, limit);
    }

    private void applied(TenantNatEvent event) {
        ChangeRecord.of(event, clock.instant()).ifPresent(record -> {
            if (event.committedHere()) {
                record(record);
            } else {
                executor.execute(() -> record(record));
            }
        });
    }

    private void record(ChangeRecord record) {
        try {
            Versioned<String> first = map.putIfAbsent(record.revision(),
                                                      codecs.encode(record, ChangeRecord.class).toString());
            if (first == null) {
                records.put(record);
                prune();
            } else {
                decode(record.revision(), first.value()).ifPresent(records::put);
            }
        } catch (RuntimeException e) {
            // The change is in force; the other nodes that apply it record it too.
            log.error("Cannot record revision {} in the history of changes: {}", record.revision(), e.getMessage());
        }
    }

    private void prune() {
        records.prune(retention, clock.instant()).forEach(r -> map.remove(r.revision()));
    }

    private void stored(MapEvent<Long, String> event) {
        switch (event.type()) {
            case INSERT:
            case UPDATE:
                decode(event.key(), event.newValue().value()).ifPresent(records::put);
                break;
            case REMOVE:
                records.remove(event.key());
                break;
            default:
                break;
        }
    }

    // ONOS runs deactivate hooks when the application is deactivated or uninstalled. An uninstall removes the
    // stored state, so revisions start again from 1: the records of the revisions before go with it.
    private void purgeIfUninstalled() {
        if (applicationService.getState(appId) == null) {
            map.clear();
            records.clear();
            log.info("Application uninstalled: history of changes removed");
        }
    }

    private Optional<ChangeRecord> decode(long revision, String json) {
        try {
            return Optional.of(codecs.decode(JsonDocument.parseObject(json), ChangeRecord.class));
        } catch (RuntimeException e) {
            log.warn("Ignoring the unreadable record of revision {} in {}: {}", revision, HISTORY_MAP,
                     e.getMessage());
            return Optional.empty();
        }
    }
}
