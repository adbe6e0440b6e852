package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.onlab.packet.Ip4Address;
import org.opentest4j.TestAbortedException;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.standalone.ContinuousIntegration;
import org.tenantnat.standalone.FileStateStore;
import org.tenantnat.store.StoredState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One data-plane lab per test class, as a JUnit extension: the standalone host in its own JVM with its own
 * OpenFlow port and state directory, then the demo lab ({@code tools/examples/demo-lab.json}, or another scenario
 * around demo.json) with its switch pointed at that host. Torn down after the class (also when the test JVM is
 * stopped); a failing test's message carries the host's log tail.
 *
 * <p>Register it with {@code @RegisterExtension static final DataplaneLab LAB = DataplaneLab.demo()...}.</p>
 */
final class DataplaneLab implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** How long a host may take to reach its VIP after the switch connected (rules, ARP both ways). */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(30);

    private static final String DEMO_CONFIG = "tools/examples/demo.json";
    private static final String DEMO_SCENARIO = "tools/examples/demo-lab.json";
    private static final String FABRIC_CONFIG = "tools/examples/fabric.json";
    private static final String FABRIC_SCENARIO = "tools/examples/fabric-lab.json";
    private static final String ECONOMY_CONFIG = "tools/examples/economy.json";
    private static final String ECONOMY_SCENARIO = "tools/examples/economy-lab.json";
    private static final Duration HOST_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String rewrite;
    private final Consumer<ObjectNode> configEdit;
    private final boolean http;
    private final boolean tls;
    private final String scenario;
    private final String baseConfig;
    private final String stateDiskSize;
    private final List<String> extraArgs;

    private Path repoRoot;
    private Path dir;
    private Path stateDir;
    private Path stateDisk;
    private Path config;
    private int openflowPort;
    private int httpPort;
    private String credentials;
    private Lab lab;
    private StandaloneProcess host;
    private Thread cleanupOnExit;
    private String skipReason;
    private Map<String, Path> pki = Map.of();

    private DataplaneLab(String rewrite, Consumer<ObjectNode> configEdit, boolean http, boolean tls,
                         String scenario, String baseConfig, String stateDiskSize, List<String> extraArgs) {
        this.rewrite = rewrite;
        this.configEdit = configEdit;
        this.http = http;
        this.tls = tls;
        this.scenario = scenario;
        this.baseConfig = baseConfig;
        this.stateDiskSize = stateDiskSize;
        this.extraArgs = extraArgs;
    }

    /**
     * The fabric example: tools/examples/fabric.json on fabric-lab.json (two edge switches, a core and a service
     * switch), with the REST API.
     *
     * @return lab
     */
    static DataplaneLab fabric() {
        return new DataplaneLab("auto", c -> { }, true, false, FABRIC_SCENARIO, FABRIC_CONFIG, null, List.of());
    }

    /**
     * The shipped demo: tools/examples/demo.json on demo-lab.json, rewrite style decided by the host (auto).
     *
     * @return lab
     */
    static DataplaneLab demo() {
        return new DataplaneLab("auto", c -> { }, false, false, DEMO_SCENARIO, DEMO_CONFIG, null, List.of());
    }

    /**
     * The economy lab: tools/examples/economy.json (pat, dynamic and static tenants side by side) on economy-lab.json,
     * with the REST API.
     *
     * @return lab
     */
    static DataplaneLab economy() {
        return new DataplaneLab("auto", c -> { }, true, false, ECONOMY_SCENARIO, ECONOMY_CONFIG, null,
                                List.of());
    }

    /**
     * The same lab with another rewrite style.
     *
     * @param style auto, prefix or per-host
     * @return lab
     */
    DataplaneLab rewrite(String style) {
        return new DataplaneLab(style, configEdit, http, tls, scenario, baseConfig, stateDiskSize, extraArgs);
    }

    /**
     * The same lab with the host's config edited (the lab itself is still built from demo-lab.json).
     *
     * @param edit change to the demo config's JSON
     * @return lab
     */
    DataplaneLab config(Consumer<ObjectNode> edit) {
        return new DataplaneLab(rewrite, configEdit.andThen(edit), http, tls, scenario, baseConfig, stateDiskSize,
                                extraArgs);
    }

    /**
     * The same lab with the host's REST API on a free loopback port.
     *
     * @return lab
     */
    DataplaneLab withHttp() {
        return new DataplaneLab(rewrite, configEdit, true, tls, scenario, baseConfig, stateDiskSize, extraArgs);
    }

    /**
     * The same lab over TLS on both channels: the switch connects with {@code ssl:} and the lab's ovs-pki
     * certificates, the host requires them, and serves HTTPS on a free loopback port.
     *
     * @return lab
     */
    DataplaneLab withTls() {
        return new DataplaneLab(rewrite, configEdit, true, true, scenario, baseConfig, stateDiskSize, extraArgs);
    }

    /**
     * The same lab with more arguments for the host.
     *
     * @param args arguments of TenantNatStandalone, after the lab's own
     * @return lab
     */
    DataplaneLab hostArgs(String... args) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(List.of(args));
        return new DataplaneLab(rewrite, configEdit, http, tls, scenario, baseConfig, stateDiskSize,
                                List.copyOf(all));
    }

    /**
     * The same lab with the host's state directory on a disk of its own: a tmpfs of that size, mounted in the lab's
     * directory before the host starts and unmounted after it stopped, so a test can fill it.
     *
     * @param size tmpfs size, e.g. {@code 4m}
     * @return lab
     */
    DataplaneLab stateOnDiskOf(String size) {
        return new DataplaneLab(rewrite, configEdit, http, tls, scenario, baseConfig, size, extraArgs);
    }

    /**
     * The same host config on another lab built around demo.json.
     *
     * @param path lab scenario, relative to the repository root (e.g. tools/examples/mtu-lab.json)
     * @return lab
     */
    DataplaneLab scenario(String path) {
        return new DataplaneLab(rewrite, configEdit, http, tls, path, baseConfig, stateDiskSize, extraArgs);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        repoRoot = DataplaneRequirements.repoRoot();
        skipReason = DataplaneRequirements.missing(repoRoot).orElse(null);
        if (skipReason != null) {
            if (ContinuousIntegration.active()) {
                fail("data-plane tests cannot run in CI, which must never skip them: " + skipReason);
            }
            // Each test reports itself skipped with the reason (an aborted class would just vanish from the counts).
            return;
        }
        Path target = repoRoot.resolve("tools/standalone/target/dataplane");
        Files.createDirectories(target);
        dir = Files.createTempDirectory(target, context.getRequiredTestClass().getSimpleName() + "-");
        stateDir = dir.resolve("state");
        if (stateDiskSize != null) {
            stateDisk = Files.createDirectory(dir.resolve("state-disk"));
            mount(stateDisk, stateDiskSize);
            stateDir = stateDisk.resolve("state");
        }
        config = dir.resolve("config.json");
        writeConfig(config, configEdit);
        openflowPort = freePort();
        httpPort = freePort();
        credentials = "dataplane:" + UUID.randomUUID();
        lab = new Lab(repoRoot, dir.resolve("lab"));
        if (tls) {
            pki = lab.pki(Optional.empty());
        }
        host = new StandaloneProcess(dir.resolve("host.log"), hostArguments());
        cleanupOnExit = new Thread(this::tearDown, "dataplane-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        // The host first: OVS backs off up to 8 s when its controller is not there yet.
        host.start(HOST_START_TIMEOUT);
        lab.up(repoRoot.resolve(scenario), (tls ? "ssl" : "tcp") + ":127.0.0.1:" + openflowPort);
        if (!lab.waitConnected(CONNECT_TIMEOUT)) {
            throw new IllegalStateException("the switch did not connect to the host within "
                                            + CONNECT_TIMEOUT.toSeconds() + " s");
        }
    }

    private List<String> hostArguments() {
        List<String> args = new ArrayList<>(List.of(
                "--config", config.toString(), "--openflow", (tls ? "ssl:" : "") + "127.0.0.1:" + openflowPort,
                "--http", http ? "127.0.0.1:" + httpPort : "off", "--credentials", credentials,
                "--state", stateDir.toString(), "--rewrite", rewrite));
        if (tls) {
            args.addAll(List.of("--openflow-key", pki("controller-key").toString(),
                                "--openflow-cert", pki("controller-cert").toString(),
                                "--openflow-ca", pki("switch-ca").toString(),
                                "--http-key", pki("https-key").toString(),
                                "--http-cert", pki("https-cert").toString()));
        }
        args.addAll(extraArgs);
        return args;
    }

    /**
     * Returns a file of the lab's PKI (TLS labs only).
     *
     * @param name switch-key, switch-cert, controller-key, controller-cert, switch-ca, controller-ca, https-key
     *             or https-cert
     * @return path
     */
    Path pki(String name) {
        Path file = pki.get(name);
        if (file == null) {
            throw new IllegalStateException("no PKI file " + name + " in " + pki);
        }
        return file;
    }

    /**
     * Tells whether both channels run over TLS.
     *
     * @return true for {@link #withTls()} labs
     */
    boolean tls() {
        return tls;
    }

    private void writeConfig(Path file, Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(repoRoot.resolve(baseConfig).toFile());
        edit.accept(json);
        Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json),
                          StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(skipReason == null, () -> "data-plane test skipped (CI is not set): " + skipReason);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        tearDown();
        if (cleanupOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down and runs the hook itself.
            }
        }
    }

    private synchronized void tearDown() {
        if (host != null) {
            host.stop();
        }
        if (lab != null) {
            CommandResult down = lab.down();
            if (!down.succeeded()) {
                System.err.println("dataplane: lab down failed: " + down);
            }
            lab = null;
        }
        if (stateDisk != null) {
            CommandResult umount = CommandResult.run(dir, Duration.ofSeconds(30),
                                                     List.of("umount", stateDisk.toString()));
            if (!umount.succeeded()) {
                System.err.println("dataplane: " + umount);
            }
            stateDisk = null;
        }
    }

    private void mount(Path where, String size) {
        CommandResult mount = CommandResult.run(dir, Duration.ofSeconds(30), List.of(
                "mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tenantnat-state", where.toString()));
        if (!mount.succeeded()) {
            throw new IllegalStateException("cannot mount the state disk: " + mount);
        }
    }

    /**
     * Returns the disk of the host's state directory ({@link #stateOnDiskOf} labs only).
     *
     * @return mount point of its tmpfs
     */
    Path stateDisk() {
        if (stateDisk == null) {
            throw new IllegalStateException("this lab's state directory has no disk of its own");
        }
        return stateDisk;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withDiagnostics(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withDiagnostics(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withDiagnostics(failure);
    }

    /** A failure's message with the host's log tail appended: the first thing anyone asks for. */
    private Throwable withDiagnostics(Throwable failure) {
        if (failure instanceof TestAbortedException || host == null) {
            return failure;
        }
        String diagnostics = "\n--- standalone host (" + (host.isAlive() ? "pid " + host.pid() : "not running")
                + "), last lines of " + dir.resolve("host.log") + ":\n" + host.tail(40);
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        AssertionError wrapped = new AssertionError(message + diagnostics, failure);
        wrapped.setStackTrace(failure.getStackTrace());
        return wrapped;
    }

    /**
     * Returns the lab.
     *
     * @return lab
     */
    Lab lab() {
        return lab;
    }

    /**
     * Returns the standalone host's process.
     *
     * @return process
     */
    StandaloneProcess host() {
        return host;
    }

    /**
     * Starts the host again with the same arguments, state directory and port (after {@link StandaloneProcess#kill9}
     * or {@link StandaloneProcess#stop}).
     */
    void startHostAgain() {
        host.start(HOST_START_TIMEOUT);
    }

    /**
     * Returns the record log the host keeps its state in.
     *
     * @return path of state.log
     */
    Path stateFile() {
        return stateDir.resolve("state.log");
    }

    /**
     * Reads the records the host stored, while it runs.
     *
     * @return records with the desired state and allocation they hold
     */
    StoredState storedState() {
        return FileStateStore.read(stateDir);
    }

    /**
     * Returns the allocation the host stored.
     *
     * @return allocation
     */
    Allocation allocation() {
        return storedState().allocation();
    }

    /**
     * Returns the VIP at which a lab host's tenant reaches the (single) service, per the stored desired state.
     *
     * @param host customer host
     * @return VIP
     */
    String vipOf(LabHost host) {
        return tenant(host).access().stream().map(Access::vip).map(Ip4Address::toString).findFirst()
                .orElseThrow(() -> new IllegalStateException(host + " has no access"));
    }

    /**
     * Returns the address the service must see for a customer host: the host's own address inside its tenant's
     * translated block.
     *
     * @param host customer host
     * @return translated address
     */
    String translatedSource(LabHost host) {
        return block(host).translate(host.address()).toString();
    }

    /**
     * Returns the translated block the host's address belongs to.
     *
     * @param host customer host
     * @return block
     */
    TranslatedBlock block(LabHost host) {
        String tenant = host.tenant().orElseThrow();
        return allocation().blocks(tenant).stream().filter(b -> b.original().contains(host.address()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no block of " + tenant + " holds "
                                                                         + host.address()));
    }

    private Tenant tenant(LabHost host) {
        String name = host.tenant().orElseThrow(() -> new IllegalArgumentException(host + " is no tenant's"));
        DesiredState desired = storedState().desiredState();
        return desired.tenants().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("tenant " + name + " is not in the stored state"));
    }

    /**
     * Waits until a customer host gets every reply to a short ping of its VIP.
     *
     * @param host customer host
     * @return the last ping
     */
    Lab.Ping awaitVip(LabHost host) {
        String vip = vipOf(host);
        return Poll.until(REACH_TIMEOUT, () -> lab.ping(host.name(), vip, 1, 1), Lab.Ping::allReplied);
    }

    /**
     * Returns the base URL of the REST API.
     *
     * @return e.g. http://127.0.0.1:PORT/onos/tenantnat
     */
    String restBase() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + httpPort + "/onos/tenantnat";
    }

    /**
     * Returns the HTTP port of the host.
     *
     * @return port on 127.0.0.1
     */
    int httpPort() {
        return httpPort;
    }

    /**
     * Returns the HTTP basic-auth credentials as user:password.
     *
     * @return credentials
     */
    String credentials() {
        return credentials;
    }

    /**
     * Returns the directory of this lab's files (config, state, host log, lab run directory).
     *
     * @return directory
     */
    Path directory() {
        return dir;
    }

    /**
     * Lists the customer hosts of a tenant.
     *
     * @param tenant tenant name
     * @return its hosts in the lab
     */
    List<LabHost> hostsOf(String tenant) {
        return lab.customerHosts().stream().filter(h -> h.tenant().orElse("").equals(tenant))
                .collect(Collectors.toList());
    }
}
