package org.tenantnat.impl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.onlab.util.ItemNotFoundException;
import org.onosproject.cluster.NodeId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.Neighbours;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An ONOS cluster in one JVM: the services ONOS shares between nodes (storage, mastership, leadership, network
 * config, the flow store, devices, drivers, application management) made once, and tenantnat's components started
 * on each {@link TestNode} over them. Registered as a test's extension, it deactivates every node after each test.
 */
final class TestCluster implements AfterEachCallback {

    /** The switch of {@link Documents#twoSwitches()} that rewrites whole prefixes (its driver bound by twoSwitches). */
    static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    /** The switch of {@link Documents#twoSwitches()} that rewrites per host. */
    static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");

    final ClusterStorageService storage = new ClusterStorageService();
    final TestMastershipService.Masters masters = new TestMastershipService.Masters();
    final TestLeadershipService.Elections elections = new TestLeadershipService.Elections();
    final TestNetworkConfigRegistry.Store netcfg = new TestNetworkConfigRegistry.Store();
    final TestFlowRuleService flows = new TestFlowRuleService();
    final TestDeviceService devices = new TestDeviceService();
    final TestDriverService drivers = new TestDriverService();
    final TestApplicationService applications = new TestApplicationService();
    final List<TestNode> nodes = new ArrayList<>();

    /**
     * Starts tenantnat on a new node.
     *
     * @param name node name
     * @return the node, its components active
     */
    TestNode start(String name) {
        TestNode node = new TestNode(this, NodeId.nodeId(name));
        nodes.add(node);
        node.activate();
        return node;
    }

    /**
     * Stops a node (no deactivate hook runs, as when ONOS stops) and starts tenantnat on it again.
     *
     * @param node the node
     * @return the node, restarted
     */
    TestNode restart(TestNode node) {
        node.deactivate();
        TestNode again = new TestNode(this, node.id);
        nodes.set(nodes.indexOf(node), again);
        again.activate();
        return again;
    }

    /**
     * Connects an Open vSwitch mastered by a node (its master chosen before the device appears, as ONOS does).
     *
     * @param device switch
     * @param master its master
     */
    void connect(DeviceId device, TestNode master) {
        masters.setMaster(device, master.id, false);
        devices.add(TestDeviceService.ovs(device));
    }
    /**
     * Connects the two switches of {@link Documents#twoSwitches()}, S1 with prefix rewrites, then pushes a document to
     * a node's network config and waits until the cluster settles.
     *
     * @param document desired state
     * @param s1Master master of S1
     * @param s2Master master of S2
     * @param via      node whose network config takes the document
     * @throws TimeoutException     when the cluster does not settle within 30 s
     * @throws InterruptedException when interrupted
     */
    void twoSwitches(ObjectNode document, TestNode s1Master, TestNode s2Master, TestNode via)
            throws TimeoutException, InterruptedException {
        drivers.bind(S1, TestDriverService.PREFIX_DRIVER);
        connect(S1, s1Master);
        connect(S2, s2Master);
        via.netcfg.applyConfig(TestNode.APP_ID, TenantNatConfig.class, document);
        settle();
    }

    /**
     * Returns the rules a switch must hold for the state in force on a node: prefix rewrites where its driver has
     * them, per-host rewrites elsewhere.
     *
     * @param device switch
     * @param node   node whose state is compiled
     * @return rules
     */
    Set<FlowRule> expectedRules(DeviceId device, TestNode node) {
        boolean prefix;
        try {
            prefix = drivers.createHandler(device).hasBehaviour(TranslationCapabilitiesBehaviour.class);
        } catch (ItemNotFoundException e) {
            prefix = false;
        }
        SwitchCapabilities caps = prefix ? SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new)
                : SwitchCapabilities.perHost();
        return new PipelineCompiler(TestNode.APP_ID, PipelineSettings.DEFAULTS)
                .compile(device, node.manager.desiredState(), node.manager.allocation(), Neighbours.NONE, caps)
                .allRules();
    }

    /**
     * Makes a node master of a switch in a new term, telling every node.
     *
     * @param device switch
     * @param node   new master
     */
    void setMaster(DeviceId device, TestNode node) {
        masters.setMaster(device, node.id, true);
    }

    /**
     * Waits until the cluster is quiet: every map event delivered and every node's network-config work done, with
     * nothing new started meanwhile; fails if a listener threw.
     *
     * @throws TimeoutException     when it does not settle within 30 s
     * @throws InterruptedException when interrupted
     */
    void settle() throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            storage.awaitDelivered(30, TimeUnit.SECONDS);
            for (TestNode node : nodes) {
                node.awaitConfigWork();
            }
            long before = work();
            storage.awaitDelivered(30, TimeUnit.SECONDS);
            if (work() == before && nodes.stream().allMatch(TestNode::configIdle)) {
                assertEquals(List.of(), storage.failures());
                return;
            }
        }
        throw new TimeoutException("the cluster did not settle");
    }

    private long work() {
        return storage.published() + nodes.stream().mapToLong(TestNode::configTasks).sum();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        nodes.forEach(TestNode::deactivate);
    }
}
