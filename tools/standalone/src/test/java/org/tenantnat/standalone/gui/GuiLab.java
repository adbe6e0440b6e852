package org.tenantnat.standalone.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tenantnat.standalone.ContinuousIntegration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An example on a real switch for the GUI tests, as a JUnit extension: the standalone host in its own JVM (REST
 * and GUI on a free loopback port, its own OpenFlow port and state directory), then the example's lab (the demo's
 * {@code tools/examples/demo-lab.json}, or the economy lab) in its own run directory with its switch pointed at
 * that host. Torn down after the class, also when the test JVM is stopped.
 * <p>
 * Needs root, Open vSwitch and Debian's Chromium with its driver. Without them the tests are skipped, except in
 * in CI ({@link ContinuousIntegration}), where they fail.
 */
final class GuiLab implements BeforeAllCallback, AfterAllCallback {

    private static final String MAIN = "org.tenantnat.standalone.TenantNatStandalone";
    private static final String LAB = "tools/lab/lab.sh";
    private static final String DEMO_CONFIG = "tools/examples/demo.json";
    private static final String DEMO_SCENARIO = "tools/examples/demo-lab.json";
    private static final String ECONOMY_CONFIG = "tools/examples/economy.json";
    private static final String ECONOMY_SCENARIO = "tools/examples/economy-lab.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HOST_START = Duration.ofSeconds(90);
    private static final List<String> PROGRAMS = List.of("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ip", "ping",
                                                         "ethtool", "python3", "flock", "setsid");

    private final String config;
    private final String scenario;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path repo;
    private Path dir;
    private int httpPort;
    private String credentials;
    private Process host;
    private boolean labUp;
    private Thread cleanupOnExit;

    /** The demo: tools/examples/demo.json on demo-lab.json. */
    GuiLab() {
        this(DEMO_CONFIG, DEMO_SCENARIO);
    }

    private GuiLab(String config, String scenario) {
        this.config = config;
        this.scenario = scenario;
    }

    /**
     * The economy lab: tools/examples/economy.json (pat, dynamic and static tenants side by side) on
     * economy-lab.json.
     *
     * @return lab
     */
    static GuiLab economy() {
        return new GuiLab(ECONOMY_CONFIG, ECONOMY_SCENARIO);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        repo = repositoryRoot();
        requireMachine();
        dir = Files.createTempDirectory(Files.createDirectories(repo.resolve("tools/standalone/target/gui")),
                                        context.getRequiredTestClass().getSimpleName() + "-");
        int openflowPort = freePort();
        httpPort = freePort();
        credentials = "gui:" + UUID.randomUUID();
        cleanupOnExit = new Thread(this::tearDown, "gui-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);

        // The host first: a switch whose controller is not there yet backs off for up to 8 s.
        startHost(openflowPort);
        labUp = true;
        run(Duration.ofSeconds(120), "up", repo.resolve(scenario).toString(),
            "--controller", "tcp:127.0.0.1:" + openflowPort, "--serve");
        run(Duration.ofSeconds(60), "wait-connected", "--timeout", "45");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException | NullPointerException e) {
            // Shutting down already (the hook runs itself), or setup never got that far.
        }
    }

