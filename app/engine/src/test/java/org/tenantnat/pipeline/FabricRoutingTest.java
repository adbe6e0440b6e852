package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.icmp.IcmpErrorTranslator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.FabricLab.ACME;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE_MAC;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE_VIP;
import static org.tenantnat.pipeline.FabricLab.BACKUP;
import static org.tenantnat.pipeline.FabricLab.BACKUP_MAC;
import static org.tenantnat.pipeline.FabricLab.BETA;
import static org.tenantnat.pipeline.FabricLab.CORE;
import static org.tenantnat.pipeline.FabricLab.E1;
import static org.tenantnat.pipeline.FabricLab.E2;
import static org.tenantnat.pipeline.FabricLab.GLOBEX;
import static org.tenantnat.pipeline.FabricLab.INITECH;
import static org.tenantnat.pipeline.FabricLab.REPORTS;
import static org.tenantnat.pipeline.FabricLab.REPORTS_VIP;
import static org.tenantnat.pipeline.FabricLab.ROUTER_MAC;
import static org.tenantnat.pipeline.FabricLab.SVC;
import static org.tenantnat.pipeline.FabricLab.VIP;

/**
 * Tenants on two edge switches reach services behind a third through a core switch: each tenant is translated on
 * its own edge, the core routes translated addresses and service addresses only, and replies find their way back
 * to the right edge and the right customer router, although the tenants use the same addresses.
 */
class FabricRoutingTest {

    private static final String HOST = "10.1.1.10";
    private static final DesiredState STATE = FabricLab.state(ACME, GLOBEX, BETA, INITECH);
    private static final List<Link> LINKS = FabricLab.allLinks();
    private static final Map<DeviceId, CompiledPipeline> PIPELINES = FabricLab.compile(STATE, LINKS);
    private static final FabricEvaluator FABRIC = FabricLab.evaluator(PIPELINES, LINKS);

    @Test
    void tenantsOnTwoEdgesWithTheSameAddressesReachTwoServicesOnOneProviderPortThroughTheCore() {
        PIPELINES.values().forEach(p -> assertTrue(p.failures().isEmpty(), p.failures().toString()));
        for (Tenant t : List.of(ACME, GLOBEX)) {
            FabricEvaluator.Exit toBackup = FABRIC.single(t.edge(),
                                                          FabricLab.fromTenant(t, HOST, VIP));
            assertEquals(BACKUP.connectPoint(), toBackup.port, t.name());
            assertEquals(Lab.translated(t, HOST), toBackup.packet.ipSrc.toString(), "the service sees " + t.name()
                    + " at its unique translated address");
            assertEquals(BACKUP.ip(), toBackup.packet.ipDst);
            assertEquals(BACKUP_MAC, toBackup.packet.ethDst);
            assertEquals(List.of(t.edge(), CORE, SVC), toBackup.switches);
        }
        FabricEvaluator.Exit toArchive = FABRIC.single(E1, FabricLab.fromTenant(ACME, HOST, ARCHIVE_VIP));
        assertEquals(ARCHIVE.connectPoint(), toArchive.port, "a second service on the same provider port");
        assertEquals(ARCHIVE_MAC, toArchive.packet.ethDst);
        assertEquals(ARCHIVE.ip(), toArchive.packet.ipDst);
    }

    @Test
    void repliesGoBackToTheRightEdgeAndRouterTranslatedInTheTenantsContext() {
        for (Tenant t : List.of(ACME, GLOBEX)) {
            FabricEvaluator.Exit reply = FABRIC.single(SVC, FabricLab.fromService(BACKUP, BACKUP_MAC,
                                                                                   Lab.translated(t, HOST)));
            assertEquals(t.attachment().connectPoint(), reply.port, t.name());
            assertEquals(Ip4Address.valueOf(VIP), reply.packet.ipSrc, "the reply comes from the VIP");
            assertEquals(Ip4Address.valueOf(HOST), reply.packet.ipDst);
            assertEquals(Lab.routerMac(t.id()), reply.packet.ethDst);
            assertEquals(List.of(SVC, CORE, t.edge()), reply.switches);
        }
    }

