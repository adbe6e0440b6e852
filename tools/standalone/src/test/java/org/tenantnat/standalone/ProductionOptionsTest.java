package org.tenantnat.standalone;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.standalone.auth.PasswdCommand;
import org.tenantnat.standalone.history.FileChangeHistory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The options for running outside a lab: TLS on both channels, the users file, and plain TCP/HTTP beyond loopback
 * only with {@code --allow-plaintext}. Every refusal names the option and exits 2 before anything starts.
 */
class ProductionOptionsTest {

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static Path users;

    @BeforeAll
    static void makeFiles() {
        pki = TestPki.create(dir.resolve("pki"));
        users = dir.resolve("users");
        assertEquals(0, PasswdCommand.run(new String[]{users.toString(), "alice", "admin"}, null,
                                          new ByteArrayInputStream("alice-password\n".getBytes(StandardCharsets.UTF_8)),
                                          new PrintStream(new ByteArrayOutputStream()),
                                          new PrintStream(new ByteArrayOutputStream())));
    }

    private static StandaloneOptions parse(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", "c.json"));
        all.addAll(List.of(args));
        return StandaloneOptions.parse(all.toArray(new String[0]), env);
    }

    private static StandaloneOptions parse(String... args) {
        return parse(Map.of(), args);
    }