    private void startHost(int openflowPort) throws IOException, InterruptedException {
        List<String> command = List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                // Surefire may give this JVM a manifest-only jar as java.class.path; the real one is here.
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                MAIN, "--config", repo.resolve(config).toString(), "--openflow", "127.0.0.1:" + openflowPort,
                "--http", "127.0.0.1:" + httpPort, "--credentials", credentials,
                "--state", dir.resolve("state").toString());
        host = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("host.log").toFile()).start();
        host.getOutputStream().close();
        long deadline = System.nanoTime() + HOST_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!host.isAlive()) {
                throw new IllegalStateException("the standalone host exited with " + host.exitValue() + ":\n"
                                                + hostLog());
            }
            if (answers()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the standalone host's REST API did not answer within "
                                        + HOST_START.toSeconds() + " s:\n" + hostLog());
    }

    private boolean answers() throws InterruptedException {
        try {
            return get("/tenants").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private synchronized void tearDown() {
        if (host != null) {
            host.destroy();
            try {
                if (!host.waitFor(10, TimeUnit.SECONDS)) {
                    host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            host = null;
        }
        if (labUp) {
            labUp = false;
            Result down = lab(Duration.ofSeconds(60), "down");
            if (down.exit != 0) {
                throw new IllegalStateException("lab down failed: " + down);
            }
        }
    }

    /**
     * Returns the base of the view's address with the credentials in it, e.g. {@code http://gui:pw@127.0.0.1:port}.
     *
     * @return base URL without a trailing slash
     */
    String siteWithCredentials() {
        return "http://" + credentials + "@127.0.0.1:" + httpPort;
    }

    /**
     * Returns the user the view and the REST calls authenticate as.
     *
     * @return user name
     */
    String user() {
        return credentials.substring(0, credentials.indexOf(':'));
    }

    /**
     * Sends a GET to the REST API.
     *
     * @param path below /onos/tenantnat, e.g. {@code /translations}
     * @return response
     */
    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /**
     * Reads a resource of the REST API that must answer 200.
     *
     * @param path below /onos/tenantnat
     * @return the answer's JSON
     * @throws AssertionError when the answer is not 200
     */
    JsonNode getJson(String path) {
        HttpResponse<String> reply = get(path);
        if (reply.statusCode() != 200) {
            throw new AssertionError(reply.uri() + ": " + reply.statusCode() + " " + reply.body());
        }
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a POST with a JSON body to the REST API.
     *
     * @param path below /onos/tenantnat
     * @param json body
     * @return response
     */
    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Sends a DELETE to the REST API.
     *
     * @param path below /onos/tenantnat
     * @return response
     */
    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        String auth = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/onos/tenantnat" + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Basic " + auth)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a lab.sh command on this lab and requires it to succeed.
     *
     * @param timeout how long it may take
     * @param args    command and arguments, e.g. {@code "ping", "acme", "10.250.0.10"}
     * @return its output
     */
    String run(Duration timeout, String... args) {
        Result result = lab(timeout, args);
        if (result.exit != 0) {
            throw new IllegalStateException("lab.sh " + String.join(" ", args) + " failed: " + result);
        }
        return result.output;
    }

    /**
     * Runs a lab.sh command on this lab that may fail, e.g. a datagram the switch is expected to drop.
     *
     * @param timeout how long it may take
     * @param args    command and arguments
     * @return whether it succeeded
     */
    boolean succeeds(Duration timeout, String... args) {
        return lab(timeout, args).exit == 0;
    }

    private Result lab(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(repo.resolve(LAB).toString(), "--run-dir",
                                                       dir.resolve("lab").toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // lab.sh's background processes never hold its output open, so this returns when it ends.
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, output + "\n(timed out after " + timeout.toSeconds() + " s)");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns the host's log so far, for failure messages.
     *
     * @return log text
     */
    String hostLog() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("host.log"), StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no host log: " + e.getMessage() + ")";
        }
    }

    /**
     * Returns the module's build directory, where the tests leave screenshots.
     *
     * @return tools/standalone/target
     */
    Path target() {
        return repo.resolve("tools/standalone/target");
    }

    /**
     * Returns this lab's own directory (host log, state, lab run directory, browser profile).
     *
     * @return directory
     */
    Path directory() {
        return dir;
    }

    private void requireMachine() {
        List<String> missing = PROGRAMS.stream().filter(p -> !onPath(p)).collect(Collectors.toList());
        Chromium.missing().ifPresent(missing::add);
        String problem = !missing.isEmpty() ? "missing " + String.join(", ", missing) + " (run tools/install-deps.sh)"
                : !"root".equals(System.getProperty("user.name")) ? "needs root (network namespaces, Open vSwitch)"
                : null;
        if (problem == null) {
            return;
        }
        if (ContinuousIntegration.active()) {
            Assertions.fail("GUI browser tests cannot run in CI: " + problem);
        }
        Assumptions.abort("GUI browser tests skipped (CI is not set): " + problem);
    }

    private static boolean onPath(String program) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                             Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"))
                .filter(p -> !p.isEmpty()).anyMatch(p -> Files.isExecutable(Paths.get(p, program)));
    }

    private static Path repositoryRoot() {
        Path module = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = module; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve(LAB))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find " + LAB + " above " + module);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A finished lab.sh command. */
    private static final class Result {
        private final int exit;
        private final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n" + output;
        }
    }
}