    @Test
    void anIcmpErrorToATenantIsRoutedByTheSwitchesWithoutTenantsAndPuntedAtItsEdge() {
        // Only a switch with tenants punts errors to pool addresses; the controller then translates the error in
        // the tenant's context, quoted header included.
        for (Tenant t : List.of(ACME, GLOBEX)) {
            Packet error = FabricLab.fromService(BACKUP, BACKUP_MAC, Lab.translated(t, HOST))
                    .asIcmp(IcmpErrorTranslator.DESTINATION_UNREACHABLE);

            FabricEvaluator.Exit punted = FABRIC.single(SVC, error);

            assertEquals(new ConnectPoint(t.edge(), PortNumber.CONTROLLER), punted.port, t.name());
            assertEquals(List.of(SVC, CORE, t.edge()), punted.switches);
            assertEquals(BACKUP.ip(), punted.packet.ipSrc, "untranslated: the controller translates it");
            assertEquals(Lab.translated(t, HOST), punted.packet.ipDst.toString());
        }
    }

    @Test
    void aServiceBehindAProviderRouterIsSentToTheRoutersMac() {
        FabricEvaluator.Exit toReports = FABRIC.single(E1, FabricLab.fromTenant(ACME, HOST, REPORTS_VIP));

        assertEquals(REPORTS.connectPoint(), toReports.port);
        assertEquals(ROUTER_MAC, toReports.packet.ethDst);
        assertEquals(REPORTS.ip(), toReports.packet.ipDst);
        FabricEvaluator.Exit reply = FABRIC.single(SVC, FabricLab.fromService(REPORTS, ROUTER_MAC,
                                                                               Lab.translated(ACME, HOST)));
        assertEquals(Ip4Address.valueOf(REPORTS_VIP), reply.packet.ipSrc);
        assertEquals(ACME.attachment().connectPoint(), reply.port);
    }

    @Test
    void noTenantReachesAnotherTenantsTranslatedAddressOrAnUnpublishedServiceAnywhere() {
        // acme and globex aim at each other's translated addresses, and beta at services it was not granted.
        assertTrue(FABRIC.process(E1, FabricLab.fromTenant(ACME, HOST, Lab.translated(GLOBEX, HOST))).isEmpty());
        assertTrue(FABRIC.process(E2, FabricLab.fromTenant(GLOBEX, HOST, Lab.translated(ACME, HOST))).isEmpty());
        assertTrue(FABRIC.process(E1, FabricLab.fromTenant(BETA, "10.7.0.5", ARCHIVE_VIP)).isEmpty());
        assertTrue(FABRIC.process(E1, FabricLab.fromTenant(BETA, "10.7.0.5", ARCHIVE.ip().toString())).isEmpty());
        assertTrue(FABRIC.process(E2, FabricLab.fromTenant(GLOBEX, HOST, BACKUP.ip().toString())).isEmpty(),
                   "a service's real address is no VIP");
        // A service the tenant was not granted cannot reach it either: its reply has no VIP in the tenant's VRF.
        assertTrue(FABRIC.process(SVC, FabricLab.fromService(ARCHIVE, ARCHIVE_MAC,
                                                             Lab.translated(GLOBEX, HOST))).isEmpty());
        // Nor can an address the fabric carries be reached from a service port by anything but its route.
        assertTrue(FABRIC.process(SVC, FabricLab.fromService(BACKUP, BACKUP_MAC, "100.127.0.1")).isEmpty());
    }

    @Test
    void theCoreHoldsRoutesByDestinationOnlyOnePerTranslatedBlockAndService() {
        CompiledPipeline core = PIPELINES.get(CORE);
        for (FlowRule r : core.allRules()) {
            assertTrue(r.selector().getCriterion(Criterion.Type.METADATA) == null, "no tenant context: " + r);
            assertTrue(r.treatment().immediate().stream().noneMatch(i -> i.type() == Instruction.Type.L3MODIFICATION
                    || i.type() == Instruction.Type.EXTENSION), "nothing is translated in the core: " + r);
        }
        Set<RuleOwner> owners = core.owners().keySet();
        assertEquals(Set.of(RuleOwner.SHARED, RuleOwner.serviceRoute("backup"), RuleOwner.serviceRoute("archive"),
                            RuleOwner.serviceRoute("reports"), RuleOwner.tenantRoute("acme"),
                            RuleOwner.tenantRoute("globex"), RuleOwner.tenantRoute("beta"),
                            RuleOwner.tenantRoute("initech")), owners);
        owners.stream().filter(o -> o.kind() == RuleOwner.Kind.TENANT_ROUTE)
                .forEach(o -> assertEquals(1, core.rules(o).size(), o + ": one rule per translated block"));
    }