    private static void assertRefused(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    private static String[] openflowTls(String address) {
        return new String[]{"--openflow", address, "--openflow-key", pki.file("server.key").toString(),
                            "--openflow-cert", pki.file("server.pem").toString(),
                            "--openflow-ca", pki.file("ca.pem").toString()};
    }

    @Test
    void plainTcpOrHttpBeyondLoopbackNeedsTheExplicitFlag() {
        assertRefused("--openflow 0.0.0.0:6653: plain TCP on an address other than loopback; use ssl:HOST:PORT "
                      + "with --openflow-key, --openflow-cert and --openflow-ca, or add --allow-plaintext",
                      "--openflow", "0.0.0.0:6653");
        assertRefused("--http 0.0.0.0:8181: plain HTTP on an address other than loopback; give --http-key and "
                      + "--http-cert (or --http-keystore) for HTTPS, or add --allow-plaintext",
                      "--http", "0.0.0.0:8181");

        StandaloneOptions allowed = parse("--openflow", "0.0.0.0:6653", "--http", "0.0.0.0:8181",
                                          "--allow-plaintext");
        assertEquals("OpenFlow on 0.0.0.0:6653 and HTTP on 0.0.0.0:8181",
                     allowed.production().plaintextBeyondLoopback(allowed.openflow(), allowed.http()).orElseThrow());
    }

    @Test
    void loopbackStaysPlainByDefault() {
        StandaloneOptions o = parse("--openflow", "tcp:127.0.0.1:6653", "--http", "[::1]:8181");

        assertTrue(o.production().openflowTls().isEmpty());
        assertTrue(o.production().https().isEmpty());
        assertTrue(o.production().plaintextBeyondLoopback(o.openflow(), o.http()).isEmpty());
    }

    @Test
    void tlsOnBothChannelsAllowsAnyAddress() {
        List<String> args = new ArrayList<>(List.of(openflowTls("ssl:0.0.0.0:6653")));
        args.addAll(List.of("--http", "0.0.0.0:8443", "--http-key", pki.file("server.key").toString(),
                            "--http-cert", pki.file("server.pem").toString()));

        StandaloneOptions o = parse(args.toArray(new String[0]));

        assertEquals(6653, o.openflow().getPort());
        assertTrue(o.production().openflowTls().isPresent());
        assertTrue(o.production().https().isPresent());
        assertTrue(o.production().plaintextBeyondLoopback(o.openflow(), o.http()).isEmpty());
    }

    @Test
    void tlsOptionsMustComeTogether() {
        assertRefused("--openflow ssl:...: needs --openflow-key, --openflow-cert and --openflow-ca",
                      "--openflow", "ssl:127.0.0.1:6653", "--openflow-key", pki.file("server.key").toString());
        assertRefused("--openflow-key/--openflow-cert/--openflow-ca: only with --openflow ssl:HOST:PORT",
                      "--openflow-ca", pki.file("ca.pem").toString());
        assertRefused("--http-key and --http-cert: give both", "--http-cert", pki.file("server.pem").toString());
        assertRefused("--http-keystore and --http-key/--http-cert: give one of them",
                      "--http-keystore", pki.file("server.p12").toString(), "--http-key",
                      pki.file("server.key").toString(), "--http-cert", pki.file("server.pem").toString());
        assertRefused("--http-key/--http-cert/--http-keystore: HTTP is off", "--http", "off", "--http-key",
                      pki.file("server.key").toString(), "--http-cert", pki.file("server.pem").toString());
        assertRefused("--http-keystore: set its password in TENANTNAT_HTTP_KEYSTORE_PASSWORD",
                      "--http-keystore", pki.file("server.p12").toString());
        assertTrue(parse(Map.of("TENANTNAT_HTTP_KEYSTORE_PASSWORD", TestPki.KEYSTORE_PASSWORD),
                         "--http-keystore", pki.file("server.p12").toString()).production().https().isPresent());
    }

    @Test
    void unusableFilesAreRefusedNamingTheOptions() {
        String[] args = openflowTls("ssl:127.0.0.1:6653");
        args[3] = dir.resolve("absent.key").toString();
        assertRefused("--openflow-key/--openflow-cert/--openflow-ca: key " + dir.resolve("absent.key")
                      + " is not a readable file", args);
        assertRefused("--http-key/--http-cert: cannot use key " + pki.file("server.pem"),
                      "--http-key", pki.file("server.pem").toString(), "--http-cert",
                      pki.file("server.key").toString());
    }

    @Test
    void usersComeFromTheCredentialsFileAndExcludeCredentials() {
        assertEquals(Map.of("alice", org.tenantnat.standalone.auth.Role.ADMIN),
                     parse("--users", users.toString()).production().users().orElseThrow().roles());
        assertRefused("--users and --credentials: give one of them", "--users", users.toString(),
                      "--credentials", "ops:secret");
        assertRefused("cannot read credentials file " + dir.resolve("none"), "--users",
                      dir.resolve("none").toString());
        assertTrue(parse(Map.of(StandaloneOptions.CREDENTIALS_ENV, "ops:env-secret"), "--users", users.toString())
                           .production().users().isPresent(), "the environment's credentials give way to --users");
    }

    @Test
    void theHostRefusesPlainTextBeyondLoopbackWithExitTwoAndStartsNothing() throws IOException {
        Path config = dir.resolve("demo.json");
        Files.copy(Path.of("../examples/demo.json"), config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path state = dir.resolve("refused-state");

        int exit = TenantNatStandalone.run(new String[]{"--config", config.toString(), "--state", state.toString(),
                                                        "--openflow", "0.0.0.0:0", "--http", "off"},
                                           new PrintStream(new ByteArrayOutputStream()),
                                           new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--allow-plaintext"), err::toString);
        assertTrue(!Files.exists(state), "nothing started");
    }

    @Test
    void allowedPlainTextBeyondLoopbackIsLoggedAsAWarning() throws Exception {
        Path config = dir.resolve("demo.json");
        Files.copy(Path.of("../examples/demo.json"), config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StandaloneOptions options = StandaloneOptions.parse(new String[]{
                "--config", config.toString(), "--state", dir.resolve("warned-state").toString(),
                "--openflow", "0.0.0.0:0", "--http", "off", "--allow-plaintext"}, Map.of());
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (StandaloneHost host = new StandaloneHost(options, new FileStateStore(options.state()),
                FileChangeHistory.open(options.state(), options.historyRetention(), Clock.systemUTC()))) {
            host.start(Optional.of(DesiredStateReader.parseAndValidate(Files.readString(config))));
        } finally {
            System.setErr(stderr);
        }

        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("WARN StandaloneHost - OpenFlow on 0.0.0.0:0 in clear text beyond "
                                   + "loopback (--allow-plaintext)"), logged);
    }
}
