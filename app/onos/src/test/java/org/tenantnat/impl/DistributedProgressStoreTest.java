package org.tenantnat.impl;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.runtime.OwnerStatus;
import org.tenantnat.runtime.ProgressStore.Withdrawal;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's record of programming progress: written by a switch's master only, in its mastership term, read
 * alike by every node, and never overwritten by a node that lost the switch.
 */
class DistributedProgressStoreTest {

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final NodeId N1 = NodeId.nodeId("n1");
    private static final NodeId N2 = NodeId.nodeId("n2");
    private static final RuleOwner ACME = RuleOwner.tenant("acme");
    private static final OwnerStatus FAILED = new OwnerStatus(OwnerStatus.State.FAILED, "rules rejected");
    private static final Withdrawal GLOBEX_BACKUP = new Withdrawal(
            S1, "globex", new Access("backup", Ip4Address.valueOf("10.250.0.10")));

    private final ClusterStorageService storage = new ClusterStorageService();
    private final TestApplicationService applications = new TestApplicationService();
    private final TestMastershipService.Masters masters = new TestMastershipService.Masters();

    private DistributedProgressStore node(NodeId id, TestMastershipService.Masters view) {
        DistributedProgressStore store = new DistributedProgressStore();
        store.storageService = storage;
        store.mastershipService = new TestMastershipService(view, id);
        store.clusterService = new TestClusterService(id);
        store.applicationService = applications;
        store.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TestNode.APP_ID;
            }
        };
        store.activate();
        return store;
    }

    @Test
    void whatTheMasterRecordsEveryNodeReads() {
        DistributedProgressStore n1 = node(N1, masters);
        DistributedProgressStore n2 = node(N2, masters);
        masters.setMaster(S1, N1, false);

        n1.setStatus(S1, ACME, Optional.of(FAILED));
        n1.setWithdrawal(GLOBEX_BACKUP, true);

        assertEquals(Optional.of(FAILED), n2.status(S1, ACME));
        assertEquals(List.of(GLOBEX_BACKUP), List.copyOf(n2.withdrawals()));

        n1.setStatus(S1, ACME, Optional.empty());
        n1.setWithdrawal(GLOBEX_BACKUP, false);

        assertEquals(Optional.empty(), n2.status(S1, ACME));
        assertTrue(n2.withdrawals().isEmpty());
    }

    @Test
    void aNodeThatIsNotTheMasterRecordsNothing() {
        DistributedProgressStore n1 = node(N1, masters);
        DistributedProgressStore n2 = node(N2, masters);
        masters.setMaster(S1, N1, false);
        n1.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLED));

        n2.setStatus(S1, ACME, Optional.of(FAILED));
        n2.setStatus(S1, RuleOwner.SHARED, Optional.of(FAILED));
        n2.setWithdrawal(GLOBEX_BACKUP, true);

        assertEquals(Optional.of(OwnerStatus.INSTALLED), n1.status(S1, ACME));
        assertEquals(Optional.empty(), n1.status(S1, RuleOwner.SHARED));
        assertTrue(n1.withdrawals().isEmpty());
    }

    @Test
    void aFormerMasterThatStillBelievesItIsMasterCannotOverwriteTheNewMaster() {
        // n1's view of mastership lags: it still sees itself master in term 1; the cluster moved on to n2.
        TestMastershipService.Masters stale = new TestMastershipService.Masters();
        stale.setMaster(S1, N1, false);
        masters.setMaster(S1, N1, false);
        masters.setMaster(S1, N2, false);
        DistributedProgressStore n1 = node(N1, stale);
        DistributedProgressStore n2 = node(N2, masters);
        n2.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLING));

        n1.setStatus(S1, ACME, Optional.of(FAILED));
        n1.setStatus(S1, ACME, Optional.empty());

        assertEquals(Optional.of(OwnerStatus.INSTALLING), n2.status(S1, ACME));
        assertEquals(Optional.of(OwnerStatus.INSTALLING), n1.status(S1, ACME));
    }

    @Test
    void aNodeThatLostTheSwitchRetractsTheWithdrawalsItRecorded() {
        DistributedProgressStore n1 = node(N1, masters);
        DistributedProgressStore n2 = node(N2, masters);
        masters.setMaster(S1, N1, false);
        n1.setWithdrawal(GLOBEX_BACKUP, true);
        masters.setMaster(S1, N2, false);

        n1.setWithdrawal(GLOBEX_BACKUP, false);

        assertTrue(n2.withdrawals().isEmpty());
    }

    @Test
    void anEntryIsWrittenOnlyWhenItChanges() {
        DistributedProgressStore n1 = node(N1, masters);
        masters.setMaster(S1, N1, false);
        n1.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLED));
        ClusterConsistentMap<String, String> statuses = storage.map(DistributedProgressStore.STATUS_MAP);
        long version = statuses.get("acme@" + S1).version();

        n1.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLED));
        assertEquals(version, statuses.get("acme@" + S1).version());

        masters.setMaster(S1, N1, false);
        n1.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLED));
        assertTrue(statuses.get("acme@" + S1).version() > version, "a new term is recorded");
    }

    @Test
    void uninstallingRemovesEveryEntryButDeactivatingKeepsThem() {
        DistributedProgressStore n1 = node(N1, masters);
        masters.setMaster(S1, N1, false);
        n1.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLED));
        n1.setWithdrawal(GLOBEX_BACKUP, true);

        applications.deactivate();
        assertEquals(Optional.of(OwnerStatus.INSTALLED), n1.status(S1, ACME));

        DistributedProgressStore again = node(N1, masters);
        applications.uninstall();

        assertEquals(Optional.empty(), again.status(S1, ACME));
        assertTrue(again.withdrawals().isEmpty());
        again.setStatus(S1, ACME, Optional.of(OwnerStatus.INSTALLED));
        assertTrue(storage.map(DistributedProgressStore.STATUS_MAP).isEmpty(), "nothing written once uninstalled");
    }
}
