package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.util.KryoNamespace;
import org.onosproject.app.ApplicationService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.store.AbstractStore;
import org.onosproject.store.serializers.KryoNamespaces;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageException;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.api.Origin;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.RecordCodec;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * The ONOS host's single source of truth: the state's records in the cluster's storage, one map entry per record
 * (settings, service, tenant, a tenant's blocks, a learned neighbour MAC), each in the documented JSON shape.
 * <p>
 * Commits are serialised by one versioned entry, the head: it holds the latest revision, the records that revision
 * changed and which store committed it. A node commits by a compare-and-set of the head from the revision it
 * computed its change on, so two nodes accepting concurrent writes never both commit (the second catches up and
 * plans again), and every other node learns each change, whole and in order, from the head's events.
 * <p>
 * The committer then writes the records themselves. Each record carries the revision that wrote it, a removed
 * record stays as a tombstone with its revision, and a record is only ever replaced by one of a later revision, so
 * a committer that stalls half-way and resumes late cannot undo a later change. Before committing revision N + 1 a
 * node completes revision N's records from the head, and {@link #WRITTEN} only grows: a reader overlays the head
 * when the records are behind it.
 */
@Component(immediate = true, service = StateStore.class)
public class DistributedTenantNatStore extends AbstractStore<StateEvent, StateStoreDelegate> implements StateStore {

    /** Name of the records map. */
    static final String RECORDS_MAP = "tenantnat-records";
    /** Name of the map holding the head. */
    static final String HEAD_MAP = "tenantnat-head";
    /** The head's key. */
    static final String HEAD = "head";
    /** Key of the records map's own revision: every record of this revision and the earlier ones is written. */
    static final String WRITTEN = "written-revision";

    /** Serializer of the maps: only strings are stored. */
    static final Serializer SERIALIZER = Serializer.using(KryoNamespace.newBuilder()
            .register(KryoNamespaces.API)
            .nextId(KryoNamespaces.BEGIN_USER_CUSTOM_ID)
            .build("tenantnat-store"));

    private static final String REVISION = "revision";
    private static final String WRITER = "writer";
    private static final String RECORD = "record";
    private static final int LOAD_ATTEMPTS = 10;

    private final Logger log = getLogger(getClass());
    private final RecordCodec codec = new RecordCodec();
    private final ObjectMapper mapper = new ObjectMapper();
    // Tells this store's own commits, which its runtime applies itself, from other nodes' in the head's events.
    private final String writer = UUID.randomUUID().toString();
    private final MapEventListener<String, String> headListener = this::headChanged;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    private ConsistentMap<String, String> records;
    private ConsistentMap<String, String> heads;
    private ApplicationId appId;
    private volatile boolean open;

    /**
     * Opens the maps, listens to the head and registers the clean-up that runs when the application is uninstalled.
     */
    @Activate
    protected void activate() {
        records = storageService.<String, String>consistentMapBuilder().withName(RECORDS_MAP)
                .withSerializer(SERIALIZER).build();
        heads = storageService.<String, String>consistentMapBuilder().withName(HEAD_MAP)
                .withSerializer(SERIALIZER).build();
        heads.addListener(headListener);
        appId = coreService.registerApplication(TenantNatManager.APP_NAME);
        applicationService.registerDeactivateHook(appId, this::purgeIfUninstalled);
        open = true;
        log.info("Started");
    }

    /**
     * Stops listening; the records stay in the cluster.
     */
    @Deactivate
    protected void deactivate() {
        heads.removeListener(headListener);
        log.info("Stopped");
    }

    @Override
    public StoredState load() {
        for (int attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
            Versioned<String> head = heads.get(HEAD);
            Map<String, Optional<JsonNode>> all = new LinkedHashMap<>();
            long written = 0;
            for (Map.Entry<String, Versioned<String>> e : records.entrySet()) {
                if (e.getKey().equals(WRITTEN)) {
                    written = Long.parseLong(e.getValue().value());
                } else {
                    JsonNode stored = json(e.getValue().value());
                    if (stored.has(RECORD)) {
                        all.put(e.getKey(), Optional.of(stored.get(RECORD)));
                    }
                }
            }
            Versioned<String> again = heads.get(HEAD);
            if (!sameVersion(head, again)) {
                continue;
            }
            if (head == null) {
                return new StoredState(0, codec.decodeRecords(Origin.SYSTEM, all));
            }
            JsonNode headJson = json(head.value());
            long revision = headJson.path(REVISION).asLong();
            if (written < revision) {
                // The committer of the head had not written its records when this was read: the head has them.
                codec.encodeRecords(codec.decode(headJson)).forEach((key, value) -> {
                    if (value.isPresent()) {
                        all.put(key, value);
                    } else {
                        all.remove(key);
                    }
                });
            }
            return new StoredState(revision, codec.decodeRecords(Origin.SYSTEM, all));
        }
        throw new StateStoreException("the state kept changing while it was read; try again", null);
    }

    @Override
    public synchronized long commit(long base, StateChange change) {
        if (!open) {
            throw new StateStoreException("tenantnat is being uninstalled: nothing more is stored", null);
        }
        Versioned<String> head = heads.get(HEAD);
        long latest = revisionOf(head);
        if (latest != base) {
            throw new ConcurrentChangeException(base, latest);
        }
        if (head != null) {
            completeRecords(head);
        }
        ObjectNode next = codec.encode(change);
        next.put(REVISION, base + 1).put(WRITER, writer);
        String text = next.toString();
        boolean won = head == null ? heads.putIfAbsent(HEAD, text) == null
                : heads.replace(HEAD, head.version(), text);
        if (!won) {
            throw new ConcurrentChangeException(base, revisionOf(heads.get(HEAD)));
        }
        try {
            writeRecords(base + 1, codec.encodeRecords(change));
        } catch (StorageException e) {
            // Committed all the same: the head holds the change, and the next commit or load completes the records.
            log.warn("revision {} committed, its records left for the next writer: {}", base + 1, e.toString());
        }
        return base + 1;
    }

    // Writes the records of the head's revision when the records map is behind it.
    private void completeRecords(Versioned<String> head) {
        JsonNode headJson = json(head.value());
        long revision = headJson.path(REVISION).asLong();
        Versioned<String> written = records.get(WRITTEN);
        if (written == null || Long.parseLong(written.value()) < revision) {
            writeRecords(revision, codec.encodeRecords(codec.decode(headJson)));
        }
    }

    // Writes each record unless a later revision wrote it already, then moves the written revision up.
    private void writeRecords(long revision, Map<String, Optional<JsonNode>> changed) {
        changed.forEach((key, value) -> {
            ObjectNode stamped = mapper.createObjectNode().put(REVISION, revision);
            value.ifPresent(v -> stamped.set(RECORD, v));
            String text = stamped.toString();
            records.computeIf(key, current -> current == null || json(current).path(REVISION).asLong() < revision,
                              (k, current) -> text);
        });
        String mark = Long.toString(revision);
        records.computeIf(WRITTEN, current -> current == null || Long.parseLong(current) < revision,
                          (k, current) -> mark);
    }

    private void headChanged(MapEvent<String, String> event) {
        if (event.newValue() == null) {
            return;
        }
        JsonNode head = json(event.newValue().value());
        if (writer.equals(head.path(WRITER).asText())) {
            return;
        }
        notifyDelegate(new StateEvent(head.path(REVISION).asLong(), codec.decode(head)));
    }

    private long revisionOf(Versioned<String> head) {
        return head == null ? 0 : json(head.value()).path(REVISION).asLong();
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new StateStoreException("stored tenantnat state is unreadable: " + e.getMessage(), e);
        }
    }

    private static boolean sameVersion(Versioned<String> a, Versioned<String> b) {
        return a == null ? b == null : b != null && a.version() == b.version();
    }

    // ONOS runs deactivate hooks when the application is deactivated or uninstalled; only an uninstall (the
    // application is gone) drops the records. A commit under way finishes first; later ones are refused.
    private synchronized void purgeIfUninstalled() {
        if (applicationService.getState(appId) == null) {
            open = false;
            heads.clear();
            records.clear();
            log.info("Application uninstalled: every tenantnat record removed");
        }
    }
}
