package org.tenantnat.pipeline;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Link;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.ArrayList;
import java.util.List;

import static org.tenantnat.pipeline.FabricLab.ACME;
import static org.tenantnat.pipeline.FabricLab.ARCHIVE;
import static org.tenantnat.pipeline.FabricLab.BETA;
import static org.tenantnat.pipeline.FabricLab.CORE;
import static org.tenantnat.pipeline.FabricLab.E2;
import static org.tenantnat.pipeline.FabricLab.GLOBEX;
import static org.tenantnat.pipeline.FabricLab.INITECH;

/**
 * Incremental equals full, with the owners the fabric adds (routes of services and tenants on every switch): after
 * any sequence of changes (tenants coming and going, an access granted and revoked, a service moving to another
 * switch, links going down and up, a switch leaving and coming back), every switch holds exactly what compiling the
 * whole state from scratch over the links up gives.
 */
class FabricIncrementalCompilePropertyTest {

    private static final List<Tenant> TENANTS = List.of(ACME, GLOBEX, BETA, INITECH);
    private static final List<Link[]> LINKS = List.of(
            pair(FabricLab.E1_CORE, FabricLab.CORE_E1), pair(FabricLab.E2_CORE, FabricLab.CORE_E2),
            pair(FabricLab.CORE_SVC, FabricLab.SVC_CORE), pair(FabricLab.E1_E2, FabricLab.E2_E1));
    private static final Service ARCHIVE_ON_CORE = new Service(ARCHIVE.name(), ARCHIVE.ip(), FabricLab.cp(CORE, 5),
                                                               ARCHIVE.gatewayIp(), FabricLab.ARCHIVE_MAC);
    private static final Origin ORIGIN = Origin.rest("test");

    /** One change, chosen by jqwik: what and which. */
    enum Change { LINK, TENANT, ACCESS, MOVE_SERVICE, SWITCH }

    @Property(tries = 60)
    void afterAnyChangesEverySwitchHoldsWhatAFullCompileGives(@ForAll("changes") List<int[]> changes) {
        FakeSouthbound southbound = new FakeSouthbound();
        FabricLab.SWITCHES.forEach(southbound::connect);
        boolean[] up = {true, true, true, true};
        southbound.links(links(up));
        TenantNatRuntime runtime = new TenantNatRuntime(Lab.APP, PipelineSettings.DEFAULTS, southbound,
                                                        new MemoryStateStore());
        runtime.start();
        try {
            runtime.replaceState(ORIGIN, FabricLab.state(ACME, GLOBEX));
            for (int[] c : changes) {
                apply(Change.values()[c[0]], c[1], runtime, southbound, up);
                FabricAssertions.assertTablesEqualAFullCompile(runtime, southbound, FabricLab.SWITCHES);
            }
        } finally {
            runtime.stop();
        }
    }

    private static void apply(Change change, int which, TenantNatRuntime runtime, FakeSouthbound southbound,
                              boolean[] up) {
        DesiredState state = runtime.desiredState();
        switch (change) {
            case LINK:
                up[which % up.length] = !up[which % up.length];
                southbound.links(links(up));
                runtime.topologyChanged();
                break;
            case TENANT:
                Tenant t = TENANTS.get(which % TENANTS.size());
                if (state.tenant(t.name()).isPresent()) {
                    runtime.removeTenant(ORIGIN, t.name());
                } else {
                    runtime.addTenant(ORIGIN, t);
                }
                break;
            case ACCESS:
                Tenant holder = TENANTS.get(which % 2);
                if (state.tenant(holder.name()).isEmpty()) {
                    break;
                }
                if (state.tenant(holder.name()).get().access("archive").isPresent()) {
                    runtime.revokeAccess(ORIGIN, holder.name(), "archive");
                } else {
                    runtime.grantAccess(ORIGIN, holder.name(), new Access("archive",
                            Ip4Address.valueOf("10.250.1.11")));
                }
                break;
            case MOVE_SERVICE:
                Service archive = state.service("archive").orElseThrow();
                runtime.replaceState(ORIGIN, state.withService(
                        archive.connectPoint().deviceId().equals(CORE) ? ARCHIVE : ARCHIVE_ON_CORE));
                break;
            default:
                if (southbound.isAvailable(E2)) {
                    southbound.disconnect(E2);
                    runtime.switchDisconnected(E2);
                } else {
                    southbound.connect(E2);
                    runtime.switchConnected(E2);
                }
                break;
        }
    }

    @Provide
    Arbitrary<List<int[]>> changes() {
        return Arbitraries.integers().between(0, Change.values().length - 1)
                .flatMap(kind -> Arbitraries.integers().between(0, 7).map(which -> new int[]{kind, which}))
                .list().ofMinSize(1).ofMaxSize(14);
    }

    private static List<Link> links(boolean[] up) {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < up.length; i++) {
            if (up[i]) {
                links.add(LINKS.get(i)[0]);
                links.add(LINKS.get(i)[1]);
            }
        }
        return links;
    }

    private static Link[] pair(ConnectPoint a, ConnectPoint b) {
        return FabricLab.links(a, b).toArray(new Link[0]);
    }
}
