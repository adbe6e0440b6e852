package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.tenantnat.standalone.ContinuousIntegration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private Open vSwitch for one test class: its own ovsdb-server and ovs-vswitchd with every file (database,
 * sockets, pidfiles, logs) in a temporary directory, stopped by PID afterwards.
 *
 * <p>ovs-vswitchd runs with {@code --enable-dummy=override}: bridges keep {@code datapath_type=netdev} (the
 * userspace datapath that forwards in the lab) but their internal ports are not kernel tap devices. A netdev
 * bridge's tap devices would otherwise clash with any other userspace-datapath OVS in the same network namespace
 * ({@code ovs-netdev} is one per namespace) and outlive a killed daemon.</p>
 */
final class PrivateOvs implements AutoCloseable {

    private static final String SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin",
                                                            "/usr/local/bin", "/sbin", "/bin");

    private final Path dir;
    private final Map<String, String> env;

    private PrivateOvs(Path dir) {
        this.dir = dir;
        this.env = Map.of("OVS_RUNDIR", dir.toString(), "OVS_DBDIR", dir.toString(), "OVS_LOGDIR", dir.toString(),
                          "OVS_SYSCONFDIR", dir.toString(), "OVS_PKGDATADIR", Paths.get(SCHEMA).getParent()
                                  .toString());
    }

    /**
     * Skips the calling test when Open vSwitch is not installed or we are not root; in CI ({@link ContinuousIntegration}) fails
     * instead, because CI must run these tests.
     */
    static void requireOvs() {
        List<String> missing = Stream.of("ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl")
                .filter(tool -> find(tool) == null)
                .collect(Collectors.toList());
        String problem = null;
        if (!missing.isEmpty() || !Files.exists(Paths.get(SCHEMA))) {
            problem = "Open vSwitch is not installed (missing " + (missing.isEmpty() ? SCHEMA : missing)
                    + "): apt-get install -y --no-install-recommends openvswitch-switch";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            problem = "Open vSwitch tests need root";
        }
        if (problem != null) {
            if (ContinuousIntegration.active()) {
                Assertions.fail(problem);
            }
            Assumptions.abort(problem + "; skipped outside CI");
        }
    }

    private static String find(String tool) {
        List<String> path = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        path.addAll(SEARCH_PATH);
        return path.stream()
                .filter(p -> !p.isEmpty())
                .map(p -> Paths.get(p, tool))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst().orElse(null);
    }

    /**
     * Starts ovsdb-server and ovs-vswitchd.
     *
     * @return running switch
     * @throws Exception when a daemon does not start
     */
    static PrivateOvs start() throws Exception {
        PrivateOvs ovs = new PrivateOvs(Files.createTempDirectory("tenantnat-ovs-"));
        try {
            ovs.run("ovsdb-tool", "create", ovs.file("conf.db"), SCHEMA);
            ovs.run("ovsdb-server", ovs.file("conf.db"), "--remote=punix:" + ovs.file("db.sock"),
                    "--pidfile=" + ovs.file("ovsdb-server.pid"), "--unixctl=" + ovs.file("ovsdb-server.ctl"),
                    "--log-file=" + ovs.file("ovsdb-server.log"), "--detach");
            ovs.vsctl("--no-wait", "init");
            ovs.run("ovs-vswitchd", "unix:" + ovs.file("db.sock"), "--pidfile=" + ovs.file("ovs-vswitchd.pid"),
                    "--unixctl=" + ovs.file("ovs-vswitchd.ctl"), "--log-file=" + ovs.file("ovs-vswitchd.log"),
                    "--enable-dummy=override", "--disable-system", "--detach");
            return ovs;
        } catch (Exception | AssertionError e) {
            ovs.close();
            throw e;
        }
    }

    /**
     * Adds a bridge as the lab builds it (userspace datapath, no NORMAL flow, OpenFlow 1.3 only) and points it
     * at a controller; reconnects within a second when the controller goes away.
     *
     * @param datapathId     datapath id
     * @param controllerPort controller's port on 127.0.0.1
     * @return bridge name
     * @throws Exception when ovs-vsctl fails
     */
    String addBridge(long datapathId, int controllerPort) throws Exception {
        String bridge = "tnof" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev", "fail_mode=secure",
              "protocols=OpenFlow13", String.format("other-config:datapath-id=%016x", datapathId));
        vsctl("set-controller", bridge, "tcp:127.0.0.1:" + controllerPort, "--", "set", "controller", bridge,
              "connection-mode=out-of-band", "max_backoff=1000");
        return bridge;
    }

    /**
     * Adds a patch-port pair on a bridge: what goes out of one comes in on the other.
     *
     * @param bridge bridge
     * @param portA  OpenFlow port number of the first
     * @param portB  OpenFlow port number of the second
     * @throws Exception when ovs-vsctl fails
     */
    void addPatchPair(String bridge, int portA, int portB) throws Exception {
        String a = bridge + "a";
        String b = bridge + "b";
        vsctl("add-port", bridge, a, "--", "set", "interface", a, "type=patch", "options:peer=" + b,
              "ofport_request=" + portA,
              "--", "add-port", bridge, b, "--", "set", "interface", b, "type=patch", "options:peer=" + a,
              "ofport_request=" + portB);
    }

    /**
     * Runs ovs-vsctl on this switch's database.
     *
     * @param args arguments
     * @return output
     * @throws Exception when it fails
     */
    String vsctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + file("db.sock"), "--timeout=10"));
        command.addAll(Arrays.asList(args));
        return run(command.toArray(new String[0]));
    }

    /**
     * Runs ovs-ofctl with OpenFlow 1.3 against a bridge of this switch.
     *
     * @param args arguments (command first)
     * @return output
     * @throws Exception when it fails
     */
    String ofctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        command.addAll(Arrays.asList(args));
        return run(command.toArray(new String[0]));
    }

    /**
     * Returns a bridge's flows as ovs-ofctl prints them, without counters, one per line.
     *
     * @param bridge bridge
     * @return flows
     * @throws Exception when ovs-ofctl fails
     */
    List<String> flows(String bridge) throws Exception {
        return Arrays.stream(ofctl("--no-stats", "--no-names", "dump-flows", bridge).split("\n"))
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("OFPST"))
                .collect(Collectors.toList());
    }

    /**
     * Suspends (SIGSTOP) or resumes (SIGCONT) ovs-vswitchd: a suspended switch keeps its connection open but
     * answers nothing.
     *
     * @param suspended true to suspend
     * @throws Exception when kill fails
     */
    void suspendSwitch(boolean suspended) throws Exception {
        run("kill", suspended ? "-STOP" : "-CONT", String.valueOf(pid("ovs-vswitchd.pid")));
    }

    private long pid(String pidfile) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(pidfile)).trim());
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private String run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output
                                          + logTail());
        }
        return output;
    }

    private String logTail() {
        Path log = dir.resolve("ovs-vswitchd.log");
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return "\novs-vswitchd.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                                                                              lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Stops the daemons by PID (resuming a suspended switch first), waits for their pidfiles to disappear, and
     * removes the directory.
     */
    @Override
    public void close() throws Exception {
        try {
            stop("ovs-vswitchd.pid");
            stop("ovsdb-server.pid");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void stop(String pidfile) throws Exception {
        if (!Files.exists(dir.resolve(pidfile))) {
            return;
        }
        long pid = pid(pidfile);
        ProcessHandle daemon = ProcessHandle.of(pid).orElse(null);
        if (daemon == null) {
            return;
        }
        new ProcessBuilder("kill", "-CONT", String.valueOf(pid)).start().waitFor();
        new ProcessBuilder("kill", "-TERM", String.valueOf(pid)).start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (daemon.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (daemon.isAlive()) {
            new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor();
        }
    }
}
