package org.tenantnat.impl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onosproject.net.config.InvalidConfigException;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network config in a three-node cluster: the leader of org.tenantnat alone applies an operator's document and
 * writes the state back after changes through the service; nothing echoes, and a document is decoded once where it
 * arrives (ONOS's validation) and once by the leader, never by the others; an invalid document is refused naming
 * the field; a new leader catches up with what its predecessor left undone.
 */
class TenantNatConfigManagerTest {

    private static final Origin REST = Origin.rest("test");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();
    private final DesiredState twoSwitches = Documents.decode(Documents.twoSwitches());
    private TestNode n1;
    private TestNode n2;
    private TestNode n3;

    @BeforeEach
    void setUp() throws Exception {
        n1 = cluster.start("n1");
        n2 = cluster.start("n2");
        n3 = cluster.start("n3");
        cluster.settle();
        assertEquals(n1.id, n1.leadership.getLeader(TenantNatManager.APP_NAME));
    }

    private void push(TestNode node, ObjectNode document) throws Exception {
        node.netcfg.applyConfig(TestNode.APP_ID, TenantNatConfig.class, document);
        cluster.settle();
    }

    private void resetCounts() {
        cluster.nodes.forEach(n -> {
            n.decodes.set(0);
            n.netcfgApplied.set(0);
        });
    }

    private List<Integer> decodes() {
        return List.of(n1.decodes.get(), n2.decodes.get(), n3.decodes.get());
    }

    private List<Integer> applied() {
        return List.of(n1.netcfgApplied.get(), n2.netcfgApplied.get(), n3.netcfgApplied.get());
    }

    private void assertEveryNodeHolds(DesiredState expected) {
        for (TestNode node : cluster.nodes) {
            assertEquals(expected, node.manager.desiredState(), node + "'s desired state");
        }
    }

    @Test
    void aPushedDocumentIsDecodedWhereItArrivesAndByTheLeaderOnly() throws Exception {
        resetCounts();

        push(n2, Documents.twoSwitches());

        assertEveryNodeHolds(twoSwitches);
        assertEquals(List.of(1, 1, 0), decodes(), "n2 validated it, n1 (the leader) applied it");
        assertEquals(List.of(1, 0, 0), applied());
        assertEquals(1, cluster.netcfg.writes(), "the leader did not write the document back");
    }

    @Test
    void aChangeThroughTheServiceIsWrittenBackOnceAndDecodedByNoNode() throws Exception {
        push(n2, Documents.twoSwitches());
        resetCounts();
        int writes = cluster.netcfg.writes();

        n3.manager.removeTenant(REST, "globex");
        cluster.settle();

        DesiredState withoutGlobex = Documents.decode(Documents.twoSwitchesWithout("globex"));
        assertEveryNodeHolds(withoutGlobex);
        assertEquals(withoutGlobex, n3.netcfgState(), "the leader wrote the change back");
        assertEquals(writes + 1, cluster.netcfg.writes());
        assertEquals(List.of(0, 0, 0), decodes(), "the write-back was neither validated nor applied again");
        assertEquals(List.of(0, 0, 0), applied());
    }

    @Test
    void anInvalidDocumentIsRefusedNamingTheFieldAndChangesNothingOnAnyNode() throws Exception {
        push(n2, Documents.twoSwitches());
        resetCounts();
        ObjectNode invalid = Documents.twoSwitches();
        ((ObjectNode) invalid.withArray("tenants").get(1)).put("id", 1);

        InvalidConfigException refused = assertThrows(InvalidConfigException.class,
                () -> n3.netcfg.applyConfig(TestNode.APP_ID, TenantNatConfig.class, invalid));
        cluster.settle();

        assertTrue(refused.getCause().getMessage().contains("tenants[globex].id"), refused.getCause().getMessage());
        assertEveryNodeHolds(twoSwitches);
        assertEquals(twoSwitches, n1.netcfgState());
        assertEquals(List.of(0, 0, 1), decodes());
    }

    @Test
    void anInvalidDocumentStoredWithoutValidationIsRefusedByTheLeader() throws Exception {
        push(n2, Documents.twoSwitches());
        ObjectNode invalid = Documents.twoSwitches();
        ((ObjectNode) invalid.withArray("tenants").get(1)).put("id", 1);

        n3.netcfg.postUnvalidated(TestNode.APP_ID, TenantNatConfig.class, invalid);
        cluster.settle();

        assertEveryNodeHolds(twoSwitches);
    }

    @Test
    void removingTheDocumentEmptiesTheDesiredStateOnEveryNode() throws Exception {
        push(n2, Documents.twoSwitches());

        n3.netcfg.removeConfig(TestNode.APP_ID, TenantNatConfig.class);
        cluster.settle();

        for (TestNode node : cluster.nodes) {
            assertTrue(node.manager.desiredState().tenants().isEmpty(), node + " still has tenants");
            assertTrue(node.manager.desiredState().services().isEmpty(), node + " still has services");
        }
        assertEquals(null, n1.netcfg.getConfig(TestNode.APP_ID, TenantNatConfig.class), "nothing written back");
    }

    @Test
    void aDocumentStoredBeforeAnyNodeRanIsAppliedByTheFirstLeader() throws Exception {
        TestCluster fresh = new TestCluster();
        new TestNetworkConfigRegistry(fresh.netcfg).postUnvalidated(TestNode.APP_ID, TenantNatConfig.class,
                                                                     Documents.twoSwitches());

        TestNode first = fresh.start("a");
        TestNode second = fresh.start("b");
        fresh.settle();

        assertEquals(twoSwitches, first.manager.desiredState());
        assertEquals(twoSwitches, second.manager.desiredState());
        assertEquals(List.of(1, 0), List.of(first.netcfgApplied.get(), second.netcfgApplied.get()));
        fresh.nodes.forEach(TestNode::deactivate);
    }

    @Test
    void aNewLeaderAppliesADocumentTheCrashedLeaderDidNotGetTo() throws Exception {
        push(n2, Documents.twoSwitches());
        CountDownLatch stalled = n1.stallConfigWork();
        n3.netcfg.applyConfig(TestNode.APP_ID, TenantNatConfig.class, Documents.twoSwitchesWithout("acme"));

        n1.crash();
        stalled.countDown();
        cluster.settle();

        assertEquals(n2.id, n2.leadership.getLeader(TenantNatManager.APP_NAME));
        DesiredState withoutAcme = Documents.decode(Documents.twoSwitchesWithout("acme"));
        assertEquals(withoutAcme, n2.manager.desiredState());
        assertEquals(withoutAcme, n3.manager.desiredState());
    }

    @Test
    void aNewLeaderWritesBackAChangeTheCrashedLeaderDidNotGetTo() throws Exception {
        push(n2, Documents.twoSwitches());
        CountDownLatch stalled = n1.stallConfigWork();
        n3.manager.removeTenant(REST, "initech");

        n1.crash();
        stalled.countDown();
        cluster.settle();

        DesiredState withoutInitech = Documents.decode(Documents.twoSwitchesWithout("initech"));
        assertEquals(withoutInitech, n2.manager.desiredState(), "the change made through the service stays");
        assertEquals(withoutInitech, n3.netcfgState(), "and the new leader wrote it back");
    }

    @Test
    void theLeaderStoppingHandsNetworkConfigToTheNextNode() throws Exception {
        n1.deactivate();
        cluster.settle();
        resetCounts();

        push(n3, Documents.twoSwitches());

        assertEquals(twoSwitches, n2.manager.desiredState());
        assertEquals(twoSwitches, n3.manager.desiredState());
        assertEquals(List.of(0, 1, 0), applied());
    }
}
