package org.tenantnat.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.flow.IndexTableId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;
import org.tenantnat.pipeline.RuleCookie;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.impl.TestCluster.S1;
import static org.tenantnat.impl.TestCluster.S2;

/**
 * Three nodes, two switches mastered by two of them: every node, the one that masters no switch included, answers
 * intents, stats, pool usage and lookups exactly alike, whatever state the switches are in (installed, being
 * installed, rejecting rules, disconnected, rules being withdrawn).
 */
class EveryNodeAnswersAlikeTest {

    private static final Origin REST = Origin.rest("test");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();
    private TestNode n1;
    private TestNode n2;
    private TestNode n3;

    @BeforeEach
    void setUp() throws Exception {
        n1 = cluster.start("n1");
        n2 = cluster.start("n2");
        n3 = cluster.start("n3");
        cluster.twoSwitches(Documents.twoSwitches(), n1, n2, n3);
    }

    // Every node's answer equals the first one's; returns it.
    private <T> T alike(Function<TestNode, T> answer) {
        T first = answer.apply(n1);
        for (TestNode node : List.of(n2, n3)) {
            assertEquals(first, answer.apply(node), () -> node + " answers otherwise than n1");
        }
        return first;
    }

    private static AccessIntent intent(List<AccessIntent> intents, String tenant) {
        return intents.stream().filter(i -> i.tenant().equals(tenant)).findFirst().orElseThrow();
    }

    @Test
    void installedIntentsAreReportedInstalledByEveryNode() {
        List<AccessIntent> intents = alike(n -> n.manager.intents());

        assertEquals(3, intents.size());
        assertTrue(intents.stream().allMatch(i -> i.state() == AccessIntent.State.INSTALLED), intents.toString());
    }

    @Test
    void rulesNotYetConfirmedAreInstallingOnEveryNode() throws Exception {
        cluster.flows.hold(S2);
        n1.manager.addTenant(REST, Documents.tenant(new ObjectMapper().readTree(
                "{\"name\": \"hooli\", \"id\": 4, \"connectPoint\": \"of:0000000000000002/2\", "
                        + "\"routerIp\": \"10.1.1.254\", \"routerMac\": \"02:00:00:00:0a:04\", "
                        + "\"gatewayIp\": \"10.1.1.1\", \"prefixes\": [\"10.1.1.0/28\"], "
                        + "\"access\": [{\"service\": \"archive\", \"vip\": \"10.250.0.11\"}]}")));
        cluster.settle();

        AccessIntent hooli = intent(alike(n -> n.manager.intents()), "hooli");
        assertEquals(AccessIntent.State.INSTALLING, hooli.state(), hooli.toString());

        cluster.flows.release();
        cluster.settle();

        assertTrue(alike(n -> n.manager.intents()).stream().allMatch(i -> i.state() == AccessIntent.State.INSTALLED));
    }

    @Test
    void rejectedRulesAreFailedWithTheSameReasonOnEveryNode() throws Exception {
        cluster.flows.reject(S1);
        n3.manager.revokeAccess(REST, "acme", "backup");
        n3.manager.grantAccess(REST, "acme", new Access("backup", Ip4Address.valueOf("10.250.0.20")));
        cluster.settle();

        AccessIntent acme = intent(alike(n -> n.manager.intents()), "acme");
        assertEquals(AccessIntent.State.FAILED, acme.state());
        assertTrue(acme.reason().orElseThrow().contains("rejected"), acme.toString());
    }

    @Test
    void aDisconnectedSwitchIsReportedByEveryNode() throws Exception {
        cluster.devices.setAvailable(S2, false);
        cluster.settle();

        AccessIntent initech = intent(alike(n -> n.manager.intents()), "initech");
        assertEquals(AccessIntent.State.FAILED, initech.state());
        assertEquals("switch " + S2 + " is not connected", initech.reason().orElseThrow());
        assertEquals(AccessIntent.State.INSTALLED, intent(alike(n -> n.manager.intents()), "acme").state());
    }

    @Test
    void anAccessBeingWithdrawnIsListedByEveryNodeUntilTheSwitchConfirms() throws Exception {
        cluster.flows.hold(S1);
        n2.manager.revokeAccess(REST, "globex", "backup");
        cluster.settle();

        List<AccessIntent> intents = alike(n -> n.manager.intents());
        assertEquals(AccessIntent.State.WITHDRAWN, intent(intents, "globex").state());

        cluster.flows.release();
        cluster.settle();

        assertTrue(alike(n -> n.manager.intents()).stream().noneMatch(i -> i.tenant().equals("globex")));
    }

    @Test
    void statsPoolAndLookupsAreTheSameOnEveryNode() throws Exception {
        int sourceTranslation = PipelineSettings.DEFAULTS.tableId(PipelineTable.SOURCE_TRANSLATION);
        cluster.flows.count(e -> e.table().equals(IndexTableId.of(sourceTranslation))
                && RuleCookie.tenantOf(e.id()) == 1, 42, 4200);

        Map<String, TenantStats> stats = alike(n -> n.manager.stats());
        assertEquals(42, stats.get("acme").packetsFromTenant());
        assertEquals(4200, stats.get("acme").bytesFromTenant());
        assertEquals(0, stats.get("initech").packetsFromTenant());

        alike(n -> List.of(n.manager.poolUsage().size(), n.manager.poolUsage().allocated(),
                           n.manager.poolUsage().perTenant()));
        alike(n -> n.manager.allocation());
        Ip4Address acmeHost = n3.manager.allocation().blocks("acme").get(0).translate(Ip4Address.valueOf("10.1.1.10"));
        assertEquals("acme", alike(n -> n.manager.lookup(acmeHost)).orElseThrow().tenant());
    }
}
