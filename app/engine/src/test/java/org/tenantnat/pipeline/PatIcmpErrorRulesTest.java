package org.tenantnat.pipeline;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IPv4;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pat tenant's ICMP errors toward its VIPs are not punted as they arrive but once its conntrack translated them:
 * from the service-access table, once each, through the ICMP meter, tagged again for a trunk attachment so the
 * controller sees them as from the attachment.
 */
class PatIcmpErrorRulesTest {

    private static final int TRUNK_VLAN = 300;
    private static final Tenant ECHO = Lab.tenant("echo", 6, "of:0000000000000001/1", VlanId.vlanId((short) TRUNK_VLAN))
            .translation(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(32).build()).build();

    private FakeSouthbound southbound;
    private TenantNatRuntime runtime;

    @BeforeEach
    void setUp() {
        southbound = new FakeSouthbound();
        southbound.capabilities(Lab.OVS.withConntrack(Conntrack.ownExtensions()));
        runtime = new TenantNatRuntime(Lab.APP, PipelineSettings.DEFAULTS, southbound, new MemoryStateStore());
        runtime.start();
        runtime.replaceState(Origin.rest("test"), Lab.state(ECHO));
    }

    @AfterEach
    void tearDown() {
        runtime.stop();
    }

    @Test
    void errorsFromTheTenantArePuntedOnceEachAfterConntrackAndTaggedAsTheyCame() {
        List<FlowRule> punts = southbound.table(FakeSouthbound.SWITCH).stream()
                .filter(r -> isIcmp(r) && outputs(r).contains(PortNumber.CONTROLLER)
                        && r.selector().getCriterion(Criterion.Type.METADATA) != null)
                .collect(Collectors.toList());

        assertEquals(2, punts.size(), "destination unreachable and time exceeded, in the tenant's context: " + punts);
        for (FlowRule punt : punts) {
            assertEquals(PipelineSettings.DEFAULTS.tableId(PipelineTable.SERVICE_ACCESS), punt.tableId(),
                         "after the tenant's conntrack: " + punt);
            assertEquals(List.of(PortNumber.CONTROLLER), outputs(punt), "punted once: " + punt);
            assertTrue(punt.treatment().meters().stream().anyMatch(m -> m.meterId().equals(Lab.ICMP_METER)),
                       "through the ICMP error meter: " + punt);
            List<Instruction> vlan = punt.treatment().allInstructions().stream()
                    .filter(i -> i instanceof L2ModificationInstruction.ModVlanIdInstruction)
                    .collect(Collectors.toList());
            assertEquals(List.of(Instructions.modVlanId(VlanId.vlanId((short) TRUNK_VLAN))), vlan, punt.toString());
        }
        assertTrue(southbound.table(FakeSouthbound.SWITCH).stream()
                           .noneMatch(r -> r.selector().getCriterion(Criterion.Type.IN_PORT) != null
                                   && ((PortCriterion) r.selector().getCriterion(Criterion.Type.IN_PORT)).port()
                                   .equals(ECHO.attachment().connectPoint().port())
                                   && isIcmp(r) && outputs(r).contains(PortNumber.CONTROLLER)),
                   "nothing punts the tenant's errors as they arrive: the controller could not translate them");
    }

    private static boolean isIcmp(FlowRule rule) {
        Criterion proto = rule.selector().getCriterion(Criterion.Type.IP_PROTO);
        return proto != null && ((IPProtocolCriterion) proto).protocol() == IPv4.PROTOCOL_ICMP;
    }

    private static List<PortNumber> outputs(FlowRule rule) {
        return rule.treatment().allInstructions().stream()
                .filter(i -> i instanceof Instructions.OutputInstruction)
                .map(i -> ((Instructions.OutputInstruction) i).port())
                .collect(Collectors.toList());
    }
}
