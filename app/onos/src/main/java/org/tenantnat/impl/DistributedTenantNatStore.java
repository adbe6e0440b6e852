package org.tenantnat.impl;

import org.onlab.util.KryoNamespace;
import org.onosproject.store.serializers.KryoNamespaces;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.runtime.SnapshotCodec;
import org.tenantnat.runtime.StateStore;

import java.util.Optional;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * Keeps the desired state and its allocation in a cluster-wide ConsistentMap, so every node computes the same
 * translations and a restart changes no allocation.
 * <p>
 * The snapshot is stored as one JSON text (desired state in its netcfg/REST shape plus the translated blocks) under
 * a single key: one put replaces both together, and the stored form depends on the documented JSON shape rather
 * than on the Java fields of the model classes, so a later version of the app reads what an earlier one wrote.
 */
@Component(immediate = true, service = StateStore.class)
public class DistributedTenantNatStore implements StateStore {

    /** Name of the map in the cluster's storage. */
    static final String MAP_NAME = "tenantnat-state";
    /** The one key the snapshot lives under. */
    static final String SNAPSHOT_KEY = "snapshot";

    /** Serializer of the map: only strings are stored. */
    static final Serializer SERIALIZER = Serializer.using(KryoNamespace.newBuilder()
            .register(KryoNamespaces.API)
            .nextId(KryoNamespaces.BEGIN_USER_CUSTOM_ID)
            .build("tenantnat-store"));

    private final Logger log = getLogger(getClass());
    private final SnapshotCodec codec = new SnapshotCodec();

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    private ConsistentMap<String, String> snapshots;

    /**
     * Opens the map.
     */
    @Activate
    protected void activate() {
        snapshots = storageService.<String, String>consistentMapBuilder()
                .withName(MAP_NAME)
                .withSerializer(SERIALIZER)
                .build();
        log.info("Started");
    }

    /**
     * Releases the map; its contents stay in the cluster.
     */
    @Deactivate
    protected void deactivate() {
        snapshots = null;
        log.info("Stopped");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the stored text cannot be read; it is left as it is rather than replaced,
     *                               since replacing it could move translated blocks
     */
    @Override
    public Optional<Snapshot> load() {
        Versioned<String> stored = snapshots.get(SNAPSHOT_KEY);
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(stored.value()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored tenantnat state (map " + MAP_NAME + ", version "
                                                    + stored.version() + ") is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Snapshot snapshot) {
        snapshots.put(SNAPSHOT_KEY, codec.encode(snapshot));
    }
}
