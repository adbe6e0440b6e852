package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;
import static org.tenantnat.pipeline.Lab.GAMMA;

/**
 * Going from one compiled pipeline to the next touches only the rules of what changed, modifies in place what kept
 * its match, and leaves the switch holding exactly the new rules.
 */
class RuleDeltaTest {

    private static final DesiredState BEFORE = Lab.state(ACME, BETA, GAMMA);

    private static CompiledPipeline compile(DesiredState state) {
        return Lab.compile(state, Lab.PER_HOST);
    }

    /** Rules of an owner in either pipeline. */
    private static Set<FlowRule> ownedBy(RuleOwner owner, CompiledPipeline a, CompiledPipeline b) {
        return Stream.concat(a.rules(owner).stream(), b.rules(owner).stream()).collect(Collectors.toSet());
    }

    /** A switch's table after a delta: removals first, then additions replace rules of the same match. */
    private static Map<FlowRule, FlowRule> applied(CompiledPipeline previous, RuleDelta delta) {
        Map<FlowRule, FlowRule> table = new HashMap<>();
        previous.allRules().forEach(r -> table.put(r, r));
        delta.toRemove().forEach(table::remove);
        delta.toAdd().forEach(r -> table.put(r, r));
        return table;
    }

    private static void assertSwitchHoldsExactly(CompiledPipeline expected, Map<FlowRule, FlowRule> table) {
        assertEquals(expected.allRules(), table.keySet());
        expected.allRules().forEach(r -> assertTrue(r.exactMatch(table.get(r)), "stale treatment: " + r));
    }

    @Test
    void recompilingTheSameStateChangesNothing() {
        assertTrue(compile(BEFORE).changesFrom(compile(BEFORE)).isEmpty());
    }

    @Test
    void changingOneAccessTouchesOnlyThatAccessesRules() {
        Tenant moved = ACME.toBuilder().access(List.of(new Access("backup", Ip4Address.valueOf("10.250.0.99"))))
                .build();
        CompiledPipeline before = compile(BEFORE);
        CompiledPipeline after = compile(BEFORE.withTenant(moved));

        RuleDelta delta = after.changesFrom(before);

        Set<FlowRule> access = ownedBy(RuleOwner.access("acme", "backup"), before, after);
        assertFalse(delta.isEmpty());
        assertTrue(access.containsAll(delta.toAdd()) && access.containsAll(delta.toRemove()), delta.toString());
        assertEquals(4, delta.toRemove().size(), "old VIP: its ARP punt, its 2 ICMP error punts, its forward rule");
        assertEquals(5, delta.toAdd().size(),
                     "new VIP: ARP punt, 2 ICMP error punts, forward rule, reply source rewritten in place");
        assertSwitchHoldsExactly(after, applied(before, delta));
    }

    @Test
    void changingARouterMacModifiesItsReturnRulesAndRemovesNone() {
        Tenant newRouter = ACME.toBuilder().routerMac(MacAddress.valueOf("0e:00:00:00:99:99")).build();
        CompiledPipeline before = compile(BEFORE);
        CompiledPipeline after = compile(BEFORE.withTenant(newRouter));

        RuleDelta delta = after.changesFrom(before);

        assertTrue(delta.toRemove().isEmpty(), "removing a modified rule would remove its replacement");
        assertEquals(256, delta.toAdd().size(), "one return rule per host of acme's /24");
        assertTrue(delta.toAdd().stream().allMatch(r -> before.allRules().contains(r)), "same matches as before");
        assertTrue(after.rules(RuleOwner.tenant("acme")).containsAll(delta.toAdd()));
        assertSwitchHoldsExactly(after, applied(before, delta));
    }

    @Test
    void removingATenantRemovesExactlyItsRules() {
        CompiledPipeline before = compile(BEFORE);
        CompiledPipeline after = compile(BEFORE.withoutTenant("beta"));

        RuleDelta delta = after.changesFrom(before);

        assertEquals(ownedBy(RuleOwner.tenant("beta"), before, after).size()
                             + ownedBy(RuleOwner.access("beta", "backup"), before, after).size(),
                     delta.toRemove().size());
        assertTrue(delta.toAdd().isEmpty());
        assertSwitchHoldsExactly(after, applied(before, delta));
    }

    @Test
    void theFirstAttachmentOfASwitchBringsEveryRuleIncludingTheSharedOnes() {
        CompiledPipeline before = compile(DesiredState.EMPTY);
        CompiledPipeline after = compile(Lab.state(GAMMA));

        RuleDelta delta = after.changesFrom(before);

        assertTrue(before.allRules().isEmpty());
        assertEquals(after.allRules(), delta.toAdd());
        assertTrue(delta.toAdd().containsAll(after.rules(RuleOwner.SHARED)));
        assertTrue(delta.toRemove().isEmpty());
        assertEquals(after.allRules(), after.changesFrom(CompiledPipeline.empty(Lab.SW1)).toAdd());
    }

    @Test
    void aDeltaIsOnlyTakenBetweenPipelinesOfOneSwitch() {
        assertThrows(IllegalArgumentException.class,
                     () -> compile(BEFORE).changesFrom(CompiledPipeline.empty(Lab.SW2)));
    }
}
