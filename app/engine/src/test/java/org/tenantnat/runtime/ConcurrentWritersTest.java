package org.tenantnat.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.PipelineSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runtimes writing to one shared store, as two nodes of a cluster do: a change planned on a revision another
 * writer has moved past is refused by the store, and the writer catches up and plans again, so concurrent writes
 * never hand out one block twice or accept a duplicate id, and both writers end with the same state.
 */
class ConcurrentWritersTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.9.10"),
            ConnectPoint.deviceConnectPoint("of:0000000000000001/4000"), Ip4Address.valueOf("10.9.9.1"),
            MacAddress.valueOf("02:00:00:00:0a:0a"));

    private final SharedStateStore shared = new SharedStateStore();
    private final List<SharedStateStore.View> views = new ArrayList<>();
    private TenantNatRuntime a;
    private TenantNatRuntime b;
    private SharedStateStore.View viewOfB;

    private TenantNatRuntime node() {
        SharedStateStore.View view = shared.view();
        views.add(view);
        TenantNatRuntime runtime = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"),
                                                        PipelineSettings.DEFAULTS, new FakeSouthbound(), view);
        runtime.start();
        return runtime;
    }

    @BeforeEach
    void setUp() throws Exception {
        a = node();
        b = node();
        viewOfB = views.get(1);
        a.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/16")),
                                                MacAddress.valueOf("02:00:00:00:00:01"), List.of(BACKUP), List.of()));
        // b must know the service before a test holds its view: else b plans without it and is refused for that.
        shared.drain();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        a.stop();
        b.stop();
        for (SharedStateStore.View v : views) {
            v.close();
        }
    }

    private static Tenant tenant(int id) {
        return Tenant.builder().name("t" + id).id(id)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/" + (1 + id / 4000)),
                                           VlanId.vlanId((short) (1 + id % 4000))))
                .routerIp(Ip4Address.valueOf("10.1.1.1")).routerMac(MacAddress.valueOf("02:00:00:00:01:01"))
                .gatewayIp(Ip4Address.valueOf("10.1.1.2")).prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/28")))
                .translation(TranslationPolicy.STATIC)
                .access(List.of(new Access("backup", Ip4Address.valueOf("10.250.0.10")))).build();
    }

    @Test
    void aWriterBehindCatchesUpAndNeverHandsOutTheSameBlockTwice() throws Exception {
        CountDownLatch gate = viewOfB.hold();
        a.addTenant(ORIGIN, tenant(1));
        // b has not heard of t1: its first plan would give t2 the block t1 got. The store refuses that plan.
        CompletableFuture<Tenant> added = CompletableFuture.supplyAsync(() -> b.addTenant(ORIGIN, tenant(2)));
        Thread.sleep(200);
        gate.countDown();
        added.get(10, TimeUnit.SECONDS);
        shared.drain();

        assertTrue(shared.refused() >= 1, "b's first plan was refused");
        TranslatedBlock t1 = a.allocation().blocks("t1").get(0);
        TranslatedBlock t2 = a.allocation().blocks("t2").get(0);
        assertTrue(!t1.translated().contains(t2.translated().address()), t1 + " and " + t2 + " apart");
        assertEquals(a.allocation(), b.allocation());
        assertEquals(a.desiredState(), b.desiredState());
    }

    @Test
    void aDuplicateIdAcceptedElsewhereMeanwhileIsRefusedAfterCatchingUp() throws Exception {
        CountDownLatch gate = viewOfB.hold();
        a.addTenant(ORIGIN, tenant(5));
        Tenant sameId = tenant(5).toBuilder().name("other").attachment(new Attachment(
                ConnectPoint.deviceConnectPoint("of:0000000000000001/9"), VlanId.NONE)).build();
        CompletableFuture<Tenant> added = CompletableFuture.supplyAsync(() -> b.addTenant(ORIGIN, sameId));
        Thread.sleep(200);
        gate.countDown();

        Exception refused = assertThrows(Exception.class, () -> added.get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof InvalidConfigException, refused.toString());
        assertTrue(refused.getCause().getMessage().contains("tenant id 5 is already used by tenants[t5]"),
                   refused.getCause().getMessage());
        shared.drain();
        assertEquals(a.desiredState(), b.desiredState());
    }

    @Test
    void concurrentAddsOnBothWritersEndIdenticalWithoutOverlaps() throws Exception {
        int perThread = 60;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            int first = 100 + thread * perThread;
            TenantNatRuntime writer = thread % 2 == 0 ? a : b;
            done.add(CompletableFuture.runAsync(() -> {
                for (int id = first; id < first + perThread; id++) {
                    writer.addTenant(ORIGIN, tenant(id));
                }
            }, threads));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        threads.shutdown();
        shared.drain();

        assertEquals(4 * perThread, a.desiredState().tenants().size());
        assertEquals(a.desiredState(), b.desiredState());
        assertEquals(a.allocation(), b.allocation());
        List<Ip4Prefix> blocks = a.allocation().allBlocks().stream().map(TranslatedBlock::translated)
                .sorted((x, y) -> Integer.compareUnsigned(x.address().toInt(), y.address().toInt()))
                .collect(Collectors.toList());
        for (int i = 1; i < blocks.size(); i++) {
            assertTrue(!blocks.get(i - 1).contains(blocks.get(i).address()), blocks.get(i - 1) + " overlaps "
                    + blocks.get(i));
        }
    }
}