    @Test
    void anEdgeCarriesOnlyItsOwnTenantsAndTheRoutesThatStartThere() {
        Set<RuleOwner> e2 = PIPELINES.get(E2).owners().keySet();

        assertFalse(e2.contains(RuleOwner.tenantRoute("acme")), "acme's replies do not cross e2: " + e2);
        assertFalse(e2.contains(RuleOwner.serviceRoute("archive")), "no user of archive on e2: " + e2);
        assertTrue(e2.contains(RuleOwner.serviceRoute("backup")));
    }

    @Test
    void withTheLinkToTheCoreDownTheFirstEdgeReachesTheServicesThroughTheOtherEdge() {
        List<Link> links = FabricLab.withoutE1Core();
        FabricEvaluator fabric = FabricLab.evaluator(FabricLab.compile(STATE, links), links);

        FabricEvaluator.Exit there = fabric.single(E1, FabricLab.fromTenant(ACME, HOST, VIP));
        assertEquals(List.of(E1, E2, CORE, SVC), there.switches);
        assertEquals(Lab.translated(ACME, HOST), there.packet.ipSrc.toString());
        FabricEvaluator.Exit back = fabric.single(SVC, FabricLab.fromService(BACKUP, BACKUP_MAC,
                                                                              Lab.translated(ACME, HOST)));
        assertEquals(List.of(SVC, CORE, E2, E1), back.switches);
        assertEquals(ACME.attachment().connectPoint(), back.port);
        assertEquals(List.of(E2, CORE, SVC), fabric.single(E2, FabricLab.fromTenant(GLOBEX, HOST, VIP)).switches,
                     "globex keeps its path");
        FabricEvaluator.Exit error = fabric.single(SVC, FabricLab.fromService(BACKUP, BACKUP_MAC,
                Lab.translated(ACME, HOST)).asIcmp(IcmpErrorTranslator.TIME_EXCEEDED));
        assertEquals(new ConnectPoint(E2, PortNumber.CONTROLLER), error.port,
                     "an error to acme is punted at e2, the first switch with tenants on its way");
    }

    @Test
    void aServiceWithoutAPathFailsItsAccessesWithTheReasonAndLeavesNoRouteAnywhere() {
        List<Link> links = FabricLab.links(FabricLab.E1_E2, FabricLab.E2_E1, FabricLab.E2_CORE, FabricLab.CORE_E2);
        Map<DeviceId, CompiledPipeline> pipelines = FabricLab.compile(STATE, links);

        assertEquals("service backup on of:0000000000000004 is unreachable from tenant acme on of:0000000000000001: "
                             + "no path over the 2 links up",
                     pipelines.get(E1).failures().get(RuleOwner.access("acme", "backup")));
        pipelines.values().forEach(p -> p.owners().keySet().forEach(o -> assertFalse(
                o.kind() == RuleOwner.Kind.SERVICE_ROUTE || o.kind() == RuleOwner.Kind.TENANT_ROUTE,
                "half a path: " + o + " on " + p.device())));
        assertTrue(pipelines.get(E1).rules(RuleOwner.access("acme", "backup")).isEmpty());
    }

    @Test
    void removingATenantRemovesItsRulesOnEverySwitchAndNoOtherRule() {
        Map<DeviceId, CompiledPipeline> without = FabricLab.compile(FabricLab.state(ACME, BETA, INITECH),
                                                                    FabricLab.allLinks());
        int globex = GLOBEX.id();
        for (DeviceId d : FabricLab.SWITCHES) {
            Set<FlowRule> before = PIPELINES.get(d).allRules();
            Set<FlowRule> after = without.get(d).allRules();
            Set<FlowRule> gone = before.stream().filter(r -> !after.contains(r)).collect(Collectors.toSet());
            gone.forEach(r -> assertEquals(globex, RuleCookie.tenantOf(r.id()), d + ": " + r));
            assertTrue(before.containsAll(after), d + " gained rules");
            assertEquals(before.stream().filter(r -> RuleCookie.tenantOf(r.id()) == globex).count(), gone.size(),
                         d + ": every rule of globex goes");
        }
    }
}
