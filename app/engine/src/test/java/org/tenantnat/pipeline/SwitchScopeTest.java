package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.instructions.Instruction;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;

/**
 * A switch gets exactly the rules of the tenants and services attached to it, all in the shape the settings ask
 * for.
 */
class SwitchScopeTest {

    /** Zeta and the billing service sit on the second switch. */
    private static final Service BILLING = new Service("billing", Ip4Address.valueOf("10.1.1.10"),
                                                       ConnectPoint.deviceConnectPoint("of:0000000000000002/9"),
                                                       Ip4Address.valueOf("10.1.1.1"), Lab.SERVICE_MAC);
    private static final Tenant ZETA = Lab.tenant("zeta", 7, "of:0000000000000002/1", VlanId.NONE)
            .access(List.of(new Access("billing", Ip4Address.valueOf(Lab.VIP))))
            .build();
    private static final DesiredState STATE = Lab.state(ACME, BETA, ZETA).withService(BILLING);

    private CompiledPipeline compile(PipelineCompiler compiler, DeviceId device) {
        return compiler.compile(device, STATE, Lab.allocation(STATE), Neighbours.NONE, Lab.PREFIX);
    }

    @Test
    void eachSwitchGetsOnlyTheOwnersAttachedToIt() {
        CompiledPipeline sw1 = compile(Lab.compiler(), Lab.SW1);
        CompiledPipeline sw2 = compile(Lab.compiler(), Lab.SW2);

        assertEquals(Set.of(RuleOwner.SHARED, RuleOwner.tenant("acme"), RuleOwner.access("acme", "backup"),
                            RuleOwner.tenant("beta"), RuleOwner.access("beta", "backup")), sw1.owners().keySet());
        assertEquals(Set.of(RuleOwner.SHARED, RuleOwner.tenant("zeta"), RuleOwner.access("zeta", "billing")),
                     sw2.owners().keySet());
        assertTrue(sw1.allRules().stream().allMatch(r -> r.deviceId().equals(Lab.SW1)));
        assertTrue(sw2.allRules().stream().allMatch(r -> r.deviceId().equals(Lab.SW2)));
        assertTrue(sw1.failures().isEmpty() && sw2.failures().isEmpty());

        Outcome zetaToBilling = Lab.evaluator(sw2).process(Lab.fromTenant(ZETA, "10.1.1.20", Lab.VIP));
        assertEquals(PortNumber.portNumber(9), zetaToBilling.port());
        assertEquals(Outcome.Fate.DROPPED, Lab.evaluator(sw1).process(Lab.fromTenant(ZETA, "10.1.1.20", Lab.VIP))
                .fate, "zeta's port 1 on sw2 means nothing on sw1, where port 1 is a trunk");
    }

    @Test
    void aSwitchWithoutAttachmentsGetsNoRulesAtAll() {
        CompiledPipeline sw3 = compile(Lab.compiler(), DeviceId.deviceId("of:0000000000000003"));

        assertTrue(sw3.owners().isEmpty());
        assertTrue(sw3.failures().isEmpty() && sw3.pending().isEmpty());
    }

    @Test
    void everyRuleIsPermanentOursAndInTheConfiguredTablesAndPriorities() {
        PipelineSettings settings = new PipelineSettings(20, 1000, 24);
        CompiledPipeline sw1 = compile(new PipelineCompiler(Lab.APP, settings), Lab.SW1);

        for (FlowRule r : sw1.allRules()) {
            assertEquals(Lab.APP.id(), r.appId());
            assertTrue(r.isPermanent(), r.toString());
            assertTrue(r.tableId() >= 20 && r.tableId() < 20 + PipelineSettings.TABLE_COUNT, r.toString());
            assertTrue(Set.of(0, 1000, 1001).contains(r.priority()), r.toString());
        }
        Set<FlowRule> misses = sw1.rules(RuleOwner.SHARED).stream().filter(r -> r.priority() == 0)
                .collect(Collectors.toSet());
        // A switch without links to others uses no fabric table: each translation table ends in a drop.
        assertEquals(Arrays.stream(PipelineTable.values()).filter(t -> t != PipelineTable.FABRIC)
                             .map(settings::tableId).collect(Collectors.toSet()),
                     misses.stream().map(FlowRule::tableId).collect(Collectors.toSet()));
        assertTrue(misses.stream().allMatch(r -> r.selector().criteria().isEmpty()
                && r.treatment().allInstructions().stream().allMatch(i -> i.type() == Instruction.Type.NOACTION)
                && r.treatment().tableTransition() == null && r.treatment().writeMetadata() == null));
        Outcome out = new PipelineEvaluator(sw1.allRules(), 20).process(Lab.fromTenant(ACME, "10.1.1.20", Lab.VIP));
        assertEquals(Lab.SERVICE_PORT.port(), out.port());
        assertEquals(List.of(20, 21, 22), out.path.stream().map(FlowRule::tableId).collect(Collectors.toList()));
    }

    @Test
    void onlyArpAndIcmpErrorPuntsSitAboveThePipelinePriority() {
        CompiledPipeline sw1 = compile(Lab.compiler(), Lab.SW1);

        Set<FlowRule> above = sw1.allRules().stream().filter(r -> r.priority() > PipelineSettings.DEFAULT_PRIORITY)
                .collect(Collectors.toSet());
        Set<FlowRule> classifier = above.stream()
                .filter(r -> r.tableId() == PipelineSettings.DEFAULT_FIRST_TABLE).collect(Collectors.toSet());
        assertEquals(9, classifier.size(), "ARP for gateway and VIP of acme and beta, gateway of backup; 2 ICMP "
                + "error punts for the VIP of acme and of beta: " + classifier);
        Set<FlowRule> returnClassifier = above.stream()
                .filter(r -> r.tableId() == PipelineSettings.DEFAULTS.tableId(PipelineTable.RETURN_CLASSIFIER))
                .collect(Collectors.toSet());
        assertEquals(2, returnClassifier.size(), "2 ICMP error punts for the pool, whatever the blocks: "
                + returnClassifier);
        assertEquals(above.size(), classifier.size() + returnClassifier.size(), "nowhere else: " + above);
        assertTrue(above.stream().allMatch(r -> r.treatment().immediate().stream()
                .anyMatch(i -> i.type() == Instruction.Type.OUTPUT)), "each answers or punts: " + above);
    }
}
