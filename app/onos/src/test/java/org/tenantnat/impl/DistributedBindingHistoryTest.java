package org.tenantnat.impl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.tenantnat.api.model.BindingRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's audit trail of bindings: what one node records every node answers, a change looks at the tenant it
 * changes only, and the trail outlives a deactivation but not an uninstall.
 */
class DistributedBindingHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final int TENANTS = 100;
    private static final int BLOCKS = 10;

    private final ClusterStorageService storage = new ClusterStorageService();
    private final TestApplicationService applications = new TestApplicationService();
    private final List<CountingHistory> nodes = new ArrayList<>();

    /** Counts the stored records it decodes. */
    private static final class CountingHistory extends DistributedBindingHistory {
        final AtomicInteger decodes = new AtomicInteger();

        @Override
        Optional<BindingRecord> decode(String key, String json) {
            decodes.incrementAndGet();
            return super.decode(key, json);
        }
    }

    private CountingHistory node() {
        CountingHistory history = new CountingHistory();
        history.storageService = storage;
        history.cfgService = new ComponentConfigAdapter();
        history.applicationService = applications;
        history.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TestNode.APP_ID;
            }
        };
        history.activate(null);
        nodes.add(history);
        return history;
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(DistributedBindingHistory::deactivate);
    }

    private void awaitDelivered() throws Exception {
        storage.awaitDelivered(30, TimeUnit.SECONDS);
    }

    private static BindingRecord block(int tenant, int block) {
        return new BindingRecord("t" + tenant, Ip4Prefix.valueOf("10.1." + block + ".0/24"),
                                 Ip4Prefix.valueOf(Ip4Address.valueOf(0x64400000 + ((tenant * BLOCKS + block) << 8)),
                                                   24), null, T0, null);
    }

    private static List<BindingRecord> everyBlock() {
        List<BindingRecord> records = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            for (int b = 0; b < BLOCKS; b++) {
                records.add(block(t, b));
            }
        }
        return records;
    }

    @Test
    void whatOneNodeRecordsEveryNodeAnswers() throws Exception {
        CountingHistory n1 = node();
        CountingHistory n2 = node();
        BindingRecord acme = block(1, 2);

        n1.record(List.of(acme));
        awaitDelivered();

        assertEquals(List.of(acme), n2.open());
        Ip4Address held = acme.translated().address();
        assertEquals(List.of(acme), n2.at(held, -1, T1));

        n2.close(acme.tenant(), acme.translated(), T1);
        awaitDelivered();

        for (DistributedBindingHistory node : nodes) {
            assertTrue(node.open().isEmpty(), node.open()::toString);
            assertEquals(List.of(acme.endedAt(T1)), node.between(null, T0, T1.plusSeconds(1)));
        }
        CountingHistory n3 = node();
        assertEquals(List.of(acme.endedAt(T1)), n3.between(null, T0, T1.plusSeconds(1)),
                     "a node that starts later reads the trail from the map");
    }

    @Test
    void closingABlockLooksAtNoOtherRecord() throws Exception {
        CountingHistory n1 = node();
        CountingHistory n2 = node();
        n1.record(everyBlock());
        awaitDelivered();
        assertEquals(TENANTS * BLOCKS, n2.open().size());
        n1.decodes.set(0);
        n2.decodes.set(0);

        BindingRecord closed = block(7, 3);
        n2.close(closed.tenant(), closed.translated(), T1);
        awaitDelivered();

        // The record that ended, heard back by each node; before the mirror every close decoded the whole map.
        assertEquals(1, n1.decodes.get());
        assertEquals(1, n2.decodes.get());
        assertEquals(TENANTS * BLOCKS - 1, n1.open().size());
        assertEquals(List.of(closed.endedAt(T1)), n1.between("t7", T1, T1.plusSeconds(1)).stream()
                .filter(r -> r.to().isPresent()).collect(Collectors.toList()));
    }

    @Test
    void aPruneOnOneNodeDropsTheRecordsOnEveryNode() throws Exception {
        CountingHistory n1 = node();
        CountingHistory n2 = node();
        BindingRecord old = block(1, 1).endedAt(T1);
        BindingRecord open = block(2, 1);
        n1.record(List.of(old, open));
        awaitDelivered();

        assertEquals(1, n2.prune(T1.plus(n2.retention()).plusSeconds(1)));
        awaitDelivered();

        for (DistributedBindingHistory node : nodes) {
            assertEquals(List.of(open), node.between(null, Instant.MIN, Instant.MAX));
        }
        assertEquals(1, storage.map(DistributedBindingHistory.MAP).size());
    }

    @Test
    void deactivatingKeepsTheTrailAndUninstallingRemovesIt() throws Exception {
        CountingHistory n1 = node();
        BindingRecord acme = block(1, 2);
        n1.record(List.of(acme));

        applications.deactivate();
        n1.deactivate();
        nodes.remove(n1);
        CountingHistory again = node();
        assertEquals(List.of(acme), again.open(), "the audit trail outlives a deactivation");

        applications.uninstall();
        awaitDelivered();

        assertTrue(storage.map(DistributedBindingHistory.MAP).isEmpty());
        assertTrue(again.between(null, Instant.MIN, Instant.MAX).isEmpty());
        again.record(List.of(block(3, 3)));
        assertTrue(storage.map(DistributedBindingHistory.MAP).isEmpty(), "nothing written once uninstalled");
    }
}
