package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.util.concurrent.MoreExecutors;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.core.DefaultApplicationId;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StoredState;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One ONOS node of a {@link TestCluster}, with tenantnat's six components on it (the distributed state and
 * progress stores, the audit trail of bindings, the manager, the history of changes, the network-config manager)
 * over the cluster's shared services and services of its own (cluster, packets, component config). It counts what
 * the tests check: network-config documents decoded on this node (ONOS's validation included), replaceState calls
 * of its network-config manager, and commits its store refused because another node committed first.
 */
final class TestNode {

    /** Application id every node registers, as ONOS gives one id per name cluster-wide. */
    static final ApplicationId APP_ID = new DefaultApplicationId(1, TenantNatManager.APP_NAME);

    final NodeId id;
    final TestMastershipService mastership;
    final TestLeadershipService leadership;
    final TestNetworkConfigRegistry netcfg;
    final TestPacketService packets = new TestPacketService();
    final DistributedTenantNatStore store = new DistributedTenantNatStore();
    final DistributedProgressStore progress = new DistributedProgressStore();
    final TenantNatManager manager = new TenantNatManager();
    final DistributedChangeHistory history = new DistributedChangeHistory();
    final DistributedBindingHistory bindings = new DistributedBindingHistory();
    final TenantNatConfigManager config = new CountingConfigManager();
    final AtomicInteger decodes = new AtomicInteger();
    final AtomicInteger netcfgApplied = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();

    private final ThreadPoolExecutor configExecutor = new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    private boolean running;

    TestNode(TestCluster cluster, NodeId id) {
        this.id = id;
        this.mastership = new TestMastershipService(cluster.masters, id);
        this.leadership = new TestLeadershipService(cluster.elections, id);
        this.netcfg = new TestNetworkConfigRegistry(cluster.netcfg);
        CoreServiceAdapter core = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return APP_ID;
            }
        };
        TestClusterService clusterService = new TestClusterService(id);

        store.storageService = cluster.storage;
        store.coreService = core;
        store.applicationService = cluster.applications;

        progress.storageService = cluster.storage;
        progress.mastershipService = mastership;
        progress.clusterService = clusterService;
        progress.coreService = core;
        progress.applicationService = cluster.applications;

        manager.coreService = core;
        manager.cfgService = new ComponentConfigAdapter();
        manager.applicationService = cluster.applications;
        manager.deviceService = cluster.devices;
        manager.mastershipService = mastership;
        manager.flowRuleService = cluster.flows.forNode(id.toString());
        manager.driverService = cluster.drivers;
        manager.packetService = packets;
        manager.store = new ConflictCountingStore(store);
        manager.progressStore = progress;
        manager.bindingHistory = bindings;
        manager.eventExecutor = MoreExecutors.newDirectExecutorService();

        bindings.storageService = cluster.storage;
        bindings.cfgService = new ComponentConfigAdapter();
        bindings.coreService = core;
        bindings.applicationService = cluster.applications;

        history.storageService = cluster.storage;
        history.cfgService = new ComponentConfigAdapter();
        history.service = manager;
        history.coreService = core;
        history.applicationService = cluster.applications;
        history.executor = MoreExecutors.newDirectExecutorService();

        config.coreService = core;
        config.configRegistry = netcfg;
        config.leadershipService = leadership;
        config.clusterService = clusterService;
        config.storageService = cluster.storage;
        config.applicationService = cluster.applications;
        config.service = countingReplaceState(manager);
        config.history = history;
        config.executor = configExecutor;
    }

    /**
     * Activates the components, as ONOS does when the application is activated or the node starts.
     */
    void activate() {
        running = true;
        store.activate();
        progress.activate();
        bindings.activate(null);
        manager.activate(null);
        history.activate(null);
        config.activate();
    }

    /**
     * Deactivates the components, as ONOS does when the node stops: no deactivate hook runs. Nothing happens on a
     * node that is not running.
     */
    void deactivate() {
        if (!running) {
            return;
        }
        running = false;
        config.deactivate();
        history.deactivate();
        manager.deactivate();
        bindings.deactivate();
        progress.deactivate();
        store.deactivate();
    }

    /**
     * Crashes the node: its network-config work still queued is lost, its leadership ends, it hears nothing more,
     * and its components stop without any deactivate hook.
     */
    void crash() {
        running = false;
        configExecutor.shutdownNow();
        netcfg.detach();
        leadership.crash(TenantNatManager.APP_NAME);
        history.deactivate();
        manager.deactivate();
        bindings.deactivate();
        progress.deactivate();
        store.deactivate();
    }

    /**
     * Holds this node's network-config work until the returned latch is released (or the node crashes).
     *
     * @return release
     * @throws InterruptedException when interrupted
     */
    CountDownLatch stallConfigWork() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        configExecutor.execute(() -> {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stalled.await();
        return release;
    }

    /**
     * Waits until the network-config work queued so far is done.
     *
     * @throws InterruptedException when interrupted
     * @throws TimeoutException     when it takes longer than 30 s
     */
    void awaitConfigWork() throws InterruptedException, TimeoutException {
        if (configExecutor.isShutdown()) {
            return;
        }
        try {
            configExecutor.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    long configTasks() {
        return configExecutor.getTaskCount();
    }

    boolean configIdle() {
        return configExecutor.getTaskCount() == configExecutor.getCompletedTaskCount();
    }

    /**
     * Returns the desired state the network config document holds, as this node reads it.
     *
     * @return desired state, EMPTY without a document
     */
    DesiredState netcfgState() {
        TenantNatConfig document = netcfg.getConfig(APP_ID, TenantNatConfig.class);
        return document == null ? DesiredState.EMPTY : Documents.decode(document.node());
    }

    @Override
    public String toString() {
        return id.toString();
    }

    // The service as the network-config manager sees it, counting its replaceState calls.
    private TenantNatService countingReplaceState(TenantNatService service) {
        return (TenantNatService) Proxy.newProxyInstance(
                TenantNatService.class.getClassLoader(), new Class<?>[]{TenantNatService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("replaceState")) {
                        netcfgApplied.incrementAndGet();
                    }
                    try {
                        return method.invoke(service, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // Counts every document it decodes: for ONOS's validation and for the engine.
    private final class CountingConfigManager extends TenantNatConfigManager {
        @Override
        TenantNatConfig newConfig(Predicate<JsonNode> writtenBack) {
            return new TenantNatConfig(writtenBack) {
                @Override
                public DesiredState desiredState() {
                    decodes.incrementAndGet();
                    return super.desiredState();
                }
            };
        }
    }

    // The store, counting the commits refused because another node committed first.
    private final class ConflictCountingStore implements StateStore {
        private final StateStore store;

        ConflictCountingStore(StateStore store) {
            this.store = store;
        }

        @Override
        public StoredState load() {
            return store.load();
        }

        @Override
        public long commit(long base, StateChange change) {
            try {
                return store.commit(base, change);
            } catch (ConcurrentChangeException e) {
                conflicts.incrementAndGet();
                throw e;
            }
        }

        @Override
        public void setDelegate(StateStoreDelegate delegate) {
            store.setDelegate(delegate);
        }

        @Override
        public void unsetDelegate(StateStoreDelegate delegate) {
            store.unsetDelegate(delegate);
        }

        @Override
        public boolean hasDelegate() {
            return store.hasDelegate();
        }
    }
}
