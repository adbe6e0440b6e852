package org.tenantnat.binding;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.api.model.PortRange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBindingHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private static BindingRecord block(String tenant, String original, String translated) {
        return new BindingRecord(tenant, Ip4Prefix.valueOf(original), Ip4Prefix.valueOf(translated), null, T0, null);
    }

    @Test
    void closingABlockEndsOnlyThatTenantsRecordOfIt() {
        MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(1));
        history.record(List.of(block("acme", "10.1.1.0/24", "100.64.0.0/24"),
                               block("acme", "10.1.2.0/24", "100.64.1.0/24"),
                               block("globex", "10.1.1.0/24", "100.64.2.0/24")));

        history.close("acme", Ip4Prefix.valueOf("100.64.0.0/24"), T1);

        assertEquals(List.of(Ip4Prefix.valueOf("100.64.1.0/24")),
                     history.openOf("acme").stream().map(BindingRecord::translated).collect(
                             Collectors.toList()));
        assertEquals(1, history.openOf("globex").size());
        assertEquals(2, history.open().size());
        List<BindingRecord> ended = history.between("acme", T0, T1);
        assertTrue(ended.stream().anyMatch(r -> r.translated().equals(Ip4Prefix.valueOf("100.64.0.0/24"))
                && r.to().equals(Optional.of(T1))), ended.toString());
    }

    @Test
    void aTenantWithNothingOpenHasNoOpenRecords() {
        MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(1));
        history.record(List.of(block("acme", "10.1.1.0/24", "100.64.0.0/24")));
        history.close("acme", Ip4Prefix.valueOf("100.64.0.0/24"), T1);
        assertTrue(history.openOf("acme").isEmpty());
        assertTrue(history.openOf("nobody").isEmpty());
    }

    @Test
    void endingNamesTheBlocksRecordsACloseEndsAndRecordsNothing() {
        MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(1));
        BindingRecord block = block("acme", "10.1.1.7/32", "100.64.0.7/32");
        BindingRecord portBlock = new BindingRecord("acme", Ip4Prefix.valueOf("10.1.1.8/32"),
                                                    Ip4Prefix.valueOf("100.64.0.7/32"), new PortRange(1024, 1087),
                                                    T0, null);
        history.record(List.of(block, portBlock, block("globex", "10.1.1.7/32", "100.64.0.8/32")));

        List<BindingRecord> ending = history.ending("acme", Ip4Prefix.valueOf("100.64.0.7/32"), T1);

        assertEquals(List.of(block.endedAt(T1)), ending);
        assertEquals(3, history.open().size(), "ending records nothing");
    }

    @Test
    void aStartHeardAfterItsEndLeavesTheRecordEnded() {
        MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(1));
        BindingRecord start = block("acme", "10.1.1.0/24", "100.64.0.0/24");
        history.record(List.of(start.endedAt(T1)));

        history.replay(start);

        assertTrue(history.open().isEmpty(), history.open()::toString);
        assertEquals(List.of(start.endedAt(T1)), history.between("acme", T0, T1.plusSeconds(1)));
        history.replay(block("acme", "10.1.2.0/24", "100.64.1.0/24"));
        assertEquals(1, history.openOf("acme").size(), "a start never ended is recorded");
    }

    @Test
    void forgettingAnOpenRecordTakesItOutOfItsTenantsOpenRecords() {
        MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(1));
        BindingRecord start = block("acme", "10.1.1.0/24", "100.64.0.0/24");
        history.record(List.of(start));

        history.forget(start.key());

        assertTrue(history.openOf("acme").isEmpty());
        assertTrue(history.between(null, T0, T1).isEmpty());
    }

    @Test
    void pruneDropsOnlyRecordsEndedBeforeTheRetention() {
        MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(1));
        BindingRecord old = block("acme", "10.1.1.0/24", "100.64.0.0/24").endedAt(T1);
        BindingRecord recent = block("acme", "10.1.2.0/24", "100.64.1.0/24").endedAt(T1.plus(Duration.ofDays(1)));
        BindingRecord open = block("globex", "10.1.1.0/24", "100.64.2.0/24");
        history.record(List.of(old, recent, open));

        Instant now = T1.plus(Duration.ofDays(1)).plusSeconds(1);
        assertEquals(List.of(old), history.endedBefore(now.minus(Duration.ofDays(1))));
        assertEquals(1, history.prune(now));

        assertEquals(List.of(recent, open), history.between(null, T0, now));
    }
}
