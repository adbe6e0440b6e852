package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IpPrefix;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.store.StateStoreException;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.impl.TestCluster.S1;
import static org.tenantnat.impl.TestCluster.S2;

/**
 * What happens to tenantnat's flows and stored state when ONOS deactivates or uninstalls the application (the
 * deactivate hooks run on every node, in no set order), and when a node merely stops (no hook runs).
 */
class DeactivateHookTest {

    private static final List<String> MAPS = List.of(
            DistributedTenantNatStore.RECORDS_MAP, DistributedTenantNatStore.HEAD_MAP,
            DistributedProgressStore.STATUS_MAP, DistributedProgressStore.WITHDRAWAL_MAP,
            TenantNatConfigManager.SYNC_MAP, DistributedChangeHistory.HISTORY_MAP, DistributedBindingHistory.MAP);

    @RegisterExtension
    final TestCluster cluster = new TestCluster();
    private final FlowEntry otherApps = otherApplicationsRule();
    private TestNode n1;
    private TestNode n2;
    private TestNode n3;

    @BeforeEach
    void setUp() throws Exception {
        n1 = cluster.start("n1");
        n2 = cluster.start("n2");
        n3 = cluster.start("n3");
        cluster.flows.preload(otherApps);
        cluster.twoSwitches(Documents.twoSwitches(), n1, n2, n3);
        assertFalse(ours(S1).isEmpty());
        assertFalse(ours(S2).isEmpty());
        assertEquals(18, cluster.applications.hookCount(), "six hooks on each of three nodes");
        assertFalse(cluster.storage.map(DistributedBindingHistory.MAP).isEmpty(), "the static blocks' records");
    }

    private static FlowEntry otherApplicationsRule() {
        FlowRule rule = DefaultFlowRule.builder().forDevice(S1).forTable(0).withPriority(100)
                .withSelector(DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                                      .matchIPDst(IpPrefix.valueOf("198.51.100.0/24")).build())
                .withTreatment(DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(7)).build())
                .fromApp(new DefaultApplicationId(8, "org.onosproject.fwd")).makePermanent().build();
        return new DefaultFlowEntry(rule, FlowEntry.FlowEntryState.ADDED);
    }

    private Set<FlowRule> ours(DeviceId device) {
        Set<FlowRule> rules = cluster.flows.rules(device);
        rules.removeIf(r -> r.appId() != TestNode.APP_ID.id());
        return rules;
    }

    @Test
    void uninstallingRemovesEveryFlowOfOursAndEveryStoredRecord() throws Exception {
        cluster.applications.uninstall();
        cluster.settle();

        assertTrue(ours(S1).isEmpty(), "tenantnat's rules on S1: " + ours(S1));
        assertTrue(ours(S2).isEmpty());
        assertEquals(Set.of(otherApps), cluster.flows.rules(S1), "another application's rule stays");
        for (String map : MAPS) {
            assertTrue(cluster.storage.map(map).isEmpty(), map + " is not empty");
        }
        // Until ONOS stops its bundles, nothing is programmed or stored any more.
        cluster.devices.setAvailable(S1, false);
        cluster.devices.setAvailable(S1, true);
        assertThrows(StateStoreException.class, () -> n2.manager.removeTenant(Origin.rest("test"), "acme"));
        cluster.settle();
        assertTrue(ours(S1).isEmpty());
        for (String map : MAPS) {
            assertTrue(cluster.storage.map(map).isEmpty(), map + " is not empty");
        }
    }

    @Test
    void deactivatingRemovesEveryFlowOfOursAndKeepsTheStateForReactivation() throws Exception {
        Allocation before = n1.manager.allocation();
        Set<FlowRule> s1 = ours(S1);
        List<ChangeRecord> changes = n1.history.changes(0, Long.MAX_VALUE, 100);
        List<BindingRecord> trail = n1.bindings.between(null, Instant.MIN, Instant.MAX);
        assertFalse(trail.isEmpty());

        cluster.applications.deactivate();
        cluster.settle();

        assertTrue(ours(S1).isEmpty());
        assertTrue(ours(S2).isEmpty());
        assertEquals(Set.of(otherApps), cluster.flows.rules(S1));

        // ONOS stops the bundles on every node, then the application is activated again.
        List.copyOf(cluster.nodes).forEach(cluster::restart);
        cluster.settle();

        assertEquals(s1, ours(S1), "the same pipeline is back");
        for (TestNode node : cluster.nodes) {
            assertEquals(before, node.manager.allocation(), node + " keeps every translated block");
            assertEquals(changes, node.history.changes(0, Long.MAX_VALUE, 100), node + " keeps the history");
            assertEquals(trail, node.bindings.between(null, Instant.MIN, Instant.MAX),
                         node + " keeps the audit trail of bindings");
        }
        assertEquals(1, changes.size(), changes::toString);
    }

    @Test
    void aNodeThatStopsLeavesTheFlowsAndAnotherNodeTakesItsSwitchOver() throws Exception {
        Set<FlowRule> s1 = ours(S1);
        Set<FlowRule> s2 = ours(S2);

        n1.deactivate();
        assertEquals(s1, ours(S1), "tenants on the stopped node's switch are not cut off");
        assertEquals(s2, ours(S2));

        cluster.setMaster(S1, n3);
        n3.manager.removeTenant(Origin.rest("test"), "globex");
        cluster.settle();

        assertEquals(cluster.expectedRules(S1, n3), ours(S1));
        assertEquals(Set.of(S1), cluster.flows.programmedBy("n3"));
    }
}
