package org.tenantnat.standalone.binding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.BindingRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesBindingHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Duration RETENTION = Duration.ofDays(30);

    private static BindingRecord block(String tenant, String original, String translated) {
        return new BindingRecord(tenant, Ip4Prefix.valueOf(original), Ip4Prefix.valueOf(translated), null, T0, null);
    }

    @Test
    void closingABlockAppendsItsEndAndTheTrailReadsItBack(@TempDir Path state) throws Exception {
        BindingRecord acme = block("acme", "10.1.1.0/24", "100.64.0.0/24");
        BindingRecord globex = block("globex", "10.1.1.0/24", "100.64.1.0/24");
        try (JsonLinesBindingHistory history = new JsonLinesBindingHistory(state, RETENTION)) {
            history.record(List.of(acme, globex));
            history.close("acme", acme.translated(), T1);
        }

        assertEquals(List.of(acme, globex, acme.endedAt(T1)),
                     JsonLinesBindingHistory.read(state.resolve(JsonLinesBindingHistory.FILE)));
        try (JsonLinesBindingHistory again = new JsonLinesBindingHistory(state, RETENTION)) {
            assertEquals(List.of(globex), again.open());
        }
    }

    @Test
    void closingABlockNobodyHoldsWritesNothing(@TempDir Path state) throws Exception {
        Path file = state.resolve(JsonLinesBindingHistory.FILE);
        try (JsonLinesBindingHistory history = new JsonLinesBindingHistory(state, RETENTION)) {
            history.record(List.of(block("acme", "10.1.1.0/24", "100.64.0.0/24")));
            long size = Files.size(file);

            history.close("acme", Ip4Prefix.valueOf("100.64.9.0/24"), T1);
            history.close("globex", Ip4Prefix.valueOf("100.64.0.0/24"), T1);

            assertEquals(size, Files.size(file));
            assertTrue(history.between(null, T1, T1.plusSeconds(1)).stream().allMatch(r -> r.to().isEmpty()));
        }
    }
}
