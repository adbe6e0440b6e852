package org.tenantnat.impl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IpPrefix;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.Origin;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.runtime.OwnerStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.impl.TestCluster.S1;
import static org.tenantnat.impl.TestCluster.S2;

/**
 * A switch's mastership moves from one node to another: the new master reconciles the switch's table with the
 * desired pipeline (stale rules go, missing ones come back), programs it from then on and records its progress;
 * the old master stops programming it and can no longer record progress for it.
 */
class MastershipMoveTest {


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
        cluster.twoSwitches(Documents.twoSwitches(), n1, n2, n3);
    }

    // A rule of ours the desired pipeline does not have, as an earlier configuration could have left.
    private static FlowEntry stale() {
        FlowRule rule = DefaultFlowRule.builder().forDevice(S1).forTable(1).withPriority(40000)
                .withSelector(DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                                      .matchIPSrc(IpPrefix.valueOf("192.0.2.0/24")).build())
                .withTreatment(DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(9)).build())
                .fromApp(new DefaultApplicationId(1, TenantNatManager.APP_NAME)).makePermanent().build();
        return new DefaultFlowEntry(rule, FlowEntry.FlowEntryState.ADDED);
    }

    @Test
    void theNewMasterReconcilesTheSwitchAndTheOldOneStopsProgrammingIt() throws Exception {
        Set<FlowRule> desired = cluster.expectedRules(S1, n3);
        assertEquals(desired, cluster.flows.rules(S1));
        // While nobody watched, the switch lost one rule and holds one it should not.
        FlowRule lost = desired.iterator().next();
        cluster.flows.wipe(S1);
        Set<FlowRule> left = new HashSet<>(desired);
        left.remove(lost);
        left.forEach(r -> cluster.flows.preload(new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED)));
        cluster.flows.preload(stale());
        cluster.flows.clearRecords();

        cluster.setMaster(S1, n2);
        cluster.settle();

        assertEquals(desired, cluster.flows.rules(S1), "stale rule removed, lost rule back");
        assertEquals(Set.of(S1), cluster.flows.programmedBy("n2"));
        assertTrue(cluster.flows.programmedBy("n1").isEmpty());

        cluster.flows.clearRecords();
        n3.manager.removeTenant(Origin.rest("test"), "globex");
        cluster.settle();

        assertEquals(cluster.expectedRules(S1, n3), cluster.flows.rules(S1));
        assertEquals(Set.of(S1), cluster.flows.programmedBy("n2"), "the new master programs the change");
        assertFalse(cluster.flows.programmedBy("n1").contains(S1), "the old master does not");
        for (TestNode node : List.of(n1, n2, n3)) {
            assertTrue(node.manager.intents().stream().allMatch(i -> i.state() == AccessIntent.State.INSTALLED),
                       node + ": " + node.manager.intents());
        }
    }

    @Test
    void theOldMasterCanNoLongerRecordProgressForTheSwitch() throws Exception {
        cluster.setMaster(S1, n2);
        cluster.settle();

        n1.progress.setStatus(S1, RuleOwner.tenant("acme"), Optional.of(
                new OwnerStatus(OwnerStatus.State.FAILED, "late news from a former master")));

        assertEquals(Optional.of(OwnerStatus.INSTALLED), n3.progress.status(S1, RuleOwner.tenant("acme")));
        assertEquals(AccessIntent.State.INSTALLED, n3.manager.intents().get(0).state());
    }

    @Test
    void aSwitchWithoutMasterIsProgrammedAgainByItsNextMaster() throws Exception {
        cluster.masters.setMaster(S1, null, true);
        cluster.settle();
        cluster.flows.clearRecords();
        n3.manager.removeTenant(Origin.rest("test"), "acme");
        cluster.settle();
        assertTrue(cluster.flows.batches().isEmpty(), "nobody programs a switch without master");

        cluster.setMaster(S1, n3);
        cluster.settle();

        assertEquals(cluster.expectedRules(S1, n3), cluster.flows.rules(S1));
        assertEquals(Set.of(S1), cluster.flows.programmedBy("n3"));
    }
}
