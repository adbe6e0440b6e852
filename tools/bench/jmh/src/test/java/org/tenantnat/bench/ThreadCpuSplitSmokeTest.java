package org.tenantnat.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI's smoke form of the thread-CPU split: every stage runs on a small document and the report prints with its
 * ratio. Fails only when a stage crashes; timings are not checked.
 */
class ThreadCpuSplitSmokeTest {

    @Test
    void everyStageRunsAndReports() {
        List<ThreadCpuSplit.Stage> stages = ThreadCpuSplit.run(100, 1, 3);

        assertEquals(6, stages.size(), "stages measured");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ThreadCpuSplit.report(stages, 100, new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        for (ThreadCpuSplit.Stage stage : stages) {
            assertTrue(report.contains(stage.name()), report);
        }
        assertTrue(report.contains("ratio decode + validate / Jackson readTree (thread CPU)"), report);
    }
}
