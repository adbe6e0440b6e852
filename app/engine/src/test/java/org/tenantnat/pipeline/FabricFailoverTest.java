package org.tenantnat.pipeline;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.LinkState;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.FabricLab.ACME;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE_MAC;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE_VIP;
import static org.tenantnat.pipeline.FabricLab.BACKUP;
import static org.tenantnat.pipeline.FabricLab.BACKUP_MAC;
import static org.tenantnat.pipeline.FabricLab.BETA;
import static org.tenantnat.pipeline.FabricLab.CORE;
import static org.tenantnat.pipeline.FabricLab.CORE_E1;
import static org.tenantnat.pipeline.FabricLab.E1;
import static org.tenantnat.pipeline.FabricLab.E1_CORE;
import static org.tenantnat.pipeline.FabricLab.E2;
import static org.tenantnat.pipeline.FabricLab.GLOBEX;
import static org.tenantnat.pipeline.FabricLab.INITECH;
import static org.tenantnat.pipeline.FabricLab.SVC;
import static org.tenantnat.pipeline.FabricLab.VIP;

/**
 * The runtime on four switches (the {@link FabricLab}), through the switches' tables as the runtime leaves them
 * batch by batch: paths move when links go and come back, new rules in place before old ones go, intents count
 * every switch of their path, and a switch that comes back is reconciled.
 */
class FabricFailoverTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final String HOST = "10.1.1.10";

    private FakeSouthbound southbound;
    private TenantNatRuntime runtime;

    @BeforeEach
    void setUp() {
        southbound = new FakeSouthbound();
        FabricLab.SWITCHES.forEach(southbound::connect);
        southbound.links(FabricLab.allLinks());
        runtime = new TenantNatRuntime(Lab.APP, PipelineSettings.DEFAULTS, southbound, new MemoryStateStore());
        runtime.start();
        runtime.replaceState(ORIGIN, FabricLab.state(ACME, GLOBEX, BETA, INITECH));
    }

    @AfterEach
    void tearDown() {
        runtime.stop();
    }

    @Test
    void aLinkGoingDownMovesEveryPathToTheOtherEdgeMakingBeforeBreakingBatchByBatch() {
        assertEquals(List.of(E1, CORE, SVC), toService(VIP).switches);
        southbound.holdConfirmations();
        southbound.links(FabricLab.withoutE1Core());
        runtime.topologyChanged();

        int steps = 0;
        do {
            steps++;
            // Until e1 turns, its packets die on the dead link; from then on they arrive. Never a drop on the new
            // path, never a loop (the evaluator fails on one), whichever batch the switches have confirmed so far.
            for (String vip : List.of(VIP, ARCHIVE_VIP)) {
                FabricEvaluator.Exit out = toService(vip);
                assertTrue(out.port.equals(E1_CORE) || out.switches.equals(List.of(E1, E2, CORE, SVC)),
                           "step " + steps + ": " + out);
            }
            for (Service s : List.of(BACKUP, ARCHIVE)) {
                FabricEvaluator.Exit back = fabric().single(SVC, FabricLab.fromService(
                        s, s == BACKUP ? BACKUP_MAC : ARCHIVE_MAC, translated(ACME)));
                assertTrue(back.port.equals(CORE_E1) || back.switches.equals(List.of(SVC, CORE, E2, E1)),
                           "step " + steps + ": " + back);
            }
        } while (southbound.confirmOldest().isPresent());

        assertTrue(steps >= 4, "new routes, then the moves nearest the destination first, then removals: "
                + steps + " batches");
        assertEquals(List.of(E1, E2, CORE, SVC), toService(ARCHIVE_VIP).switches);
        assertEquals(ACME.attachment().connectPoint(), fabric().single(SVC, FabricLab.fromService(
                BACKUP, BACKUP_MAC, translated(ACME))).port);
        assertEquals(List.of(E2, CORE, SVC), fabric().single(E2, FabricLab.fromTenant(GLOBEX, HOST, VIP)).switches);
        assertTablesAreAFullCompile();
        assertEquals(AccessIntent.State.INSTALLED, intent("acme", "archive").state());
    }

    @Test
    void theLinkComingBackMovesThePathsBackAndLeavesNothingOnTheDetour() {
        southbound.links(FabricLab.withoutE1Core());
        runtime.topologyChanged();
        assertEquals(List.of(E1, E2, CORE, SVC), toService(ARCHIVE_VIP).switches);

        southbound.links(FabricLab.allLinks());
        runtime.topologyChanged();

        assertEquals(List.of(E1, CORE, SVC), toService(ARCHIVE_VIP).switches);
        assertTrue(southbound.table(E2).stream().noneMatch(r -> RuleCookie.tenantOf(r.id()) == ACME.id()),
                   "acme's route left e2");
        assertTablesAreAFullCompile();
    }

    @Test
    void anIntentIsInstalledOnlyOnceEverySwitchOfItsPathConfirmed() {
        runtime.removeTenant(ORIGIN, "acme");
        southbound.holdConfirmations();
        runtime.addTenant(ORIGIN, ACME);

        southbound.confirmHeldOn(E1);
        southbound.confirmHeldOn(SVC);
        assertEquals(AccessIntent.State.INSTALLING, intent("acme", "archive").state());
        assertEquals("waiting for " + CORE + " to confirm", intent("acme", "archive").reason().orElseThrow());

        southbound.confirmHeldOn(CORE);
        assertEquals(AccessIntent.State.INSTALLED, intent("acme", "archive").state());
    }

    @Test
    void aServiceWithoutAPathFailsItsIntentsWithTheReasonAndNoHalfPathIsProgrammed() {
        southbound.links(FabricLab.links(FabricLab.E1_E2, FabricLab.E2_E1));
        runtime.topologyChanged();

        AccessIntent acme = intent("acme", "backup");
        assertEquals(AccessIntent.State.FAILED, acme.state());
        assertEquals("service backup on " + SVC + " is unreachable from tenant acme on " + E1
                             + ": no path over the 1 links up", acme.reason().orElseThrow());
        for (DeviceId d : FabricLab.SWITCHES) {
            assertTrue(southbound.table(d).stream().noneMatch(r -> r.tableId() == fabricTable()),
                       d + " keeps a route");
        }
        assertTrue(fabric().process(E1, FabricLab.fromTenant(ACME, HOST, VIP)).isEmpty());

        southbound.links(FabricLab.allLinks());
        runtime.topologyChanged();
        assertEquals(AccessIntent.State.INSTALLED, intent("acme", "backup").state());
        assertEquals(BACKUP.connectPoint(), toService(VIP).port);
    }

    @Test
    void aSwitchThatRestartsFailsThePathsThroughItAndIsReconciledWhenItComesBack() {
        southbound.disconnect(CORE);
        runtime.switchDisconnected(CORE);
        assertEquals(AccessIntent.State.FAILED, intent("globex", "backup").state());

        southbound.connect(CORE);
        runtime.switchConnected(CORE);

        assertEquals(AccessIntent.State.INSTALLED, intent("globex", "backup").state());
        assertEquals(List.of(E2, CORE, SVC), fabric().single(E2, FabricLab.fromTenant(GLOBEX, HOST, VIP)).switches);
        assertTablesAreAFullCompile();
    }

    @Test
    void declaredLinksCarryPathsWithoutDiscoveryAndAPortGoingDownMovesThem() {
        southbound.links(List.of());
        DesiredState declared = new DesiredState(List.of(DesiredState.DEFAULT_POOL), Lab.GATEWAY_MAC,
                                                 runtime.desiredState().services(), runtime.desiredState().tenants(),
                                                 List.of(new FabricLink(E1_CORE, CORE_E1),
                                                         new FabricLink(FabricLab.E2_CORE, FabricLab.CORE_E2),
                                                         new FabricLink(FabricLab.CORE_SVC, FabricLab.SVC_CORE),
                                                         new FabricLink(FabricLab.E1_E2, FabricLab.E2_E1)));
        runtime.replaceState(ORIGIN, declared);
        assertEquals(List.of(E1, CORE, SVC), toService(VIP).switches);
        assertTrue(runtime.topology().links().stream().allMatch(l -> l.declared() && !l.discovered()
                && l.state() == LinkState.State.UP));

        southbound.portDown(CORE_E1, true);
        runtime.topologyChanged();

        assertEquals(List.of(E1, E2, CORE, SVC), toService(VIP).switches);
        assertEquals("port " + CORE_E1 + " is down", runtime.topology().links().stream()
                .filter(l -> l.src().equals(E1_CORE) || l.dst().equals(E1_CORE)).findFirst().orElseThrow()
                .reason().orElseThrow());
    }

    // acme's host to a VIP, through the switches as they are now and the links up now.
    private FabricEvaluator.Exit toService(String vip) {
        return fabric().single(E1, FabricLab.fromTenant(ACME, HOST, vip));
    }

    private FabricEvaluator fabric() {
        Map<DeviceId, Collection<FlowRule>> tables = new HashMap<>();
        FabricLab.SWITCHES.forEach(d -> tables.put(d, southbound.table(d)));
        List<Link> up = new ArrayList<>();
        runtime.topology().links().stream().filter(l -> l.state() == LinkState.State.UP)
                .forEach(l -> up.addAll(FabricLab.links(l.src(), l.dst())));
        return new FabricEvaluator(tables, up, PipelineSettings.DEFAULT_FIRST_TABLE);
    }

    private String translated(Tenant tenant) {
        return runtime.allocation().blocks(tenant.name()).get(0).translate(Ip4Address.valueOf(HOST)).toString();
    }

    private AccessIntent intent(String tenant, String service) {
        return runtime.intents().stream().filter(i -> i.tenant().equals(tenant) && i.service().equals(service))
                .findFirst().orElseThrow();
    }

    private static int fabricTable() {
        return PipelineSettings.DEFAULTS.tableId(PipelineTable.FABRIC);
    }

    // Every switch holds exactly what compiling the whole state from scratch gives, rule for rule.
    private void assertTablesAreAFullCompile() {
        FabricAssertions.assertTablesEqualAFullCompile(runtime, southbound, FabricLab.SWITCHES);
    }
}
