package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.store.service.ConsistentMap;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.runtime.SnapshotCodec;
import org.tenantnat.runtime.StateStore.Snapshot;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributedTenantNatStoreTest {

    private final ClusterStorageService storage = new ClusterStorageService();
    private final DesiredState state = Documents.decode(Documents.twoSwitches());
    private final Allocation allocation = Allocation.of(List.of(
            new TranslatedBlock("acme", Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.0.0/24")),
            new TranslatedBlock("globex", Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.1.0/24")),
            new TranslatedBlock("globex", Ip4Prefix.valueOf("172.16.0.0/20"), Ip4Prefix.valueOf("100.64.16.0/20")),
            new TranslatedBlock("initech", Ip4Prefix.valueOf("10.1.1.0/28"), Ip4Prefix.valueOf("100.64.2.0/28"))));

    private DistributedTenantNatStore node(ClusterStorageService storageService) {
        DistributedTenantNatStore store = new DistributedTenantNatStore();
        store.storageService = storageService;
        store.activate();
        return store;
    }

    private DistributedTenantNatStore store;

    @BeforeEach
    void setUp() {
        store = node(storage);
    }

    @Test
    void nothingIsLoadedBeforeTheFirstSave() {
        assertEquals(Optional.empty(), store.load());
    }

    @Test
    void aSavedSnapshotLoadsBackEqual() {
        store.save(new Snapshot(state, allocation));

        Snapshot loaded = store.load().orElseThrow();
        assertEquals(state, loaded.desiredState());
        assertEquals(allocation, loaded.allocation());
    }

    @Test
    void anotherNodeAndARestartReadWhatThisNodeSaved() {
        store.save(new Snapshot(state, allocation));
        store.deactivate();

        DistributedTenantNatStore otherNode = node(storage);

        assertEquals(allocation, otherNode.load().orElseThrow().allocation());
        assertEquals(state, otherNode.load().orElseThrow().desiredState());
    }

    @Test
    void aLaterSaveReplacesBothHalvesTogether() {
        store.save(new Snapshot(state, allocation));
        DesiredState withoutGlobex = state.withoutTenant("globex");
        Allocation shrunk = Allocation.of(allocation.allBlocks().stream()
                                                  .filter(b -> !b.tenant().equals("globex"))
                                                  .collect(java.util.stream.Collectors.toList()));

        store.save(new Snapshot(withoutGlobex, shrunk));

        Snapshot loaded = store.load().orElseThrow();
        assertEquals(withoutGlobex, loaded.desiredState());
        assertEquals(shrunk, loaded.allocation());
        assertEquals(1, storage.map(DistributedTenantNatStore.MAP_NAME).size(), "one key holds the snapshot");
    }

    @Test
    void unreadableStoredStateIsReportedAndLeftInPlace() {
        ConsistentMap<String, String> map = storage.map(DistributedTenantNatStore.MAP_NAME);
        map.put(DistributedTenantNatStore.SNAPSHOT_KEY, "{\"desiredState\": 42}");

        IllegalStateException e = assertThrows(IllegalStateException.class, store::load);

        assertTrue(e.getMessage().contains(DistributedTenantNatStore.MAP_NAME), e.getMessage());
        assertEquals("{\"desiredState\": 42}", map.get(DistributedTenantNatStore.SNAPSHOT_KEY).value());
    }

    @Test
    void storedTypeSurvivesTheKryoSerializer() {
        // The map stores the snapshot's JSON text; every stored value goes through this serializer.
        String text = new SnapshotCodec().encode(new Snapshot(state, allocation));
        String key = DistributedTenantNatStore.SNAPSHOT_KEY;

        String value = DistributedTenantNatStore.SERIALIZER.decode(DistributedTenantNatStore.SERIALIZER.encode(text));

        assertEquals(text, value);
        assertEquals(key, DistributedTenantNatStore.SERIALIZER.decode(DistributedTenantNatStore.SERIALIZER.encode(key)));
        assertEquals(allocation, new SnapshotCodec().decode(value).allocation());
    }
}
