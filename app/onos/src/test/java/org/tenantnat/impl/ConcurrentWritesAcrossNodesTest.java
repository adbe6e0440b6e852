package org.tenantnat.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.store.StoredState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.impl.TestCluster.S1;
import static org.tenantnat.impl.TestCluster.S2;

/**
 * Three nodes accept tenant adds at the same time, two threads each: every add is committed once (a node that lost
 * the race catches up and allocates again), and every node ends with the same desired state and the same translated
 * blocks, none overlapping, equal to what the cluster's storage holds and to the network config document; the
 * switches hold exactly the compiled pipeline and every node reports every intent installed.
 */
class ConcurrentWritesAcrossNodesTest {

    private static final int TENANTS = 1200;
    private static final int THREADS_PER_NODE = 2;

    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final TestCluster cluster = new TestCluster();
    private final ExecutorService clients = Executors.newFixedThreadPool(3 * THREADS_PER_NODE);

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
    }

    // Half the tenants on each switch, each on its own port and VLAN, all with the same customer prefix (a /24 on
    // the switch that rewrites prefixes, a /28 on the one that rewrites host by host).
    private Tenant tenant(int i) {
        boolean first = i % 2 == 0;
        ObjectNode t = mapper.createObjectNode().put("name", "t" + i).put("id", i + 1)
                .put("connectPoint", (first ? S1 : S2) + "/" + (10 + i % 40)).put("vlan", 2 + i / 40)
                .put("routerIp", "10.1.1.254").put("routerMac", "02:00:00:00:0a:01").put("gatewayIp", "10.1.1.1");
        t.putArray("prefixes").add(first ? "10.1.1.0/24" : "10.1.1.0/28");
        t.putArray("access").addObject().put("service", first ? "backup" : "archive").put("vip", "10.250.0.10");
        return Documents.tenant(t);
    }

    private static ObjectNode servicesOnly() {
        ObjectNode doc = Documents.twoSwitches();
        doc.putArray("pool").add("100.64.0.0/10");
        doc.putArray("tenants");
        return doc;
    }

    @Test
    void concurrentAddsOnThreeNodesEndInOneStateWithNoOverlappingBlocks() throws Exception {
        TestNode n1 = cluster.start("n1");
        TestNode n2 = cluster.start("n2");
        TestNode n3 = cluster.start("n3");
        cluster.twoSwitches(servicesOnly(), n1, n2, n3);

        // Each thread adds its own share: thread k of node j adds tenants j * THREADS_PER_NODE + k, + 6, + 12...
        int threadCount = cluster.nodes.size() * THREADS_PER_NODE;
        List<Future<Integer>> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int j = 0; j < cluster.nodes.size(); j++) {
            TestNode node = cluster.nodes.get(j);
            for (int k = 0; k < THREADS_PER_NODE; k++) {
                int first = j * THREADS_PER_NODE + k;
                threads.add(clients.submit(() -> {
                    int added = 0;
                    for (int i = first; i < TENANTS; i += threadCount) {
                        node.manager.addTenant(Origin.rest("client-" + node), tenant(i));
                        added++;
                    }
                    return added;
                }));
            }
        }
        List<Integer> perThread = new ArrayList<>();
        for (Future<Integer> thread : threads) {
            perThread.add(thread.get(5, TimeUnit.MINUTES));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        cluster.settle();

        int conflicts = cluster.nodes.stream().mapToInt(n -> n.conflicts.get()).sum();
        System.out.printf("%d tenant adds on 3 nodes x %d threads: %.2f s, %.0f adds/s, %d commits refused and "
                                  + "retried after another node committed first%n",
                          TENANTS, THREADS_PER_NODE, seconds, TENANTS / seconds, conflicts);
        assertEquals(Collections.nCopies(threadCount, TENANTS / threadCount), perThread);

        DesiredState state = n1.manager.desiredState();
        Allocation allocation = n1.manager.allocation();
        assertEquals(TENANTS, state.tenants().size());
        for (TestNode node : cluster.nodes) {
            assertEquals(state, node.manager.desiredState(), node + "'s desired state");
            assertEquals(allocation, node.manager.allocation(), node + "'s allocation");
        }
        assertNoOverlap(allocation);
        assertTrue(allocation.byTenant().values().stream().allMatch(b -> b.size() == 1));

        StoredState stored = freshLoad();
        assertEquals(state, stored.desiredState(), "the cluster's storage");
        assertEquals(allocation, stored.allocation(), "the cluster's storage");
        assertEquals(state, n2.netcfgState(), "the network config document, written back by the leader");

        for (DeviceId device : List.of(S1, S2)) {
            assertEquals(cluster.expectedRules(device, n3), cluster.flows.rules(device), device + "'s rules");
        }
        List<AccessIntent> intents = n3.manager.intents();
        assertEquals(TENANTS, intents.size());
        assertTrue(intents.stream().allMatch(i -> i.state() == AccessIntent.State.INSTALLED), intents.toString());
        for (TestNode node : cluster.nodes) {
            assertEquals(intents, node.manager.intents(), node + "'s intents");
        }
    }

    // What a node starting now would load.
    private StoredState freshLoad() {
        DistributedTenantNatStore store = new DistributedTenantNatStore();
        store.storageService = cluster.storage;
        store.coreService = cluster.nodes.get(0).store.coreService;
        store.applicationService = cluster.applications;
        store.activate();
        try {
            return store.load();
        } finally {
            store.deactivate();
        }
    }

    private static void assertNoOverlap(Allocation allocation) {
        List<Ip4Prefix> blocks = allocation.allBlocks().stream().map(TranslatedBlock::translated)
                .sorted(Comparator.comparingLong(p -> p.address().toInt() & 0xffffffffL))
                .collect(Collectors.toList());
        for (int i = 1; i < blocks.size(); i++) {
            Ip4Prefix before = blocks.get(i - 1);
            Ip4Prefix after = blocks.get(i);
            assertTrue(!before.contains(after.address()) && !after.contains(before.address()),
                       before + " overlaps " + after);
        }
    }
}
