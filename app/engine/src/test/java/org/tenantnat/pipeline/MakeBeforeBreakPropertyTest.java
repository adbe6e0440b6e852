package org.tenantnat.pipeline;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.Origin;
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
import static org.tenantnat.pipeline.FabricLab.CORE_E1;
import static org.tenantnat.pipeline.FabricLab.E1;
import static org.tenantnat.pipeline.FabricLab.E1_CORE;
import static org.tenantnat.pipeline.FabricLab.GLOBEX;
import static org.tenantnat.pipeline.FabricLab.INITECH;
import static org.tenantnat.pipeline.FabricLab.SVC;
import static org.tenantnat.pipeline.FabricLab.VIP;

/**
 * Make before break, whatever the switches do: when a link goes down (or comes back) the runtime moves every path
 * in stages, and the switches of one stage may carry out their batches in any order. Here each switch changes its
 * table only when its batch is confirmed, in an order jqwik chooses. After every batch, a packet either dies on the
 * dead link (before the first switch of its path turned) or arrives, by the old or the new path; it is never lost
 * on a switch that has no route yet, and it never loops. At the end the tables are what a full compile gives.
 */
class MakeBeforeBreakPropertyTest {

    private static final String HOST = "10.1.1.10";

    @Property(tries = 40)
    void whicheverOrderTheSwitchesTakeTheirBatchesInNoPacketIsLostOnTheNewPathOrLoops(
            @ForAll("choices") List<Integer> choices, @ForAll boolean linkGoesDown) {
        FakeSouthbound southbound = new FakeSouthbound();
        FabricLab.SWITCHES.forEach(southbound::connect);
        List<Link> before = linkGoesDown ? FabricLab.allLinks() : FabricLab.withoutE1Core();
        List<Link> after = linkGoesDown ? FabricLab.withoutE1Core() : FabricLab.allLinks();
        southbound.links(before);
        TenantNatRuntime runtime = new TenantNatRuntime(Lab.APP, PipelineSettings.DEFAULTS, southbound,
                                                        new MemoryStateStore());
        runtime.start();
        try {
            runtime.replaceState(Origin.rest("test"), FabricLab.state(ACME, GLOBEX, BETA, INITECH));
            String translated = runtime.allocation().blocks("acme").get(0).translate(Ip4Address.valueOf(HOST))
                    .toString();

            southbound.applyOnConfirm();
            southbound.links(after);
            runtime.topologyChanged();
            int step = 0;
            do {
                FabricEvaluator fabric = evaluator(southbound, after);
                for (String vip : List.of(VIP, ARCHIVE_VIP)) {
                    FabricEvaluator.Exit out = fabric.single(E1, FabricLab.fromTenant(ACME, HOST, vip));
                    Service target = vip.equals(VIP) ? BACKUP : ARCHIVE;
                    assertTrue(out.port.equals(E1_CORE) || (out.port.equals(target.connectPoint())
                            && out.packet.ipSrc.toString().equals(translated)), "batch " + step + ": " + out);
                }
                for (Service s : List.of(BACKUP, ARCHIVE)) {
                    FabricEvaluator.Exit back = fabric.single(SVC, FabricLab.fromService(
                            s, s == BACKUP ? BACKUP_MAC : ARCHIVE_MAC, translated));
                    assertTrue(back.port.equals(CORE_E1) || back.port.equals(ACME.attachment().connectPoint()),
                               "batch " + step + ": " + back);
                }
                List<DeviceId> held = southbound.heldSwitches();
                if (held.isEmpty()) {
                    break;
                }
                southbound.confirmNextOn(held.get(choices.get(step % choices.size()) % held.size()));
                step++;
            } while (true);

            FabricEvaluator fabric = evaluator(southbound, after);
            assertEquals(ACME.attachment().connectPoint(), fabric.single(SVC, FabricLab.fromService(
                    BACKUP, BACKUP_MAC, translated)).port);
            assertEquals(BACKUP.connectPoint(), fabric.single(E1, FabricLab.fromTenant(ACME, HOST, VIP)).port);
            FabricAssertions.assertTablesEqualAFullCompile(runtime, southbound, FabricLab.SWITCHES);
        } finally {
            runtime.stop();
        }
    }

