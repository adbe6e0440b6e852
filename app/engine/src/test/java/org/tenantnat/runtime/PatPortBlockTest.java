package org.tenantnat.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.criteria.Criterion;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.binding.MemoryBindingHistory;
import org.tenantnat.pipeline.Conntrack;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pat host whose packet the connection tracker could not translate: the packet may have met an older port block
 * (a datapath flow cached from before, or a packet-in that left the switch after the newest block's barrier reply),
 * so it goes through the host's newest block once more, and only a connection refused again gets the host another
 * block, or a refusal at its maxPortBlocks.
 */
class PatPortBlockTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final Ip4Address VIP = Ip4Address.valueOf("10.250.0.10");
    private static final Ip4Address HOST = Ip4Address.valueOf("10.1.1.10");
    private static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.9.10"),
            ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/10"), Ip4Address.valueOf("10.9.9.1"),
            MacAddress.valueOf("02:00:00:00:0a:0a"));
    private static final ConnectPoint ATTACHMENT = ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/1");
    private static final long APP = 7;

    private final FakeSouthbound southbound = new FakeSouthbound();
    private final MemoryStateStore store = new MemoryStateStore();
    private TenantNatRuntime runtime;

    @BeforeEach
    void setUp() {
        southbound.capabilities(SwitchCapabilities.perHost().withConntrack(Conntrack.ownExtensions()));
        runtime = new TenantNatRuntime(new DefaultApplicationId((int) APP, "org.tenantnat"),
                                       PipelineSettings.DEFAULTS, southbound, store, new LocalProgressStore(),
                                       Executors.defaultThreadFactory(),
                                       new BindingOptions(new MemoryBindingHistory(Duration.ofDays(30)),
                                                          new TestClock(Instant.parse("2026-11-24T14:00:00Z")),
                                                          80));
        runtime.start();
        Tenant foxtrot = Tenant.builder().name("foxtrot").id(16)
                .attachment(new Attachment(ATTACHMENT, VlanId.NONE))
                .routerIp(Ip4Address.valueOf("10.1.1.254")).routerMac(MacAddress.valueOf("02:00:00:00:01:01"))
                .gatewayIp(Ip4Address.valueOf("10.1.1.1")).prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
                .translation(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(32).portBlockSize(64)
                                     .maxPortBlocks(2).idleTimeout(10).holdDown(5).build())
                .access(List.of(new Access("backup", VIP))).build();
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/16")),
                                                      MacAddress.valueOf("02:00:00:00:00:01"), List.of(BACKUP),
                                                      List.of(foxtrot)));
    }

    @AfterEach
    void tearDown() {
        runtime.stop();
    }

    private static Ethernet datagram(int sourcePort) {
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress("02:00:00:00:00:01");
        frame.setPayload(new IPv4().setSourceAddress(HOST.toInt()).setDestinationAddress(VIP.toInt())
                                 .setTtl((byte) 64).setProtocol(IPv4.PROTOCOL_UDP)
                                 .setPayload(new UDP().setSourcePort(sourcePort).setDestinationPort(7000)
                                                     .setPayload(new Data("x".getBytes()))));
        return frame;
    }

    // The first packet, punted by the tenant's source translation table because the host is not bound yet.
    private void firstPacket(int sourcePort) throws InterruptedException {
        runtime.packetIn(ATTACHMENT, datagram(sourcePort), (APP << 48) | (16L << 32) | 1);
        assertTrue(runtime.awaitBindings(5000));
    }

    // A packet the tracker left untranslated, punted by the tenant's rule in the service access table.
    private void refusedByTheTracker(int sourcePort) throws InterruptedException {
        long cookie = southbound.table(FakeSouthbound.SWITCH).stream()
                .filter(r -> r.tableId() == PipelineSettings.DEFAULTS.tableId(PipelineTable.SERVICE_ACCESS)
                        && r.selector().getCriterion(Criterion.Type.EXTENSION) != null)
                .map(r -> r.id().value()).findFirst().orElseThrow(() -> new AssertionError("no tracker punt"));
        runtime.packetIn(ATTACHMENT, datagram(sourcePort), cookie);
        assertTrue(runtime.awaitBindings(5000));
    }

    private List<Binding> blocks() {
        return runtime.bindings(Optional.of("foxtrot"));
    }

    private long refusals() {
        BindingUsage usage = runtime.usage().get(0);
        return usage.refusals().getOrDefault("maxPortBlocks", 0L);
    }

    @Test
    void aConnectionRefusedOnceGoesThroughTheNewestBlockAgainWithoutANewBlock() throws Exception {
        firstPacket(41000);
        int released = southbound.awaitInjected(1, Duration.ofSeconds(5)).size();

        refusedByTheTracker(41001);

        assertEquals(1, blocks().size(), "no second block for a packet that may have met an older one");
        assertEquals(released + 1, southbound.awaitInjected(released + 1, Duration.ofSeconds(5)).size(),
                     "released through the pipeline");
        assertEquals(0, refusals());
    }

    @Test
    void aConnectionRefusedAgainAfterTheNewestBlockGetsTheHostAnotherBlockThenARefusal() throws Exception {
        firstPacket(41000);
        refusedByTheTracker(41001);

        refusedByTheTracker(41001);

        assertEquals(List.of("1024-1087", "1088-1151"),
                     List.of(blocks().get(0).ports().orElseThrow().toString(),
                             blocks().get(1).ports().orElseThrow().toString()));
        refusedByTheTracker(41002);
        assertEquals(2, blocks().size(), "a connection not tried on the new block goes there first");
        assertEquals(0, refusals());
        refusedByTheTracker(41002);
        assertEquals(2, blocks().size());
        assertEquals(1, refusals(), "refused again at maxPortBlocks: counted");
    }
}
