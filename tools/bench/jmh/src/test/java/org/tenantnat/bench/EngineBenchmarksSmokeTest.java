package org.tenantnat.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.Statistics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI's smoke form of the engine benchmarks: every benchmark runs on a small document and yields samples, and the
 * report prints. Fails only when a benchmark crashes; timings are not checked.
 */
class EngineBenchmarksSmokeTest {

    @Test
    void everyEngineBenchmarkRunsAndReports() throws Exception {
        Map<String, Statistics> stats = EngineBenchmarks.run(EngineBenchmarks.Length.SMOKE, 100);

        assertEquals(6, stats.size(), () -> "benchmarks run: " + stats.keySet());
        stats.forEach((name, s) -> assertTrue(s.getN() > 0, name + " has no sample"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineBenchmarks.report(stats, 100, new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("ratio decode + validate / Jackson parse"), report);
    }
}
