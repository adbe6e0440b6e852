package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.VlanId;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.FabricLab.CORE;
import static org.tenantnat.pipeline.FabricLab.E1;
import static org.tenantnat.pipeline.FabricLab.E2;
import static org.tenantnat.pipeline.FabricLab.SVC;

/**
 * How the rules spread over the fabric at 1,000 tenants (500 on each edge, one /24 each, each reaching backup),
 * with Open vSwitch prefix rewrites: an edge holds its own tenants' rules and nothing of the other edge's; the core
 * and the service switch hold one route per translated block and per service, whatever the tenants do.
 */
class FabricScaleTest {

    private static final int PER_EDGE = 500;

    @Test
    void edgesCarryTheirOwnTenantsAndTheCoreOneRoutePerTranslatedBlock() {
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < PER_EDGE; i++) {
            tenants.add(tenant(1 + i, "of:0000000000000001/1"));
            tenants.add(tenant(1 + PER_EDGE + i, "of:0000000000000002/1"));
        }
        DesiredState state = FabricLab.state(tenants.toArray(new Tenant[0]));
        Map<DeviceId, CompiledPipeline> switches = FabricLab.compile(state, FabricLab.allLinks());

        int blocks = tenants.size();
        int perTenantOnEdge = rulesPerTenant(switches.get(E1), "t1");
        System.out.printf("fabric at %d tenants (prefix rewrites): e1 %d rules, e2 %d, core %d, svc %d; "
                                  + "%d rules per tenant on its edge, 1 per translated block on core and svc%n",
                          blocks, count(switches.get(E1)), count(switches.get(E2)), count(switches.get(CORE)),
                          count(switches.get(SVC)), perTenantOnEdge);

        for (DeviceId edge : List.of(E1, E2)) {
            CompiledPipeline p = switches.get(edge);
            long tenantOwned = p.allRules().stream().filter(r -> RuleCookie.tenantOf(r.id()) != RuleCookie.SHARED)
                    .count();
            assertEquals((long) PER_EDGE * perTenantOnEdge, tenantOwned, edge + ": its own tenants' rules only");
            assertTrue(p.owners().keySet().stream().noneMatch(o -> o.kind() == RuleOwner.Kind.TENANT_ROUTE),
                       edge + " routes no other edge's tenants");
        }
        for (DeviceId middle : List.of(CORE, SVC)) {
            CompiledPipeline p = switches.get(middle);
            long routes = p.allRules().stream().filter(r -> RuleCookie.tenantOf(r.id()) != RuleCookie.SHARED)
                    .count();
            assertEquals(blocks, routes, middle + ": one route per translated block");
            long shared = p.rules(RuleOwner.SHARED).size() + p.owners().keySet().stream()
                    .filter(o -> o.kind() == RuleOwner.Kind.SERVICE_ROUTE).mapToLong(o -> p.rules(o).size()).sum();
            assertEquals(count(p), routes + shared, middle + ": nothing else per tenant");
            assertTrue(shared < 25, middle + ": " + shared + " rules whatever the number of tenants");
        }
    }

    private static Tenant tenant(int id, String port) {
        return Lab.tenant("t" + id, id, port, VlanId.vlanId((short) (1 + (id - 1) % PER_EDGE))).build();
    }

    private static int rulesPerTenant(CompiledPipeline p, String tenant) {
        return p.rules(RuleOwner.tenant(tenant)).size() + p.rules(RuleOwner.access(tenant, "backup")).size();
    }

    private static int count(CompiledPipeline p) {
        return p.allRules().size();
    }
}
