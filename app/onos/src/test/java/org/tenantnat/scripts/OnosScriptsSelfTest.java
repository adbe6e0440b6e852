package org.tenantnat.scripts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's ONOS scripts ({@code tools/onos/tenantnat-app}, {@code -netcfg}, {@code -show}) pass their
 * self-test ({@code tools/onos/selftest.sh}): against a stand-in for ONOS's REST API on loopback each sends the
 * method, path, headers and body ONOS 2.7 expects and fails on an HTTP error. It needs bash, curl and python3,
 * which {@code tools/install-deps.sh} installs; it never skips.
 */
class OnosScriptsSelfTest {

    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void theOnosScriptsPassTheirSelfTest() throws IOException, InterruptedException {
        Path script = repoRoot().resolve("tools/onos/selftest.sh");
        Path log = Files.createTempFile("onos-selftest", ".log");
        Process run = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            run.destroy();
            run.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(finished, () -> script + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
        List<String> lines = output.lines().collect(Collectors.toList());

        assertEquals(0, run.exitValue(), output);
        assertEquals("all ONOS script checks passed", lines.get(lines.size() - 1), output);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("FAIL")), output);
        assertTrue(lines.stream().filter(l -> l.startsWith("ok ")).count() >= 10, output);
    }

    // Maven runs the tests in app/onos.
    private static Path repoRoot() {
        Path module = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = module; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools/onos/selftest.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no tools/onos/selftest.sh above " + module);
    }
}
