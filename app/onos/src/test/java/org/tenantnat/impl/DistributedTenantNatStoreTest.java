package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.store.service.Versioned;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.RecordCodec;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster store: records per key, commits serialised by a compare-and-set of the head, every other node told
 * of each change in order, records a committer left behind completed from the head, and a committer that stalls
 * unable to undo a later change.
 */
class DistributedTenantNatStoreTest {

    private static final Origin ORIGIN = Origin.rest("test");

    private final ClusterStorageService storage = new ClusterStorageService();
    private final TestApplicationService applications = new TestApplicationService();
    private final DesiredState state = Documents.decode(Documents.twoSwitches());
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private DistributedTenantNatStore store;

    private DistributedTenantNatStore node() {
        DistributedTenantNatStore node = new DistributedTenantNatStore();
        node.storageService = storage;
        node.applicationService = applications;
        node.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TestNode.APP_ID;
            }
        };
        node.activate();
        return node;
    }

    @BeforeEach
    void setUp() {
        store = node();
    }

    @AfterEach
    void tearDown() {
        storage.beforeEveryUpdate((map, key) -> { });
        threads.shutdownNow();
    }

    private StateChange everything() {
        StateChange.Builder change = StateChange.builder(ORIGIN).settings(ProviderSettings.of(state));
        state.services().forEach(change::putService);
        state.tenants().forEach(change::putTenant);
        change.putBlocks("acme", List.of(new TranslatedBlock("acme", Ip4Prefix.valueOf("10.1.1.0/24"),
                                                             Ip4Prefix.valueOf("100.64.0.0/24"))));
        return change.build();
    }

    private Tenant acmeWithRouter(String ip) {
        Tenant acme = state.tenant("acme").orElseThrow();
        return acme.toBuilder().routerIp(Ip4Address.valueOf(ip)).build();
    }

    private JsonNode stored(String key) throws Exception {
        Versioned<String> value = storage.<String, String>map(DistributedTenantNatStore.RECORDS_MAP).get(key);
        return value == null ? null : mapper.readTree(value.value());
    }

    private String written() {
        return storage.<String, String>map(DistributedTenantNatStore.RECORDS_MAP)
                .get(DistributedTenantNatStore.WRITTEN).value();
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
    void eachRecordIsItsOwnEntryAndAChangeWritesOnlyItsRecords() throws Exception {
        store.commit(0, everything());
        ClusterConsistentMap<String, String> records = storage.map(DistributedTenantNatStore.RECORDS_MAP);
        long acmeVersion = records.get("tenant/acme").version();

        store.commit(1, StateChange.builder(ORIGIN).removeTenant("globex").build());

        assertEquals(acmeVersion, records.get("tenant/acme").version(), "acme's record was not rewritten");
        assertEquals(1, stored("tenant/acme").path("revision").asLong());
        assertEquals("acme", stored("tenant/acme").path("record").path("name").asText());
        assertEquals(2, stored("tenant/globex").path("revision").asLong(), "a removed record is a tombstone");
        assertFalse(stored("tenant/globex").has("record"));
        assertFalse(node().load().records().tenants().containsKey("globex"));
        assertEquals("2", written());
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
    void otherNodesHearEveryChangeInOrderAndTheCommitterDoesNot() throws Exception {
        DistributedTenantNatStore other = node();
        List<StateEvent> heardByOther = new CopyOnWriteArrayList<>();
        List<StateEvent> heardByCommitter = new CopyOnWriteArrayList<>();
        other.setDelegate(heardByOther::add);
        store.setDelegate(heardByCommitter::add);

        store.commit(0, everything());
        store.commit(1, StateChange.builder(ORIGIN).removeTenant("globex").build());
        storage.awaitDelivered(10, TimeUnit.SECONDS);

        assertEquals(List.of(1L, 2L), heardByOther.stream().map(StateEvent::revision).collect(Collectors.toList()));
        assertTrue(heardByOther.get(1).subject().tenants().get("globex").isEmpty());
        assertTrue(heardByCommitter.isEmpty());
    }

    @Test
    void recordsACommitterLeftUnwrittenAreTakenFromTheHead() throws Exception {
        store.commit(0, everything());
        // A committer that stopped right after winning the head: the head holds revision 2, the records do not.
        StateChange removal = StateChange.builder(ORIGIN).removeTenant("globex").build();
        ObjectNode head = new RecordCodec().encode(removal);
        head.put("revision", 2);
        storage.<String, String>map(DistributedTenantNatStore.HEAD_MAP).put(DistributedTenantNatStore.HEAD,
                                                                            head.toString());

        StoredState loaded = node().load();
        assertEquals(2, loaded.revision());
        assertFalse(loaded.records().tenants().containsKey("globex"), "globex is removed as the head says");
        assertTrue(stored("tenant/globex").has("record"), "its record is still there");

        node().commit(2, StateChange.builder(ORIGIN).removeTenant("initech").build());

        assertFalse(stored("tenant/globex").has("record"), "the next committer completed revision 2's records");
        assertEquals("3", written());
        assertEquals(Optional.empty(), Optional.ofNullable(node().load().records().tenants().get("globex")));
    }

    @Test
    void aCommitterThatStallsBeforeItsRecordsCannotUndoALaterChange() throws Exception {
        store.commit(0, everything());
        DistributedTenantNatStore slow = node();
        DistributedTenantNatStore fast = node();
        CountDownLatch slowStalled = new CountDownLatch(1);
        CountDownLatch resumeSlow = new CountDownLatch(1);
        CountDownLatch fastAtWritten = new CountDownLatch(1);
        CountDownLatch resumeFast = new CountDownLatch(1);
        AtomicInteger fastWrittenUpdates = new AtomicInteger();
        Thread[] slowThread = new Thread[1];
        Thread[] fastThread = new Thread[1];
        storage.beforeEveryUpdate((map, key) -> {
            Thread me = Thread.currentThread();
            if (!map.equals(DistributedTenantNatStore.RECORDS_MAP)) {
                return;
            }
            if (me == slowThread[0] && key.equals("tenant/acme")) {
                slowStalled.countDown();
                await(resumeSlow);
            } else if (me == fastThread[0] && key.equals(DistributedTenantNatStore.WRITTEN)
                    && fastWrittenUpdates.incrementAndGet() == 2) {
                fastAtWritten.countDown();
                await(resumeFast);
            }
        });

        // Revision 2 moves acme's router; its committer stalls before writing acme's record.
        Future<Long> second = threads.submit(() -> {
            slowThread[0] = Thread.currentThread();
            return slow.commit(1, StateChange.builder(ORIGIN).putTenant(acmeWithRouter("10.1.1.252")).build());
        });
        assertTrue(slowStalled.await(10, TimeUnit.SECONDS));
        // Revision 3 moves it again: it completes revision 2, commits, writes acme, and is about to mark 3 written.
        Future<Long> third = threads.submit(() -> {
            fastThread[0] = Thread.currentThread();
            return fast.commit(2, StateChange.builder(ORIGIN).putTenant(acmeWithRouter("10.1.1.253")).build());
        });
        assertTrue(fastAtWritten.await(10, TimeUnit.SECONDS));
        // The stalled committer resumes and writes revision 2's acme and written-revision, then the other goes on.
        resumeSlow.countDown();
        assertEquals(2L, second.get(10, TimeUnit.SECONDS));
        resumeFast.countDown();
        assertEquals(3L, third.get(10, TimeUnit.SECONDS));

        StoredState loaded = node().load();
        assertEquals(3, loaded.revision());
        assertEquals("10.1.1.253", loaded.records().tenants().get("acme").orElseThrow().routerIp().toString());
        assertEquals(3, stored("tenant/acme").path("revision").asLong());
        assertEquals("3", written());
    }

    @Test
    void aChangeCommittedByAnotherNodeWhileThisOneTriesIsHeard() throws Exception {
        store.commit(0, everything());
        DistributedTenantNatStore loser = node();
        DistributedTenantNatStore winner = node();
        List<StateEvent> heardByLoser = new CopyOnWriteArrayList<>();
        loser.setDelegate(heardByLoser::add);
        CountDownLatch loserAtHead = new CountDownLatch(1);
        CountDownLatch resumeLoser = new CountDownLatch(1);
        Thread[] loserThread = new Thread[1];
        storage.beforeEveryUpdate((map, key) -> {
            if (Thread.currentThread() == loserThread[0] && map.equals(DistributedTenantNatStore.HEAD_MAP)) {
                loserAtHead.countDown();
                await(resumeLoser);
            }
        });

        // Both compute revision 2; the loser is about to set the head when the winner does.
        CompletableFuture<Long> lost = CompletableFuture.supplyAsync(() -> {
            loserThread[0] = Thread.currentThread();
            return loser.commit(1, StateChange.builder(ORIGIN).removeTenant("acme").build());
        }, threads);
        assertTrue(loserAtHead.await(10, TimeUnit.SECONDS));
        winner.commit(1, StateChange.builder(ORIGIN).removeTenant("globex").build());
        storage.awaitDelivered(10, TimeUnit.SECONDS);
        resumeLoser.countDown();

        Exception refused = assertThrows(Exception.class, () -> lost.get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof ConcurrentChangeException, refused.toString());
        assertEquals(2, ((ConcurrentChangeException) refused.getCause()).latest());
        assertEquals(List.of(2L), heardByLoser.stream().map(StateEvent::revision).collect(Collectors.toList()),
                     "the loser hears the winner's revision 2, so it can catch up and plan again");
        assertTrue(heardByLoser.get(0).subject().tenants().get("globex").isEmpty());
    }

    @Test
    void uninstallingRemovesEveryRecordAndRefusesLaterCommitsButDeactivatingKeepsThem() {
        store.commit(0, everything());

        applications.deactivate();
        assertEquals(1, node().load().revision(), "deactivation keeps the records");

        DistributedTenantNatStore again = node();
        applications.uninstall();

        assertTrue(storage.map(DistributedTenantNatStore.RECORDS_MAP).isEmpty());
        assertTrue(storage.map(DistributedTenantNatStore.HEAD_MAP).isEmpty());
        assertThrows(StateStoreException.class, () -> again.commit(0, everything()));
        assertTrue(storage.map(DistributedTenantNatStore.HEAD_MAP).isEmpty());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
