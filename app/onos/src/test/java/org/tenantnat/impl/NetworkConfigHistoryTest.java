package org.tenantnat.impl;

import com.google.common.util.concurrent.MoreExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.core.DefaultApplicationId;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A desired state pushed to ONOS network config is recorded in the history of changes as coming from network
 * config, and a change made through the service as made by its user; the write-back to network config that
 * follows a service change is not recorded again.
 */
class NetworkConfigHistoryTest {

    private static final ApplicationId APP_ID = new DefaultApplicationId(1, TenantNatManager.APP_NAME);

    private final TestNetworkConfigRegistry netcfg = new TestNetworkConfigRegistry();
    private final ClusterStorageService storage = new ClusterStorageService();
    private TenantNatManager manager;
    private DistributedChangeHistory history;

    @BeforeEach
    void activate() {
        DistributedTenantNatStore store = new DistributedTenantNatStore();
        store.storageService = storage;
        store.activate();
        manager = new TenantNatManager();
        manager.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return new DefaultApplicationId(1, name);
            }
        };
        manager.cfgService = new ComponentConfigAdapter();
        manager.configRegistry = netcfg;
        manager.deviceService = new TestDeviceService();
        manager.mastershipService = new TestMastershipService();
        manager.flowRuleService = new TestFlowRuleService();
        manager.driverService = new TestDriverService();
        manager.packetService = new TestPacketService();
        manager.store = store;
        manager.eventExecutor = MoreExecutors.newDirectExecutorService();
        manager.activate(null);

        history = new DistributedChangeHistory();
        history.storageService = storage;
        history.cfgService = new ComponentConfigAdapter();
        history.service = manager;
        history.executor = MoreExecutors.newDirectExecutorService();
        history.activate(null);
    }

    @AfterEach
    void deactivate() {
        history.deactivate();
        manager.deactivate();
    }

    private List<ChangeRecord> changes() {
        return history.changes(0, Long.MAX_VALUE, 100);
    }

    @Test
    void aPushedDocumentIsRecordedAsNetworkConfigAndAServiceChangeAsItsUser() {
        netcfg.applyConfig(APP_ID, TenantNatConfig.class, Documents.twoSwitches());

        assertEquals(1, changes().size());
        assertEquals(new Origin(Origin.Channel.NETCFG, "netcfg"), changes().get(0).origin());

        manager.removeTenant(Origin.rest("onos"), "initech");

        assertEquals(2, changes().size(), "the write-back to network config is not a change of its own");
        assertEquals(Origin.rest("onos"), changes().get(0).origin());
        assertEquals(List.of("tenant initech removed"), changes().get(0).summary());

        netcfg.applyConfig(APP_ID, TenantNatConfig.class, Documents.twoSwitchesWithout("globex"));

        assertEquals(List.of("tenant globex removed", "tenant initech added"), changes().get(0).summary());
        assertEquals(Origin.Channel.NETCFG, changes().get(0).origin().channel());
    }
}
