package org.tenantnat.standalone;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.standalone.auth.PasswdCommand;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tools/systemd/tenantnat.service: systemd accepts it ({@code systemd-analyze verify}, where systemd is installed;
 * the check is skipped with the reason where it is not, also in CI, since a CI machine may come without systemd),
 * and its command line is one the host accepts, TLS on both channels and the users file included.
 */
class SystemdUnitTest {

    private static final Path UNIT = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath()
            .resolve("../systemd/tenantnat.service").normalize();

    @TempDir
    Path dir;

    /** The ExecStart command line, continuation lines joined, split on blanks. */
    private static List<String> execStart() throws IOException {
        String unit = Files.readString(UNIT).replace("\\\n", " ");
        String line = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        return Arrays.stream(line.substring("ExecStart=".length()).trim().split("\\s+"))
                .collect(Collectors.toList());
    }

    private static String setting(String key) throws IOException {
        return Files.readAllLines(UNIT).stream().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElseThrow(() -> new AssertionError("no " + key));
    }

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        Path analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Paths::get)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(analyze != null,
                               "systemd-analyze is not installed (package systemd); a CI machine may lack systemd, "
                                       + "so this check is skipped there too");
        Process p = new ProcessBuilder(analyze.toString(), "verify", UNIT.toString()).redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));

        assertEquals(0, p.exitValue(), output);
        // verify reports ignored settings on stdout and still exits 0.
        assertEquals("", output.lines().filter(l -> l.contains("tenantnat.service")).collect(Collectors.joining("\n")));
    }

    @Test
    void theUnitRunsTheJarWithHalfAGigabyteOfHeapAsTheServiceUser() throws IOException {
        List<String> command = execStart();

        assertEquals(List.of("/usr/bin/java", "-Xmx512m", "-jar", "/opt/tenantnat/tenantnat-standalone.jar"),
                     command.subList(0, 4));
        assertEquals("tenantnat", setting("User"));
        assertEquals("tenantnat", setting("StateDirectory"), "systemd creates /var/lib/tenantnat for the user");
        assertEquals("2", setting("RestartPreventExitStatus"), "a refused configuration is not restarted");
    }

    @Test
    void theHostStoppedBySigtermExits143WhichTheUnitCountsAsSuccess() throws Exception {
        assertEquals("143", setting("SuccessExitStatus"));
        Path config = dir.resolve("demo.json");
        Files.copy(Paths.get("../examples/demo.json"), config);
        Process host = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                TenantNatStandalone.class.getName(), "--config", config.toString(), "--state",
                dir.resolve("state").toString(), "--openflow", "127.0.0.1:0", "--http", "off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("host.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("host.log")).contains("OpenFlow 1.3 controller listening on")
                    && host.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(host.isAlive(), Files.readString(dir.resolve("host.log")));

            host.destroy();

            assertTrue(host.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, host.exitValue(), Files.readString(dir.resolve("host.log")));
        } finally {
            host.destroyForcibly();
        }
    }

    @Test
    void theHostAcceptsTheUnitsOptionsWithTlsOnBothChannelsAndTheUsersFile() throws IOException {
        // The unit's files, made here: the same names under a temporary /etc/tenantnat.
        Path etc = dir.resolve("etc/tenantnat");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path tls = Files.createDirectories(etc.resolve("tls"));
        Files.copy(pki.file("server.key"), tls.resolve("controller-privkey.pem"));
        Files.copy(pki.file("server.pem"), tls.resolve("controller-cert.pem"));
        Files.copy(pki.file("ca.pem"), tls.resolve("switchca-cacert.pem"));
        Files.copy(pki.file("server.key"), tls.resolve("https-privkey.pem"));
        Files.copy(pki.file("server.pem"), tls.resolve("https-cert.pem"));
        assertEquals(0, PasswdCommand.run(new String[]{etc.resolve("users").toString(), "ops", "admin"}, null,
                                          new ByteArrayInputStream("ops-password\n".getBytes(StandardCharsets.UTF_8)),
                                          new PrintStream(new ByteArrayOutputStream()),
                                          new PrintStream(new ByteArrayOutputStream())));
        List<String> args = new ArrayList<>();
        for (String arg : execStart().subList(4, execStart().size())) {
            args.add(arg.replace("/etc/tenantnat", etc.toString()));
        }

        StandaloneOptions options = StandaloneOptions.parse(args.toArray(new String[0]), Map.of());

        assertEquals(Paths.get("/var/lib/tenantnat"), options.state());
        assertTrue(options.production().openflowTls().isPresent(), "OpenFlow over TLS");
        assertTrue(options.production().https().isPresent(), "HTTPS");
        assertTrue(options.production().users().isPresent(), "users and roles");
        assertTrue(options.production().plaintextBeyondLoopback(options.openflow(), options.http()).isEmpty());
    }
}
