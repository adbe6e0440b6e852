package org.tenantnat.pipeline;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.UDP;
import org.onlab.packet.VlanId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.FabricLab.ACME;
import static org.tenantnat.pipeline.FabricLab.BACKUP;
import static org.tenantnat.pipeline.FabricLab.BACKUP_MAC;
import static org.tenantnat.pipeline.FabricLab.CORE;
import static org.tenantnat.pipeline.FabricLab.E1;
import static org.tenantnat.pipeline.FabricLab.E2;
import static org.tenantnat.pipeline.FabricLab.SVC;
import static org.tenantnat.pipeline.FabricLab.VIP;

/**
 * A dynamic tenant on an edge switch reaches a service behind another switch: its pool block is routed back toward
 * its edge by its {@code route:} owner on every switch its replies cross, as a static tenant's translated blocks
 * are, and a host bound on its first packet is translated at the edge only.
 */
class FabricDynamicTenantTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final String HOST = "10.1.1.10";
    private static final Tenant DELTA = Lab.tenant("delta", 5, "of:0000000000000001/3", VlanId.NONE)
            .translation(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(28).build())
            .build();

    private FakeSouthbound southbound;
    private TenantNatRuntime runtime;

    @BeforeEach
    void setUp() {
        southbound = new FakeSouthbound();
        FabricLab.SWITCHES.forEach(southbound::connect);
        southbound.links(FabricLab.allLinks());
        runtime = new TenantNatRuntime(Lab.APP, PipelineSettings.DEFAULTS, southbound, new MemoryStateStore());
        runtime.start();
        runtime.replaceState(ORIGIN, FabricLab.state(ACME, DELTA));
    }

    @AfterEach
    void tearDown() {
        runtime.stop();
    }

    @Test
    void theCoreAndTheServiceSwitchRouteTheDynamicTenantsPoolBlockTowardItsEdge() {
        Ip4Prefix block = poolBlock();

        for (DeviceId d : List.of(CORE, SVC)) {
            assertTrue(southbound.table(d).stream().anyMatch(r -> routes(r, block)),
                       d + " routes delta's pool block " + block);
        }
        assertTrue(southbound.table(E2).stream().noneMatch(r -> routes(r, block)), "no reply to delta crosses e2");
        assertEquals(AccessIntent.State.INSTALLED, intent("delta", "backup").state());
    }

    @Test
    void aHostBoundOnItsFirstPacketReachesTheServiceOnAnotherSwitchAndItsReplyComesBack() throws Exception {
        runtime.packetIn(DELTA.attachment().connectPoint(), firstPacket(), cookieOf(DELTA));
        assertTrue(runtime.awaitBindings(5000));
        List<Binding> bound = runtime.bindings(Optional.of("delta"));
        assertEquals(1, bound.size());
        Ip4Address translated = bound.get(0).translated();
        assertTrue(poolBlock().contains(translated));

        FabricEvaluator.Exit out = fabric().single(E1, FabricLab.fromTenant(DELTA, HOST, VIP));
        assertEquals(BACKUP.connectPoint(), out.port);
        assertEquals(translated, out.packet.ipSrc, "translated once, at the edge, into its pool block");
        assertEquals(BACKUP.ip(), out.packet.ipDst);
        assertEquals(List.of(E1, CORE, SVC), out.switches);

        FabricEvaluator.Exit reply = fabric().single(SVC, FabricLab.fromService(BACKUP, BACKUP_MAC,
                                                                                translated.toString()));
        assertEquals(DELTA.attachment().connectPoint(), reply.port);
        assertEquals(Ip4Address.valueOf(VIP), reply.packet.ipSrc);
        assertEquals(Ip4Address.valueOf(HOST), reply.packet.ipDst);
        assertEquals(List.of(SVC, CORE, E1), reply.switches);
    }

    private Ip4Prefix poolBlock() {
        return runtime.usage().stream().filter(u -> u.tenant().equals("delta")).findFirst().orElseThrow()
                .poolBlock();
    }

    private static boolean routes(FlowRule r, Ip4Prefix block) {
        Criterion dst = r.selector().getCriterion(Criterion.Type.IPV4_DST);
        return r.tableId() == PipelineSettings.DEFAULTS.tableId(PipelineTable.FABRIC)
                && RuleCookie.tenantOf(r.id()) == DELTA.id()
                && dst instanceof IPCriterion && ((IPCriterion) dst).ip().equals(block);
    }

    // The cookie of one of the tenant's rules on its edge, as the switch reports it with a punted first packet.
    private long cookieOf(Tenant t) {
        return southbound.table(E1).stream().filter(r -> RuleCookie.tenantOf(r.id()) == t.id()).findFirst()
                .orElseThrow().id().value();
    }

    // A first packet as the switch punts it from the source translation table.
    private static Ethernet firstPacket() {
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress(Lab.routerMac(DELTA.id())).setDestinationMACAddress(Lab.GATEWAY_MAC);
        frame.setPayload(new IPv4().setSourceAddress(HOST).setDestinationAddress(VIP).setTtl((byte) 64)
                                 .setProtocol(IPv4.PROTOCOL_UDP).setPayload(new UDP().setSourcePort(40123)
                                         .setDestinationPort(7000).setPayload(new Data("hello".getBytes()))));
        return frame;
    }

    private FabricEvaluator fabric() {
        Map<DeviceId, Collection<FlowRule>> tables = new HashMap<>();
        FabricLab.SWITCHES.forEach(d -> tables.put(d, southbound.table(d)));
        return new FabricEvaluator(tables, FabricLab.allLinks(), PipelineSettings.DEFAULT_FIRST_TABLE);
    }

    private AccessIntent intent(String tenant, String service) {
        return runtime.intents().stream().filter(i -> i.tenant().equals(tenant) && i.service().equals(service))
                .findFirst().orElseThrow();
    }
}
