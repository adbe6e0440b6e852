package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IpPrefix;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFVersion;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.standalone.openflow.Rules.actions;
import static org.tenantnat.standalone.openflow.Rules.match;
import static org.tenantnat.standalone.openflow.Rules.rule;

class ReconcilePlanTest {

    private final FlowRuleEncoder encoder = new FlowRuleEncoder();
    private final OFFactory of = OFFactories.getFactory(OFVersion.OF_13);

    private final FlowRule classify = rule(0, 40000, match().matchInPort(PortNumber.portNumber(1)),
                                           actions().writeMetadata(1, 0xffff).transition(1));
    private final FlowRule access = rule(2, 40000, match().matchEthType(Ethernet.TYPE_IPV4)
            .matchIPDst(IpPrefix.valueOf("10.250.0.10/32")), actions().setOutput(PortNumber.portNumber(3)));
    private final FlowRule drop = rule(1, 10, match(), actions());

    @Test
    void keepsWhatIsThereDeletesWhatIsNotDesiredAndAddsWhatIsMissing() {
        FlowRule stale = rule(4, 7, match(), actions());

        ReconcilePlan plan = ReconcilePlan.of(desired(classify, access, drop),
                                              List.of(reported(classify), reported(stale), reported(drop)));

        assertEquals(List.of(access), plan.toAdd());
        assertEquals(List.of(reported(stale)), plan.toDelete());
        assertEquals(2, plan.kept());
    }

    @Test
    void aChangedRuleIsAddedOverItsSlotWithoutDeletingItFirst() {
        FlowRule moved = rule(2, 40000, match().matchEthType(Ethernet.TYPE_IPV4)
                .matchIPDst(IpPrefix.valueOf("10.250.0.10/32")), actions().setOutput(PortNumber.portNumber(4)));

        ReconcilePlan plan = ReconcilePlan.of(desired(moved), List.of(reported(access)));

        assertEquals(List.of(moved), plan.toAdd());
        assertTrue(plan.toDelete().isEmpty(), "an ADD replaces the flow in its slot; deleting it is churn");
    }

    @Test
    void aSwitchHoldingExactlyTheDesiredRulesNeedsNothing() {
        ReconcilePlan plan = ReconcilePlan.of(desired(classify, access),
                                              List.of(reported(access), reported(classify)));

        assertTrue(plan.isEmpty());
        assertEquals(2, plan.kept());
    }

    private Map<FlowKey, FlowRule> desired(FlowRule... rules) {
        return Set.of(rules).stream().collect(Collectors.toMap(encoder::key, r -> r));
    }

    /** The flow a switch reports for a rule it installed. */
    private OFFlowStatsEntry reported(FlowRule rule) {
        OFFlowAdd add = encoder.add(rule);
        return of.buildFlowStatsEntry()
                .setTableId(add.getTableId())
                .setPriority(add.getPriority())
                .setCookie(add.getCookie())
                .setMatch(add.getMatch())
                .setInstructions(add.getInstructions())
                .build();
    }
}