    /**
     * A ring where a link going down turns two neighbours toward each other: e2 goes from e1 to the core, e1 from
     * svc to e2. Turned in the wrong order, e1 and e2 would send packets back and forth; nearest the destination
     * first, they never do.
     * <pre>
     *   svc /12 ---- /12 e1 /11 ---- /11 e2 /10 ---- /2 core /4 ---- /1 agg /2 ---- /11 svc
     * </pre>
     */
    @Property(tries = 40)
    void inARingTheSwitchesNearestTheDestinationTurnFirstSoNothingLoops(@ForAll("choices") List<Integer> choices) {
        DeviceId agg = DeviceId.deviceId("of:0000000000000005");
        List<DeviceId> switches = List.of(E1, FabricLab.E2, FabricLab.CORE, SVC, agg);
        ConnectPoint svcE1 = FabricLab.cp(SVC, 12);
        ConnectPoint e1Svc = FabricLab.cp(E1, 12);
        List<Link> rest = FabricLab.links(FabricLab.E1_E2, FabricLab.E2_E1, FabricLab.E2_CORE, FabricLab.CORE_E2,
                                          FabricLab.cp(FabricLab.CORE, 4), FabricLab.cp(agg, 1),
                                          FabricLab.cp(agg, 2), FabricLab.cp(SVC, 11));
        List<Link> ring = new ArrayList<>(rest);
        ring.addAll(FabricLab.links(svcE1, e1Svc));
        FakeSouthbound southbound = new FakeSouthbound();
        switches.forEach(southbound::connect);
        southbound.links(ring);
        TenantNatRuntime runtime = new TenantNatRuntime(Lab.APP, PipelineSettings.DEFAULTS, southbound,
                                                        new MemoryStateStore());
        runtime.start();
        try {
            runtime.replaceState(Origin.rest("test"), FabricLab.state(ACME, GLOBEX));
            assertEquals(List.of(FabricLab.E2, E1, SVC), evaluator(southbound, ring, switches)
                    .single(FabricLab.E2, FabricLab.fromTenant(GLOBEX, HOST, VIP)).switches, "the ring as drawn");

            southbound.applyOnConfirm();
            southbound.links(rest);
            runtime.topologyChanged();
            for (int step = 0; !southbound.heldSwitches().isEmpty(); step++) {
                FabricEvaluator fabric = evaluator(southbound, rest, switches);
                for (Tenant t : List.of(ACME, GLOBEX)) {
                    FabricEvaluator.Exit out = fabric.single(t.edge(), FabricLab.fromTenant(t, HOST, VIP));
                    assertTrue(out.port.equals(e1Svc) || out.port.equals(BACKUP.connectPoint()),
                               "batch " + step + ": " + out);
                }
                List<DeviceId> held = southbound.heldSwitches();
                southbound.confirmNextOn(held.get(choices.get(step % choices.size()) % held.size()));
            }
            assertEquals(List.of(E1, FabricLab.E2, FabricLab.CORE, agg, SVC), evaluator(southbound, rest, switches)
                    .single(E1, FabricLab.fromTenant(ACME, HOST, VIP)).switches);
            FabricAssertions.assertTablesEqualAFullCompile(runtime, southbound, switches);
        } finally {
            runtime.stop();
        }
    }

    @Provide
    Arbitrary<List<Integer>> choices() {
        return Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(24);
    }

    private static FabricEvaluator evaluator(FakeSouthbound southbound, Collection<Link> links) {
        return evaluator(southbound, links, FabricLab.SWITCHES);
    }

    private static FabricEvaluator evaluator(FakeSouthbound southbound, Collection<Link> links,
                                             List<DeviceId> switches) {
        Map<DeviceId, Collection<FlowRule>> tables = new HashMap<>();
        switches.forEach(d -> tables.put(d, southbound.table(d)));
        return new FabricEvaluator(tables, links, PipelineSettings.DEFAULT_FIRST_TABLE);
    }
}
