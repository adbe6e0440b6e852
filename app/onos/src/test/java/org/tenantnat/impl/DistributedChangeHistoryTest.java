package org.tenantnat.impl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.store.service.ConsistentMap;
import org.osgi.service.component.ComponentContext;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.history.Retention;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.TenantNatRuntime;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The cluster's history of changes: a change committed on one node is recorded once, by that node before its verb
 * returns, and listed by every node; a change whose committer stopped before recording it is recorded by another
 * node that applied it; the records survive a restart of the component; the retention property drops the oldest
 * everywhere.
 */
class DistributedChangeHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final Origin ONOS = Origin.rest("onos");

    private final ClusterStorageService storage = new ClusterStorageService();
    private final List<Node> nodes = new ArrayList<>();

    /** One node of the cluster: its store and runtime, and its history when it records one. */
    private final class Node {
        final DistributedTenantNatStore store = new DistributedTenantNatStore();
        final TenantNatRuntime runtime;
        final Held held = new Held();
        DistributedChangeHistory history;

        Node() {
            store.storageService = storage;
            store.activate();
            runtime = new TenantNatRuntime(new DefaultApplicationId(1, TenantNatManager.APP_NAME),
                                           PipelineSettings.DEFAULTS, new FakeSouthbound(), store);
            runtime.start();
            nodes.add(this);
        }

        /** Starts recording; the work of changes committed elsewhere runs when {@link Held#run()} says. */
        Node recording(Map<String, Object> properties) {
            history = new DistributedChangeHistory();
            history.storageService = storage;
            history.cfgService = new ComponentConfigAdapter();
            history.service = runtime;
            history.executor = held;
            history.clock = Clock.fixed(NOW, ZoneOffset.UTC);
            history.activate(context(properties));
            return this;
        }

        Node recording() {
            return recording(Map.of());
        }

        List<String> lines() {
            return history.changes(0, Long.MAX_VALUE, 100).stream()
                    .map(r -> r.revision() + " " + r.origin() + ": " + String.join("; ", r.summary()))
                    .collect(Collectors.toList());
        }

        void stop() {
            if (history != null && history.executor != null) {
                history.deactivate();
            }
            runtime.stop();
            store.deactivate();
        }
    }

    /** An executor that runs what it was given only when told, as a busy background thread would. */
    private static final class Held extends AbstractExecutorService {
        private final List<Runnable> tasks = new ArrayList<>();
        private boolean shutdown;

        @Override
        public synchronized void execute(Runnable command) {
            tasks.add(command);
        }

        synchronized void run() {
            List<Runnable> now = new ArrayList<>(tasks);
            tasks.clear();
            now.forEach(Runnable::run);
        }

        @Override
        public synchronized void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown();
            return List.of();
        }

        @Override
        public synchronized boolean isShutdown() {
            return shutdown;
        }

        @Override
        public synchronized boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::stop);
    }

    private static ComponentContext context(Map<String, Object> properties) {
        Dictionary<String, Object> dictionary = new Hashtable<>(properties);
        return (ComponentContext) Proxy.newProxyInstance(
                DistributedChangeHistoryTest.class.getClassLoader(), new Class<?>[]{ComponentContext.class},
                (proxy, method, args) -> method.getName().equals("getProperties") ? dictionary : null);
    }

    private ConsistentMap<Long, String> map() {
        return storage.map(DistributedChangeHistory.HISTORY_MAP);
    }

    @Test
    void aChangeIsRecordedByItsCommitterBeforeTheVerbReturnsAndListedByEveryNode() {
        Node a = new Node().recording();
        Node b = new Node().recording();

        a.runtime.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));

        assertNotNull(map().get(a.runtime.revision()), "recorded while the verb ran");
        List<String> expected = List.of("1 onos via rest: settings changed: pool; service archive added; "
                + "service backup added; tenant acme added; tenant globex added; tenant initech added");
        assertEquals(expected, a.lines());
        assertEquals(expected, b.lines(), "another node lists it");

        b.held.run();
        assertEquals(1, map().size(), "the other node's write changed nothing");
        assertEquals(expected, b.lines());
    }

    @Test
    void aChangeWhoseCommitterStoppedBeforeRecordingItIsRecordedByTheNodesThatApplyIt() {
        Node committer = new Node();
        Node other = new Node().recording();

        committer.runtime.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        committer.runtime.removeTenant(new Origin(Origin.Channel.CLI, "karaf"), "globex");
        assertNull(map().get(2L), "not recorded by its committer");

        other.held.run();
        assertEquals(List.of("2 karaf via cli: tenant globex removed", "1 onos via rest: settings changed: pool; "
                + "service archive added; service backup added; tenant acme added; tenant globex added; "
                + "tenant initech added"), other.lines());
    }

    @Test
    void theRecordsOutliveARestartOfTheComponent() {
        Node a = new Node().recording();
        a.runtime.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        a.runtime.removeTenant(ONOS, "initech");
        List<ChangeRecord> before = a.history.changes(0, Long.MAX_VALUE, 10);
        a.history.deactivate();

        Node again = new Node().recording();

        assertEquals(before, again.history.changes(0, Long.MAX_VALUE, 10));
    }

    @Test
    void theRetentionPropertyDropsTheOldestOnEveryNode() {
        Node a = new Node().recording(Map.of(OsgiPropertyConstants.HISTORY_RETENTION, "2"));
        Node b = new Node().recording();
        a.runtime.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        a.runtime.removeTenant(ONOS, "initech");
        a.runtime.removeTenant(ONOS, "globex");

        assertEquals(List.of("3 onos via rest: tenant globex removed", "2 onos via rest: tenant initech removed"),
                     a.lines());
        assertEquals(a.lines(), b.lines());
        assertEquals(2, map().size());

        a.history.modified(context(Map.of(OsgiPropertyConstants.HISTORY_RETENTION, "1")));
        a.held.run();
        assertEquals(List.of("3 onos via rest: tenant globex removed"), b.lines());
    }

    @Test
    void anUnreadableRetentionIsIgnoredAndTheOneBeforeStays() {
        Node a = new Node().recording(Map.of(OsgiPropertyConstants.HISTORY_RETENTION, "2"));
        a.history.modified(context(Map.of(OsgiPropertyConstants.HISTORY_RETENTION, "forever")));
        a.runtime.replaceState(ONOS, Documents.decode(Documents.twoSwitches()));
        a.runtime.removeTenant(ONOS, "initech");
        a.runtime.removeTenant(ONOS, "globex");

        assertEquals(2, a.lines().size());
    }

    @Test
    void theDefaultRetentionIsTheEnginesDefault() {
        assertEquals(Retention.DEFAULT, Retention.parse(OsgiPropertyConstants.HISTORY_RETENTION_DEFAULT));
    }
}
