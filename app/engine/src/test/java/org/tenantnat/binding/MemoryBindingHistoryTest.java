package org.tenantnat.binding;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.BindingRecord;

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
}
