package org.tenantnat.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.MetadataCriterion;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessIntent.State;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;
import org.tenantnat.pipeline.RuleDelta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantNatRuntimeTest {

    private static final Origin ORIGIN = Origin.rest("test");

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final ConnectPoint ACME_PORT = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint GLOBEX_PORT = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
    private static final String DOC = "{\"pool\": [\"100.64.0.0/24\"], \"gatewayMac\": \"02:00:00:00:00:01\","
            + "\"services\": [{\"name\": \"backup\", \"ip\": \"10.1.1.10\", \"connectPoint\": "
            + "\"of:0000000000000001/3\", \"gatewayIp\": \"10.1.1.1\", \"mac\": \"02:00:00:00:0a:0a\"}],"
            + "\"tenants\": ["
            + tenant("acme", 1, 1, "\"routerMac\": \"02:00:00:00:01:01\",")
            + "," + tenant("globex", 2, 2, "") + "]}";

    private FakeSouthbound southbound;
    private MemoryStateStore store;
    private TenantNatRuntime runtime;

    private static String tenant(String name, int id, int port, String extra) {
        return "{\"name\": \"" + name + "\", \"id\": " + id + ", \"connectPoint\": \"of:0000000000000001/" + port
                + "\", \"routerIp\": \"10.1.1.5\", " + extra + " \"gatewayIp\": \"10.1.1.1\","
                + "\"prefixes\": [\"10.1.1.0/28\"], \"access\": [{\"service\": \"backup\", \"vip\": \"10.250.0.10\"}]}";
    }

    @BeforeEach
    void setUp() {
        southbound = new FakeSouthbound();
        store = new MemoryStateStore();
        runtime = newRuntime();
        runtime.start();
    }

    private TenantNatRuntime newRuntime() {
        return new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                    southbound, store);
    }

    private DesiredState doc() {
        return DesiredStateReader.parseAndValidate(DOC);
    }

    private AccessIntent intent(String tenant) {
        return runtime.intents().stream().filter(i -> i.tenant().equals(tenant)).findFirst().orElseThrow();
    }

    @Test
    void theStateListsTenantsByNameWhateverOrderTheDocumentHad() {
        DesiredState doc = doc();
        List<Tenant> reversed = new ArrayList<>(doc.tenants());
        Collections.reverse(reversed);
        runtime.replaceState(ORIGIN, new DesiredState(doc.pool(), doc.gatewayMac(), doc.services(), reversed));
        assertEquals(List.of("acme", "globex"), runtime.desiredState().tenants().stream().map(Tenant::name)
                .collect(Collectors.toList()));
        assertEquals(doc, runtime.desiredState(), "the same state, listed by name");
    }

    @Test
    void invalidDesiredStateChangesNothing() {
        runtime.replaceState(ORIGIN, doc());
        Map<String, JsonNode> stored = store.records();
        Allocation before = runtime.allocation();
        DesiredState bad = runtime.desiredState().withTenant(
                runtime.desiredState().tenant("globex").orElseThrow().toBuilder().id(1).build());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> runtime.replaceState(ORIGIN, bad));
        assertTrue(e.getMessage().contains("tenants[globex].id"), e.getMessage());
        assertEquals(doc(), runtime.desiredState());
        assertEquals(before, runtime.allocation());
        assertEquals(stored, store.records());
    }

    @Test
    void intentIsInstallingUntilTheSwitchConfirms() {
        southbound.holdConfirmations();
        runtime.replaceState(ORIGIN, doc());
        assertEquals(State.INSTALLING, intent("acme").state());
        southbound.confirmHeld();
        assertEquals(State.INSTALLED, intent("acme").state());
    }

    @Test
    void rejectedRulesFailTheIntentWithTheSwitchsReason() {
        southbound.holdConfirmations();
        runtime.replaceState(ORIGIN, doc());
        southbound.failHeld("OFPET_BAD_ACTION");
        AccessIntent acme = intent("acme");
        assertEquals(State.FAILED, acme.state());
        assertEquals("OFPET_BAD_ACTION", acme.reason().orElseThrow());
    }

    @Test
    void aSwitchWhoseBatchFailedIsReconciledAgainAndItsIntentsRecover() throws InterruptedException {
        runtime.stop();
        runtime = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                       southbound, new MemoryStateStore(), new LocalProgressStore(), Thread::new,
                                       new ReconcileRetry(Duration.ofMillis(20), Duration.ofMillis(20)));
        runtime.start();
        southbound.holdConfirmations();
        runtime.replaceState(ORIGIN, doc());
        southbound.failHeld("no barrier reply from of:0000000000000001 within 10000 ms");
        int deltas = southbound.deltas().size();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (intent("acme").state() != State.INSTALLED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertEquals(State.INSTALLED, intent("acme").state(), "the switch was reconciled and confirmed it");
        assertFalse(intent("globex").state() == State.FAILED, "globex waits for its router's MAC, nothing failed");
        assertEquals(deltas, southbound.deltas().size(), "a reconciliation, not a delta, restored the switch");
        runtime.stop();
    }

    @Test
    void intentOnADisconnectedSwitchFails() {
        runtime.replaceState(ORIGIN, doc());
        southbound.disconnect(S1);
        runtime.switchDisconnected(S1);
        AccessIntent acme = intent("acme");
        assertEquals(State.FAILED, acme.state());
        assertTrue(acme.reason().orElseThrow().contains("not connected"));
    }

    @Test
    void unresolvedRouterKeepsTheIntentInstallingAndArpResolvesIt() {
        runtime.replaceState(ORIGIN, doc());
        AccessIntent globex = intent("globex");
        assertEquals(State.INSTALLING, globex.state());
        assertTrue(globex.reason().orElseThrow().contains("10.1.1.5"), globex.reason().orElseThrow());
        assertTrue(southbound.sentFrames().stream().anyMatch(f -> isArpRequestFor(f, "10.1.1.5")),
                   "an ARP request asks for globex's router");

        runtime.packetIn(GLOBEX_PORT, arpReply("10.1.1.5", "02:00:00:00:02:02", "10.1.1.1"));

        assertEquals(State.INSTALLED, intent("globex").state());
        RuleDelta last = southbound.deltas().get(southbound.deltas().size() - 1);
        assertFalse(last.toAdd().isEmpty());
        assertTrue(last.toRemove().isEmpty(), "resolving a MAC only adds rules");
    }

    // Open vSwitch may drop the first reply along a datapath flow cached before the new rules; waiting for the next
    // retry round would leave the intent INSTALLING for up to two seconds.
    @Test
    void aNewRouterIsAskedAgainSoonWhileItsReplyDoesNotCome() throws InterruptedException {
        runtime.replaceState(ORIGIN, doc());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (requestsFor("10.1.1.5") < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Whatever globex's router is still due to be asked soon is asked by now; from here only the retry rounds
        // ask it, and they ask every unresolved router alike.
        Thread.sleep(1000);
        southbound.clearSentFrames();

        Tenant initech = DesiredStateReader.parseAndValidate(DOC).tenant("globex").orElseThrow().toBuilder()
                .name("initech").id(3)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/4"), VlanId.NONE))
                .routerIp(Ip4Address.valueOf("10.1.1.6")).build();
        runtime.addTenant(ORIGIN, initech);

        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (requestsFor("10.1.1.6") - requestsFor("10.1.1.5") < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(4, requestsFor("10.1.1.6") - requestsFor("10.1.1.5"),
                     "initech's router asked at once and three times soon after, beyond the retry rounds: "
                             + southbound.sentFrames());
    }

    private long requestsFor(String ip) {
        return southbound.sentFrames().stream().filter(f -> isArpRequestFor(f, ip)).count();
    }

    @Test
    void anIcmpErrorFromTheServiceIsTranslatedAndSentToTheTenantsRouter() {
        runtime.replaceState(ORIGIN, doc());
        Ip4Address host = Ip4Address.valueOf("10.1.1.3");
        Ip4Address translated = runtime.allocation().blocks("acme").get(0).translate(host);
        Ip4Address service = Ip4Address.valueOf("10.1.1.10");
        IPv4 quoted = (IPv4) new IPv4().setSourceAddress(translated.toInt()).setDestinationAddress(service.toInt())
                .setProtocol(IPv4.PROTOCOL_UDP).setTtl((byte) 1)
                .setPayload(new UDP().setSourcePort(33434).setDestinationPort(33435));
        byte[] datagram = quoted.serialize();
        byte[] body = new byte[4 + datagram.length];
        System.arraycopy(datagram, 0, body, 4, datagram.length);
        Ethernet error = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:0a:0a").setDestinationMACAddress("02:00:00:00:00:01");
        error.setPayload(new IPv4().setSourceAddress(service.toInt()).setDestinationAddress(translated.toInt())
                                 .setProtocol(IPv4.PROTOCOL_ICMP).setTtl((byte) 64)
                                 .setPayload(new ICMP().setIcmpType((byte) 3).setIcmpCode((byte) 3)
                                                     .setPayload(new Data(body))));
        southbound.clearSentFrames();

        runtime.packetIn(ConnectPoint.deviceConnectPoint("of:0000000000000001/3"), error);

        // The ARP timer may send requests meanwhile: look at the IPv4 frames only.
        List<Ethernet> frames = southbound.sentFrames();
        List<Integer> ipv4 = IntStream.range(0, frames.size())
                .filter(i -> frames.get(i).getEtherType() == Ethernet.TYPE_IPV4).boxed().collect(Collectors.toList());
        assertEquals(1, ipv4.size(), "one translated error sent: " + frames);
        assertEquals(ACME_PORT, southbound.sentPorts().get(ipv4.get(0)));
        Ethernet out = frames.get(ipv4.get(0));
        assertEquals(MacAddress.valueOf("02:00:00:00:01:01"), out.getDestinationMAC(), "acme's router");
        IPv4 ip = (IPv4) out.getPayload();
        assertEquals(Ip4Address.valueOf("10.250.0.10"), Ip4Address.valueOf(ip.getSourceAddress()));
        assertEquals(host, Ip4Address.valueOf(ip.getDestinationAddress()));
    }

    @Test
    void arpForTheGatewayIsAnsweredWithTheGatewayMac() {
        runtime.replaceState(ORIGIN, doc());
        southbound.clearSentFrames();
        Ethernet request = ARP.buildArpRequest(MacAddress.valueOf("02:00:00:00:01:01").toBytes(),
                                               Ip4Address.valueOf("10.1.1.5").toOctets(),
                                               Ip4Address.valueOf("10.1.1.1").toOctets(), Ethernet.VLAN_UNTAGGED);
        runtime.packetIn(ACME_PORT, request);
        // The resolution timer may send requests meanwhile: only replies count here.
        List<ARP> replies = southbound.sentFrames().stream().map(f -> (ARP) f.getPayload())
                .filter(a -> a.getOpCode() == ARP.OP_REPLY).collect(Collectors.toList());
        assertEquals(1, replies.size());
        ARP reply = replies.get(0);
        assertEquals(MacAddress.valueOf("02:00:00:00:00:01"), MacAddress.valueOf(reply.getSenderHardwareAddress()));
        assertEquals(Ip4Address.valueOf("10.1.1.1"), Ip4Address.valueOf(reply.getSenderProtocolAddress()));
    }

    @Test
    void removingATenantRemovesOnlyItsRules() {
        runtime.replaceState(ORIGIN, doc());
        runtime.packetIn(GLOBEX_PORT, arpReply("10.1.1.5", "02:00:00:00:02:02", "10.1.1.1"));
        int before = southbound.deltas().size();
        runtime.removeTenant(ORIGIN, "globex");
        RuleDelta delta = southbound.deltas().get(before);
        assertTrue(delta.toAdd().isEmpty());
        assertFalse(delta.toRemove().isEmpty());
        assertEquals(State.INSTALLED, intent("acme").state());
        assertTrue(runtime.intents().stream().noneMatch(i -> i.tenant().equals("globex")));
    }

    @Test
    void removedAccessIsWithdrawnUntilTheSwitchConfirms() {
        runtime.replaceState(ORIGIN, doc());
        southbound.holdConfirmations();
        runtime.revokeAccess(ORIGIN, "acme", "backup");
        assertEquals(State.WITHDRAWN, intent("acme").state());
        southbound.confirmHeld();
        assertTrue(runtime.intents().stream().noneMatch(i -> i.tenant().equals("acme")));
    }

    @Test
    void restartKeepsEveryAllocation() {
        runtime.replaceState(ORIGIN, doc());
        Allocation first = runtime.allocation();
        runtime.stop();
        TenantNatRuntime restarted = newRuntime();
        restarted.start();
        assertEquals(first, restarted.allocation());
        assertEquals(doc(), restarted.desiredState());
        // Reapplying the same document after the restart moves nothing either.
        restarted.replaceState(ORIGIN, doc());
        assertEquals(first, restarted.allocation());
    }

    @Test
    void learnedMacsSurviveARestartAndAreAskedForAgain() {
        runtime.replaceState(ORIGIN, doc());
        runtime.packetIn(GLOBEX_PORT, arpReply("10.1.1.5", "02:00:00:00:02:02", "10.1.1.1"));
        runtime.stop();
        southbound.clearSentFrames();

        TenantNatRuntime restarted = newRuntime();
        restarted.start();

        AccessIntent globex = restarted.intents().stream().filter(i -> i.tenant().equals("globex")).findFirst()
                .orElseThrow();
        assertEquals(State.INSTALLED, globex.state(), "the return path is programmed without waiting for ARP");
        assertTrue(southbound.sentFrames().stream().anyMatch(f -> isArpRequestFor(f, "10.1.1.5")),
                   "the kept MAC is confirmed by asking the router again");
        restarted.stop();
    }

    @Test
    void statsSumTheTenantsTranslationCounters() {
        runtime.replaceState(ORIGIN, doc());
        southbound.countPerRule(3, 300);
        TenantStats acme = runtime.stats().get("acme");
        long fromRules = countRules(PipelineTable.SOURCE_TRANSLATION, 1);
        long toRules = countRules(PipelineTable.RETURN_TRANSLATION, 1);
        assertTrue(fromRules > 0 && toRules > 0);
        assertEquals(3 * fromRules, acme.packetsFromTenant());
        assertEquals(300 * fromRules, acme.bytesFromTenant());
        assertEquals(3 * toRules, acme.packetsToTenant());
        assertEquals(300 * toRules, acme.bytesToTenant());
    }

    @Test
    void lookupAndPoolReportTheAllocation() {
        runtime.replaceState(ORIGIN, doc());
        Allocation allocation = runtime.allocation();
        Ip4Address translated = allocation.blocks("globex").get(0).translate(Ip4Address.valueOf("10.1.1.7"));
        assertEquals("globex", runtime.lookup(translated).orElseThrow().tenant());
        assertEquals(Ip4Address.valueOf("10.1.1.7"), runtime.lookup(translated).orElseThrow().original());
        assertEquals(256, runtime.poolUsage().size());
        assertEquals(32, runtime.poolUsage().allocated());
        assertEquals(16L, runtime.poolUsage().perTenant().get("acme"));
    }

    private long countRules(PipelineTable table, long tenantId) {
        return southbound.table(S1).stream().filter(r -> {
            MetadataCriterion tenant = (MetadataCriterion) r.selector().getCriterion(Criterion.Type.METADATA);
            return r.tableId() == PipelineSettings.DEFAULTS.tableId(table) && tenant != null
                    && tenant.metadata() == tenantId;
        }).count();
    }

    private static boolean isArpRequestFor(Ethernet frame, String ip) {
        return frame.getPayload() instanceof ARP && ((ARP) frame.getPayload()).getOpCode() == ARP.OP_REQUEST
                && Ip4Address.valueOf(((ARP) frame.getPayload()).getTargetProtocolAddress())
                .equals(Ip4Address.valueOf(ip));
    }

    private static Ethernet arpReply(String senderIp, String senderMac, String targetIp) {
        Ethernet request = ARP.buildArpRequest(MacAddress.valueOf("02:00:00:00:00:01").toBytes(),
                                               Ip4Address.valueOf(targetIp).toOctets(),
                                               Ip4Address.valueOf(senderIp).toOctets(), Ethernet.VLAN_UNTAGGED);
        return ARP.buildArpReply(Ip4Address.valueOf(senderIp), MacAddress.valueOf(senderMac), request);
    }
}
