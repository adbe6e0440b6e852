package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.store.service.ConsistentMap;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.RecordCodec;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StoredState;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster store: records per key, commits serialised by a compare-and-set of the head, every other node told
 * of each change in order.
 */
class DistributedTenantNatStoreTest {

    private static final Origin ORIGIN = Origin.rest("test");

    private final ClusterStorageService storage = new ClusterStorageService();
    private final DesiredState state = Documents.decode(Documents.twoSwitches());

    private DistributedTenantNatStore node() {
        DistributedTenantNatStore store = new DistributedTenantNatStore();
        store.storageService = storage;
        store.activate();
        return store;
    }

    private DistributedTenantNatStore store;

    @BeforeEach
    void setUp() {
        store = node();
    }

    private StateChange everything() {
        StateChange.Builder change = StateChange.builder(ORIGIN).settings(ProviderSettings.of(state));
        state.services().forEach(change::putService);
        state.tenants().forEach(change::putTenant);
        change.putBlocks("acme", List.of(new TranslatedBlock("acme", Ip4Prefix.valueOf("10.1.1.0/24"),
                                                             Ip4Prefix.valueOf("100.64.0.0/24"))));
        return change.build();
    }

    @Test
    void nothingIsLoadedBeforeTheFirstCommit() {
        StoredState loaded = store.load();
        assertEquals(0, loaded.revision());
        assertTrue(loaded.isEmpty());
    }

    @Test
    void anotherNodeAndARestartLoadWhatThisNodeCommitted() {
        StateChange change = everything();
        assertEquals(1, store.commit(0, change));

        StoredState loaded = node().load();
        assertEquals(1, loaded.revision());
        assertEquals(change.tenants(), loaded.records().tenants());
        assertEquals(change.blocks(), loaded.records().blocks());
        assertEquals(change.settings(), loaded.records().settings());
    }

    @Test
    void eachRecordIsItsOwnEntryAndAChangeWritesOnlyItsRecords() {
        store.commit(0, everything());
        ConsistentMap<String, String> records = storage.map(DistributedTenantNatStore.RECORDS_MAP);
        long acmeVersion = records.get("tenant/acme").version();

        store.commit(1, StateChange.builder(ORIGIN).removeTenant("globex").build());

        assertEquals(acmeVersion, records.get("tenant/acme").version(), "acme's record was not rewritten");
        assertTrue(records.get("tenant/globex") == null);
        assertEquals("2", records.get(DistributedTenantNatStore.WRITTEN).value());
    }

    @Test
    void aChangeComputedOnAnOlderRevisionIsRefused() {
        DistributedTenantNatStore other = node();
        store.commit(0, everything());

        ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class, () -> other.commit(0,
                StateChange.builder(ORIGIN).removeTenant("acme").build()));
        assertEquals(1, e.latest());
        assertTrue(node().load().records().tenants().containsKey("acme"), "the refused change wrote nothing");
    }

    @Test
    void otherNodesHearEveryChangeInOrderAndTheCommitterDoesNot() {
        DistributedTenantNatStore other = node();
        List<StateEvent> heardByOther = new ArrayList<>();
        List<StateEvent> heardByCommitter = new ArrayList<>();
        other.setDelegate(heardByOther::add);
        store.setDelegate(heardByCommitter::add);

        store.commit(0, everything());
        store.commit(1, StateChange.builder(ORIGIN).removeTenant("globex").build());

        assertEquals(List.of(1L, 2L), heardByOther.stream().map(StateEvent::revision).collect(
                java.util.stream.Collectors.toList()));
        assertTrue(heardByOther.get(1).subject().tenants().get("globex").isEmpty());
        assertTrue(heardByCommitter.isEmpty());
    }

    @Test
    void recordsACommitterLeftUnwrittenAreTakenFromTheHead() {
        store.commit(0, everything());
        // A committer that stopped right after winning the head: the head holds revision 2, the records do not.
        StateChange removal = StateChange.builder(ORIGIN).removeTenant("globex").build();
        com.fasterxml.jackson.databind.node.ObjectNode head = new RecordCodec().encode(removal);
        head.put("revision", 2);
        ConsistentMap<String, String> heads = storage.map(DistributedTenantNatStore.HEAD_MAP);
        heads.put(DistributedTenantNatStore.HEAD, head.toString());

        StoredState loaded = node().load();
        assertEquals(2, loaded.revision());
        assertTrue(!loaded.records().tenants().containsKey("globex"), "globex is removed as the head says");

        node().commit(2, StateChange.builder(ORIGIN).removeTenant("initech").build());
        ConsistentMap<String, String> records = storage.map(DistributedTenantNatStore.RECORDS_MAP);
        assertTrue(records.get("tenant/globex") == null, "the next committer completed revision 2's records");
    }
}
