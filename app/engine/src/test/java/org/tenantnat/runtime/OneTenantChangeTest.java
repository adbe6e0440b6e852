package org.tenantnat.runtime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.MetadataCriterion;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.RuleCookie;
import org.tenantnat.pipeline.RuleDelta;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change of one tenant among many costs that tenant: it stores only that tenant's records and sends only that
 * tenant's rules, whatever the number of tenants.
 */
class OneTenantChangeTest {

    private static final int TENANTS = 2000;
    private static final Origin ORIGIN = Origin.rest("test");
    private static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.9.10"),
            ConnectPoint.deviceConnectPoint("of:0000000000000001/4000"), Ip4Address.valueOf("10.9.9.1"),
            MacAddress.valueOf("02:00:00:00:0a:0a"));

    private final FakeSouthbound southbound = new FakeSouthbound();
    private final MemoryStateStore store = new MemoryStateStore();
    private TenantNatRuntime runtime;

    private static Tenant tenant(int id, String prefix) {
        return Tenant.builder().name("t" + id).id(id)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/" + (1 + id / 4000)),
                                           VlanId.vlanId((short) (1 + id % 4000))))
                .routerIp(Ip4Address.valueOf("10.1.1.1")).routerMac(MacAddress.valueOf("02:00:00:00:01:01"))
                .gatewayIp(Ip4Address.valueOf("10.1.1.2")).prefixes(List.of(Ip4Prefix.valueOf(prefix)))
                .translation(TranslationPolicy.STATIC)
                .access(List.of(new Access("backup", Ip4Address.valueOf("10.250.0.10")))).build();
    }

    @BeforeEach
    void setUp() {
        runtime = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                       southbound, store);
        runtime.start();
        List<Tenant> tenants = new ArrayList<>();
        for (int id = 1; id <= TENANTS; id++) {
            tenants.add(tenant(id, "10.1.1.0/30"));
        }
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/16")),
                                                      MacAddress.valueOf("02:00:00:00:00:01"), List.of(BACKUP),
                                                      tenants));
    }

    @Test
    void changingOneTenantStoresAndSendsOnlyThatTenant() {
        int written = store.recordsWritten();
        int deltas = southbound.deltas().size();

        runtime.replaceTenant(ORIGIN, tenant(777, "10.1.2.0/30"));

        assertEquals(2, store.recordsWritten() - written, "the tenant's record and its blocks' record");
        assertEquals(deltas + 1, southbound.deltas().size(), "one batch");
        RuleDelta delta = southbound.deltas().get(deltas);
        Set<Integer> owners = Stream.concat(delta.toAdd().stream(), delta.toRemove().stream())
                .map(FlowRule::id).map(RuleCookie::tenantOf).collect(Collectors.toSet());
        assertEquals(Set.of(777), owners, "only tenant 777's rules are sent");
        assertFalse(delta.toAdd().isEmpty());
        assertFalse(delta.toRemove().isEmpty());
    }

    @Test
    void removingOneTenantRemovesExactlyItsRulesAndRecords() {
        Set<FlowRule> before = southbound.table(FakeSouthbound.SWITCH);
        Set<FlowRule> its = before.stream().filter(r -> RuleCookie.tenantOf(r.id()) == 5).collect(Collectors.toSet());
        int written = store.recordsWritten();

        runtime.removeTenant(ORIGIN, "t5");

        assertEquals(2, store.recordsWritten() - written);
        Set<FlowRule> expected = new HashSet<>(before);
        expected.removeAll(its);
        assertEquals(expected, southbound.table(FakeSouthbound.SWITCH));
        assertTrue(store.records().keySet().stream().noneMatch(k -> k.endsWith("/t5")), "no record of t5 is left");
    }

    @Test
    void everyRuleCarriesTheIdOfTheTenantThatOwnsIt() {
        Set<FlowRule> table = southbound.table(FakeSouthbound.SWITCH);
        for (FlowRule r : table) {
            int tenant = RuleCookie.tenantOf(r.id());
            MetadataCriterion tag = (MetadataCriterion) r.selector().getCriterion(Criterion.Type.METADATA);
            if (tag != null) {
                assertEquals(tag.metadata(), tenant, () -> r + " carries tenant " + tenant);
            }
            if (r.priority() == 0) {
                assertEquals(RuleCookie.SHARED, tenant, () -> "a table miss belongs to no tenant: " + r);
            }
            assertEquals(7, r.appId(), "and the application id");
        }
        assertEquals(TENANTS, table.stream().map(r -> RuleCookie.tenantOf(r.id()))
                .filter(t -> t != RuleCookie.SHARED).distinct().count(), "every tenant's rules are marked");
    }
}
