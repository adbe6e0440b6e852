package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A desired state pushed to ONOS network config is recorded in the history of changes as coming from network
 * config, on every node, and a change made through the service as made by its user; the leader's write-back into
 * network config that follows a service change is not recorded again.
 */
class NetworkConfigHistoryTest {

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
    }

    private static List<ChangeRecord> changes(TestNode node) {
        return node.history.changes(0, Long.MAX_VALUE, 100);
    }

    @Test
    void aPushedDocumentIsRecordedAsNetworkConfigAndAServiceChangeAsItsUser() throws Exception {
        n2.netcfg.applyConfig(TestNode.APP_ID, TenantNatConfig.class, Documents.twoSwitches());
        cluster.settle();

        assertEquals(1, changes(n3).size());
        assertEquals(new Origin(Origin.Channel.NETCFG, "netcfg"), changes(n3).get(0).origin());

        n3.manager.removeTenant(Origin.rest("onos"), "initech");
        cluster.settle();

        for (TestNode node : cluster.nodes) {
            List<ChangeRecord> changes = changes(node);
            assertEquals(2, changes.size(), node + ": the write-back to network config is no change of its own");
            assertEquals(Origin.rest("onos"), changes.get(0).origin());
            assertEquals(List.of("tenant initech removed"), changes.get(0).summary());
        }

        n1.netcfg.applyConfig(TestNode.APP_ID, TenantNatConfig.class, Documents.twoSwitchesWithout("globex"));
        cluster.settle();

        ChangeRecord last = changes(n2).get(0);
        assertEquals(Origin.Channel.NETCFG, last.origin().channel());
        assertEquals(List.of("tenant globex removed", "tenant initech added"), last.summary());
    }
}
