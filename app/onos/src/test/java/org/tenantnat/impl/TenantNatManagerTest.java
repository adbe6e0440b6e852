package org.tenantnat.impl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.util.concurrent.MoreExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.config.InvalidConfigException;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.packet.DefaultInboundPacket;
import org.onosproject.net.packet.OutboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketContextAdapter;
import org.onosproject.net.packet.PacketProcessor;
import org.osgi.service.component.ComponentContext;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.Neighbours;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager with the real engine (codec, validator, allocator, compiler, runtime) over ONOS's service adapters:
 * what reaches FlowRuleService when network config, devices and mastership change.
 */
class TenantNatManagerTest {

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");
    private static final ApplicationId APP_ID = TestNode.APP_ID;

    private final TestCluster cluster = new TestCluster();
    private final TestFlowRuleService flows = cluster.flows;
    private final TestDeviceService devices = cluster.devices;

    private TestNode node;
    private TenantNatManager manager;
    private TestPacketService packets;
    private boolean active;

    @BeforeEach
    void setUp() {
        cluster.drivers.bind(S1, TestDriverService.PREFIX_DRIVER);
        start(cluster.start("local"));
    }

    private void start(TestNode started) {
        node = started;
        manager = node.manager;
        packets = node.packets;
        active = true;
    }

    @AfterEach
    void tearDown() {
        if (active) {
            node.deactivate();
        }
    }

    private void connect(DeviceId device) {
        node.mastership.masterQuietly(device);
        devices.add(TestDeviceService.ovs(device));
    }

    private void push(ObjectNode document) throws Exception {
        node.netcfg.applyConfig(APP_ID, TenantNatConfig.class, document);
        cluster.settle();
    }

