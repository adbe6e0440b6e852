package org.tenantnat.pipeline;

import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the runtime left on the switches, compared with compiling the whole state from scratch.
 */
final class FabricAssertions {

    private FabricAssertions() {
    }

    /**
     * Asserts that every connected switch holds exactly the rules a full compile gives, rule for rule (cookie and
     * treatment included).
     *
     * @param runtime    runtime whose state is compiled
     * @param southbound the switches it programmed
     * @param switches   switches to compare
     */
    static void assertTablesEqualAFullCompile(TenantNatRuntime runtime, FakeSouthbound southbound,
                                              Collection<DeviceId> switches) {
        DesiredState state = runtime.desiredState();
        Fabric fabric = Fabric.of(southbound.links(), state.links(), southbound::isAvailable, southbound::isPortUp,
                                  p -> Optional.empty());
        PipelineInput in = PipelineInput.of(state, runtime.allocation(), Neighbours.NONE, fabric);
        for (DeviceId d : switches) {
            if (!southbound.isAvailable(d)) {
                continue;
            }
            Set<FlowRule> full = Lab.compiler().compile(d, in, southbound.capabilities(d)).allRules();
            Map<FlowRule, FlowRule> held = new HashMap<>();
            southbound.table(d).forEach(r -> held.put(r, r));
            assertEquals(full, held.keySet(), d + ": the slots differ");
            for (FlowRule r : full) {
                assertTrue(RuleDiff.identical(r, held.get(r)), d + ": " + held.get(r) + " instead of " + r);
            }
        }
    }
}
