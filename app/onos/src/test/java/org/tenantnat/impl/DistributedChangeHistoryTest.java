package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onosproject.store.service.ConsistentMap;
import org.osgi.service.component.ComponentContext;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.history.Retention;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history of changes in a three-node cluster: a change is recorded once, by the node that committed it before
 * its verb returns, and listed by every node; a change whose committer did not record it is recorded by the nodes
 * that applied it; a restart keeps the records; the retention property drops the oldest everywhere.
 */
class DistributedChangeHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Origin ONOS = Origin.rest("onos");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();
    private TestNode n1;
    private TestNode n2;
    private TestNode n3;

    @BeforeEach
    void setUp() throws Exception {
        n1 = cluster.start("n1");
        n2 = cluster.start("n2");
        n3 = cluster.start("n3");
        cluster.settle();
        // Each node stamps changes an hour after the one before, so a record tells which node wrote it.
        List.of(n1, n2, n3).forEach(n -> n.history.clock = clockOf(n));
    }

    private Clock clockOf(TestNode node) {
        return Clock.fixed(T0.plus(Duration.ofHours(cluster.nodes.indexOf(node))), ZoneOffset.UTC);
    }

    private ConsistentMap<Long, String> map() {
        return cluster.storage.map(DistributedChangeHistory.HISTORY_MAP);
    }

    /** The only record the cluster's storage holds. */
    private ChangeRecord stored() {
        assertEquals(1, map().size(), map().keySet()::toString);
        String json = map().values().iterator().next().value();
        return LocalCodecContext.withTenantNatCodecs().decode(JsonDocument.parseObject(json), ChangeRecord.class);
    }

    private static List<String> lines(TestNode node) {
        return node.history.changes(0, Long.MAX_VALUE, 100).stream()
                .map(r -> r.origin() + ": " + String.join("; ", r.summary())).collect(Collectors.toList());
    }

    private void assertEveryNodeLists(List<String> expected) {
        for (TestNode node : cluster.nodes) {
            assertEquals(expected, lines(node), node + "'s history");
        }
    }

    private static ExecutorService holding(List<Runnable> held) {
        return new AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                held.add(command);
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
    }

    private static ComponentContext context(Map<String, Object> properties) {
        Dictionary<String, Object> dictionary = new Hashtable<>(properties);
        return (ComponentContext) Proxy.newProxyInstance(
                DistributedChangeHistoryTest.class.getClassLoader(), new Class<?>[]{ComponentContext.class},
                (proxy, method, args) -> method.getName().equals("getProperties") ? dictionary : null);
    }

    @Test
    void aChangeIsRecordedByItsCommitterBeforeTheVerbReturnsAndListedByEveryNode() throws Exception {
        // The other nodes record changes committed elsewhere only when told to.
        List<Runnable> held = new CopyOnWriteArrayList<>();
        n1.history.executor = holding(held);
        n3.history.executor = holding(held);

        n2.manager.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));

        assertEquals(clockOf(n2).instant(), stored().time(), "written by the committer before returning");
        cluster.settle();
        assertEquals(2, held.size(), "n1 and n3 are yet to record it");
        held.forEach(Runnable::run);
        assertEquals(clockOf(n2).instant(), stored().time(), "the others' writes changed nothing");
        assertEveryNodeLists(List.of("onos via rest: settings changed: pool; service archive added; "
                + "service backup added; tenant acme added; tenant globex added; tenant initech added"));
    }

    @Test
    void aChangeWhoseCommitterDidNotRecordItIsRecordedByTheNodesThatApplyIt() throws Exception {
        n2.history.deactivate();
        try {
            n2.manager.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
            cluster.settle();

            ChangeRecord record = stored();
            assertTrue(List.of(clockOf(n1).instant(), clockOf(n3).instant()).contains(record.time()));
            assertEquals(lines(n1), lines(n3));
            assertEquals(1, lines(n1).size());
        } finally {
            n2.history.activate(null);
        }
    }

    @Test
    void theRecordsOutliveARestartOfANode() throws Exception {
        n1.manager.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        n3.manager.removeTenant(new Origin(Origin.Channel.CLI, "karaf"), "initech");
        cluster.settle();
        List<String> before = lines(n1);

        TestNode again = cluster.restart(n1);
        cluster.settle();

        assertEquals(before, lines(again));
        assertEquals("karaf via cli: tenant initech removed", before.get(0));
    }

    // ONOS keeps component configuration cluster-wide: every node gets the same retention.
    private void retention(String value) {
        cluster.nodes.forEach(n -> n.history.modified(context(Map.of(OsgiPropertyConstants.HISTORY_RETENTION,
                                                                      value))));
    }

    @Test
    void theRetentionPropertyDropsTheOldestOnEveryNode() throws Exception {
        retention("2");
        n1.manager.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        cluster.settle();
        n2.manager.removeTenant(ONOS, "initech");
        cluster.settle();
        n3.manager.removeTenant(ONOS, "globex");
        cluster.settle();

        assertEveryNodeLists(List.of("onos via rest: tenant globex removed", "onos via rest: tenant initech removed"));
        assertEquals(2, map().size());

        retention("1");
        cluster.settle();
        assertEveryNodeLists(List.of("onos via rest: tenant globex removed"));
        assertEquals(1, map().size());
    }

    @Test
    void anUnreadableRetentionIsIgnoredAndTheOneBeforeStays() throws Exception {
        retention("2");
        retention("forever");
        n1.manager.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        cluster.settle();
        n1.manager.removeTenant(ONOS, "initech");
        cluster.settle();
        n1.manager.removeTenant(ONOS, "globex");
        cluster.settle();

        assertEveryNodeLists(List.of("onos via rest: tenant globex removed", "onos via rest: tenant initech removed"));
    }

    @Test
    void theDefaultRetentionIsTheEnginesDefault() {
        assertEquals(Retention.DEFAULT, Retention.parse(OsgiPropertyConstants.HISTORY_RETENTION_DEFAULT));
    }
}