    private CompiledPipeline compiled(DeviceId device, PipelineSettings settings) {
        SwitchCapabilities caps = device.equals(S1) ? SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new)
                : SwitchCapabilities.perHost();
        return new PipelineCompiler(APP_ID, settings).compile(device, manager.desiredState(), manager.allocation(),
                                                              Neighbours.NONE, caps);
    }

    // FlowRule equality ignores the treatment: compare exactly.
    private static void assertSameRules(Set<FlowRule> expected, Set<FlowRule> actual) {
        assertEquals(expected, actual);
        for (FlowRule e : expected) {
            assertTrue(actual.stream().anyMatch(a -> a.exactMatch(e)), () -> "treatment differs: " + e);
        }
    }

    private static Set<FlowRule> ownedBy(CompiledPipeline pipeline, String tenant) {
        return pipeline.owners().entrySet().stream()
                .filter(e -> e.getKey().tenant().filter(tenant::equals).isPresent())
                .flatMap(e -> e.getValue().rules().stream()).collect(Collectors.toSet());
    }

    private static ComponentContext context(Map<String, Object> properties) {
        Dictionary<String, Object> dictionary = new Hashtable<>(properties);
        return (ComponentContext) Proxy.newProxyInstance(
                TenantNatManagerTest.class.getClassLoader(), new Class<?>[]{ComponentContext.class},
                (proxy, method, args) -> method.getName().equals("getProperties") ? dictionary : null);
    }

    @Test
    void activationRegistersTheNetworkConfigListenersAndDeactivateHooks() throws Exception {
        assertTrue(node.netcfg.isRegistered(TenantNatConfig.class));
        assertEquals(1, devices.listenerCount());
        assertEquals(1, packets.processors.size());
        assertEquals(6, cluster.applications.hookCount(),
                     "manager, network config, state and progress stores, histories of changes and of bindings");
    }

    @Test
    void aSwitchThatConnectsGetsExactlyItsOwnPipeline() throws Exception {
        push(Documents.twoSwitches());
        assertTrue(flows.batches().isEmpty(), "no switch yet");

        connect(S1);

        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
        assertTrue(flows.rules(S2).isEmpty());
        assertTrue(flows.batches().stream().flatMap(b -> b.stages().stream()).flatMap(Set::stream)
                           .allMatch(op -> op.rule().deviceId().equals(S1)));

        connect(S2);

        assertSameRules(compiled(S2, PipelineSettings.DEFAULTS).allRules(), flows.rules(S2));
        assertTrue(ownedBy(compiled(S2, PipelineSettings.DEFAULTS), "initech").size() > 0);
    }

    @Test
    void configPushedAfterTheSwitchConnectedProgramsIt() throws Exception {
        connect(S1);
        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
        assertTrue(manager.desiredState().tenants().isEmpty());

        push(Documents.twoSwitches());

        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
    }

    @Test
    void removingATenantRemovesExactlyItsRules() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        connect(S2);
        CompiledPipeline before = compiled(S1, PipelineSettings.DEFAULTS);
        Set<FlowRule> s2Before = flows.rules(S2);
        flows.clearRecords();

        push(Documents.twoSwitchesWithout("globex"));

        Set<FlowRule> globex = ownedBy(before, "globex");
        assertTrue(globex.size() > 0);
        assertEquals(globex, flows.recorded(FlowRuleOperation.Type.REMOVE));
        assertTrue(flows.recorded(FlowRuleOperation.Type.ADD).isEmpty());
        Set<FlowRule> remaining = new HashSet<>(before.allRules());
        remaining.removeAll(globex);
        assertSameRules(remaining, flows.rules(S1));
        assertEquals(s2Before, flows.rules(S2));
    }

    @Test
    void nothingIsProgrammedWithoutMastership() throws Exception {
        push(Documents.twoSwitches());

        devices.add(TestDeviceService.ovs(S1));
        push(Documents.twoSwitchesWithout("acme"));
        assertTrue(flows.batches().isEmpty(), "S1 is mastered elsewhere");

        node.mastership.setLocalMaster(S1, true);
        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));

        node.mastership.setLocalMaster(S1, false);
        flows.clearRecords();
        push(Documents.twoSwitches());
        assertTrue(flows.batches().isEmpty(), "S1 is no longer mastered here");
    }

    @Test
    void aSwitchThatGoesAwayIsNoLongerProgrammedAndIsReconciledOnReturn() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        devices.setAvailable(S1, false);
        flows.clearRecords();

        push(Documents.twoSwitchesWithout("globex"));
        assertTrue(flows.batches().isEmpty());

        devices.setAvailable(S1, true);
        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
        assertTrue(ownedBy(compiled(S1, PipelineSettings.DEFAULTS), "globex").isEmpty());
    }

    @Test
    void invalidNetworkConfigIsRefusedAndLeavesThePipelineUntouched() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        DesiredState inForce = manager.desiredState();
        Allocation allocated = manager.allocation();
        Set<FlowRule> table = flows.rules(S1);
        flows.clearRecords();
        ObjectNode invalid = Documents.twoSwitchesWithout("globex");
        ((ObjectNode) invalid.withArray("tenants").get(0)).put("id", 3);

        InvalidConfigException refused = assertThrows(InvalidConfigException.class,
                () -> node.netcfg.applyConfig(APP_ID, TenantNatConfig.class, invalid));

        assertTrue(refused.getCause().getMessage().contains("tenant id 3 is already used"), refused.getCause().getMessage());
        assertTrue(flows.batches().isEmpty());
        assertEquals(inForce, manager.desiredState());

        // ONOS can still deliver a document it never validated (stored before the app registered its class).
        node.netcfg.postUnvalidated(APP_ID, TenantNatConfig.class, invalid);
        cluster.settle();

        assertTrue(flows.batches().isEmpty());
        assertEquals(inForce, manager.desiredState());
        assertEquals(allocated, manager.allocation());
        assertEquals(table, flows.rules(S1));
    }

    @Test
    void removingTheNetworkConfigRemovesEveryTenant() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);

        node.netcfg.removeConfig(APP_ID, TenantNatConfig.class);
        cluster.settle();

        assertTrue(manager.desiredState().tenants().isEmpty());
        assertTrue(ownedBy(compiled(S1, PipelineSettings.DEFAULTS), "acme").isEmpty());
        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
    }

    @Test
    void changesThroughTheServiceAreWrittenBackToNetworkConfig() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);

        manager.removeTenant(Origin.rest("test"), "globex");
        cluster.settle();

        assertEquals(manager.desiredState(), node.netcfgState());
        assertTrue(manager.desiredState().tenant("globex").isEmpty());
        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
    }

    @Test
    void aRestartedNodeKeepsEveryAllocation() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        Allocation before = manager.allocation();

        start(cluster.restart(node));
        cluster.settle();

        assertEquals(before, manager.allocation());
        assertEquals(Documents.decode(Documents.twoSwitches()), manager.desiredState());
    }

    @Test
    void newTableAndPriorityMoveThePipeline() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        PipelineSettings moved = new PipelineSettings(10, 30000, 24);

        manager.modified(context(Map.of(OsgiPropertyConstants.FIRST_TABLE, "10",
                                        OsgiPropertyConstants.FLOW_PRIORITY, "30000")));

        assertSameRules(compiled(S1, moved).allRules(), flows.rules(S1));
        assertTrue(flows.rules(S1).stream().allMatch(r -> r.tableId() >= 10 && r.tableId() < 16));
    }

    @Test
    void outOfRangeSettingsAreIgnored() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        flows.clearRecords();

        manager.modified(context(Map.of(OsgiPropertyConstants.FIRST_TABLE, "250")));

        assertTrue(flows.batches().isEmpty());
        assertSameRules(compiled(S1, PipelineSettings.DEFAULTS).allRules(), flows.rules(S1));
    }

    @Test
    void arpHandlingCanBeTurnedOffAndOnAndNeverRequestsPackets() throws Exception {
        manager.modified(context(Map.of(OsgiPropertyConstants.ARP_HANDLING, "false")));
        assertTrue(packets.processors.isEmpty());

        manager.modified(context(Map.of(OsgiPropertyConstants.ARP_HANDLING, "true")));
        assertEquals(Set.of(PacketProcessor.director(1)), Set.copyOf(packets.processors.values()));

        // The compiled pipeline punts exactly the ARP tenantnat answers; no PacketService request is added.
        assertEquals(0, packets.requests.get());
    }

    private static ObjectNode withoutRouterMac(ObjectNode document, int tenant) {
        ((ObjectNode) document.withArray("tenants").get(tenant)).remove("routerMac");
        return document;
    }

    @Test
    void withArpHandlingOffNoArpIsSentToResolveRouters() throws Exception {
        ConnectPoint globex = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
        push(withoutRouterMac(Documents.twoSwitches(), 1));

        connect(S1);
        assertTrue(packets.emitted.stream().anyMatch(p -> isArpRequestOutOf(p, globex)), "router resolved by ARP");

        manager.modified(context(Map.of(OsgiPropertyConstants.ARP_HANDLING, "false")));
        packets.emitted.clear();
        // globex's router is still unresolved: a new document and a reconnection would both send ARP again.
        push(withoutRouterMac(Documents.twoSwitchesWithout("acme"), 0));
        devices.setAvailable(S1, false);
        devices.setAvailable(S1, true);

        assertTrue(packets.emitted.isEmpty(), "nothing sent with ARP handling off");
    }

    private static boolean isArpRequestOutOf(OutboundPacket packet, ConnectPoint port) {
        byte[] data = packet.data().array();
        Ethernet frame;
        try {
            frame = Ethernet.deserializer().deserialize(data, 0, data.length);
        } catch (DeserializationException e) {
            return false;
        }
        return packet.sendThrough().equals(port.deviceId())
                && packet.treatment().allInstructions().equals(List.of(Instructions.createOutput(port.port())))
                && frame.getEtherType() == Ethernet.TYPE_ARP
                && ((ARP) frame.getPayload()).getOpCode() == ARP.OP_REQUEST;
    }

    @Test
    void arpRequestForAGatewayIsAnsweredOnItsAttachment() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        ConnectPoint acme = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
        Ethernet request = ARP.buildArpRequest(MacAddress.valueOf("02:00:00:00:0a:01").toBytes(),
                                               Ip4Address.valueOf("10.1.1.254").toOctets(),
                                               Ip4Address.valueOf("10.1.1.1").toOctets(), (short) 100);
        PacketContext context = new PacketContextAdapter(
                0, new DefaultInboundPacket(acme, request, ByteBuffer.wrap(request.serialize())), null, false);
        packets.emitted.clear();

        packets.processors.keySet().iterator().next().process(context);

        OutboundPacket out = packets.emitted.stream().filter(p -> p.sendThrough().equals(S1)).findFirst()
                .orElseThrow();
        Ethernet reply = Ethernet.deserializer().deserialize(out.data().array(), 0, out.data().array().length);
        ARP arp = (ARP) reply.getPayload();
        assertEquals(ARP.OP_REPLY, arp.getOpCode());
        assertEquals(MacAddress.valueOf("02:00:00:00:00:01"), MacAddress.valueOf(arp.getSenderHardwareAddress()));
        assertEquals(100, reply.getVlanID());
        assertTrue(context.isHandled());
    }

    @Test
    void deactivationStopsListeningAndLeavesTheRulesInPlace() throws Exception {
        push(Documents.twoSwitches());
        connect(S1);
        Set<FlowRule> table = flows.rules(S1);

        node.deactivate();
        active = false;

        assertEquals(0, devices.listenerCount());
        assertTrue(packets.processors.isEmpty());
        assertEquals(table, flows.rules(S1));
    }

    @Test
    void cfgdefDescribesEveryPropertyWithItsDefault() throws Exception {
        var url = TenantNatManager.class.getResource("TenantNatManager.cfgdef");
        assertNotNull(url, "onos-maven-plugin cfg goal did not run");
        String cfgdef = new String(url.openStream().readAllBytes());

        assertTrue(cfgdef.contains("flowPriority|INTEGER|40000|"), cfgdef);
        assertTrue(cfgdef.contains("firstTable|INTEGER|0|"), cfgdef);
        assertTrue(cfgdef.contains("perHostMinPrefixLength|INTEGER|24|"), cfgdef);
        assertTrue(cfgdef.contains("arpHandling|BOOLEAN|true|"), cfgdef);
        assertTrue(cfgdef.contains("poolAlarmPercent|INTEGER|80|"), cfgdef);
    }

    @Test
    void propertyDefaultsAreThePipelineDefaults() throws Exception {
        assertEquals(PipelineSettings.DEFAULTS.priority(), OsgiPropertyConstants.FLOW_PRIORITY_DEFAULT);
        assertEquals(PipelineSettings.DEFAULTS.firstTable(), OsgiPropertyConstants.FIRST_TABLE_DEFAULT);
        assertEquals(PipelineSettings.DEFAULTS.perHostMinPrefixLength(),
                     OsgiPropertyConstants.PER_HOST_MIN_PREFIX_LENGTH_DEFAULT);
    }

    @Test
    void rulesAreGroupedByOwnerForEveryTenantOnTheSwitch() throws Exception {
        push(Documents.twoSwitches());
        CompiledPipeline s1 = compiled(S1, PipelineSettings.DEFAULTS);

        assertTrue(s1.owners().containsKey(RuleOwner.tenant("acme")));
        assertTrue(s1.owners().containsKey(RuleOwner.access("globex", "backup")));
        assertTrue(s1.owners().keySet().stream().noneMatch(o -> o.tenant().filter("initech"::equals).isPresent()));
    }
}
