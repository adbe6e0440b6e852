package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tenantnat.standalone.ContinuousIntegration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Open vSwitch lab's own self-test ({@code tools/lab/selftest.sh}: hand-written flows doing what tenantnat does,
 * restarts, two labs at once, an interrupted {@code up}, nothing left behind) passes on this machine. Like the other
 * data-plane tests it needs root and Open vSwitch, and fails in CI without them.
 */
class LabSelfTest {

    private static final long TIMEOUT_SECONDS = 300;
    private static final Pattern SUMMARY = Pattern.compile("lab selftest: (\\d+) passed, (\\d+) failed");

    @Test
    void theLabSelfTestPassesEveryCheck() throws IOException, InterruptedException {
        Path root = DataplaneRequirements.repoRoot();
        DataplaneRequirements.missing(root).ifPresent(problem -> {
            if (ContinuousIntegration.active()) {
                fail("the lab self-test cannot run in CI, which must never skip it: " + problem);
            }
            Assumptions.abort(problem);
        });
        Path log = Files.createTempFile("lab-selftest", ".log");
        Process script = new ProcessBuilder("bash", root.resolve("tools/lab/selftest.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = script.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            script.destroy();
            script.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(finished, () -> "tools/lab/selftest.sh did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
        List<String> lines = output.lines().collect(Collectors.toList());
        Matcher summary = SUMMARY.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));

        assertTrue(summary.matches(), () -> "no closing summary:\n" + output);
        assertEquals(0, script.exitValue(), output);
        assertEquals("0", summary.group(2), output);
        assertEquals(Long.parseLong(summary.group(1)), lines.stream().filter(l -> l.startsWith("PASS ")).count(),
                     output);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("FAIL ")), output);
    }
}
