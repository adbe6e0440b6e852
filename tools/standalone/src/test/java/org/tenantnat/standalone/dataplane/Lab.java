package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One Open vSwitch lab, driven through {@code tools/lab/lab.sh} with a run directory of its own (so it never meets
 * another lab on the machine). Every method runs one lab.sh command.
 */
final class Lab {

    /** The lab script, relative to the repository root. */
    static final String SCRIPT = "tools/lab/lab.sh";
    /** Port of the echo server in every service namespace (lab.sh's default). */
    static final int ECHO_PORT = 7000;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SEEN_SOURCE = Pattern.compile("SEEN proto=(\\w+) src=([0-9.]+) ");
    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    /** A hop of traceroute -n -q 1: its number and the address that answered. */
    private static final Pattern TRACEROUTE_HOP = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern TRANSFERRED = Pattern.compile("TRANSFER \\w+ bytes=(\\d+) ");
    private static final Pattern ROUTE_MTU = Pattern.compile(" mtu (\\d+)");

    private final Path repoRoot;
    private final Path runDir;
    private List<LabHost> hosts = List.of();
    private String bridge;

    /**
     * Creates the handle; nothing is built until {@link #up}.
     *
     * @param repoRoot repository root
     * @param runDir   run directory of this lab only
     */
    Lab(Path repoRoot, Path runDir) {
        this.repoRoot = repoRoot;
        this.runDir = runDir;
    }

    /**
     * Builds the lab from a scenario with its switch pointed at our controller, and starts the echo server.
     *
     * @param scenario   lab scenario
     * @param controller the controller target, {@code tcp:127.0.0.1:PORT} or {@code ssl:127.0.0.1:PORT} (the
     *                   switch then uses the lab's PKI, see {@link #pki})
     */
    void up(Path scenario, String controller) {
        CommandResult up = run(Duration.ofSeconds(180), "up", scenario.toString(), "--controller", controller,
                               "--serve");
        if (!up.succeeded()) {
            throw new IllegalStateException("lab did not come up: " + up);
        }
        JsonNode show = json(require("show"));
        hosts = StreamSupport.stream(show.path("hosts").spliterator(), false).map(LabHost::of)
                .collect(Collectors.toUnmodifiableList());
        bridge = show.path("switches").path(0).path("bridge").asText();
    }

    /**
     * Creates (once) a PKI made by ovs-pki: the lab's own in its run directory, or another in a directory of its own.
     *
     * @param dir where, empty for the lab's own (the one an {@code ssl:} controller's switch uses)
     * @return file by name: switch-key, switch-cert, controller-key, controller-cert, switch-ca, controller-ca,
     *         https-key, https-cert
     */
    Map<String, Path> pki(Optional<Path> dir) {
        List<String> args = new ArrayList<>(List.of("pki"));
        dir.ifPresent(d -> args.addAll(List.of("--dir", d.toString())));
        Map<String, Path> files = new LinkedHashMap<>();
        for (String line : require(args.toArray(new String[0])).output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                files.put(line.substring(0, eq), Path.of(line.substring(eq + 1)));
            }
        }
        return files;
    }

    /**
     * Tears the lab down; harmless when it never came up.
     *
     * @return what lab.sh did
     */
    CommandResult down() {
        return run(COMMAND_TIMEOUT, "down");
    }

    /**
     * Returns the lab's hosts, as built.
     *
     * @return hosts
     */
    List<LabHost> hosts() {
        return hosts;
    }

    /**
     * Returns one lab host by name.
     *
     * @param name host name
     * @return host
     */
    LabHost host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lab host " + name + " in " + hosts));
    }

    /**
     * Returns the hosts that send as customers: directly attached tenant hosts and hosts behind routers.
     *
     * @return customer hosts
     */
    List<LabHost> customerHosts() {
        return hosts.stream().filter(LabHost::isCustomerHost).collect(Collectors.toList());
    }

    /**
     * Pings from a host.
     *
     * @param host           lab host
     * @param destination    address
     * @param count          echo requests, 0.2 s apart
     * @param timeoutSeconds how long to wait for each reply
     * @return what ping did
     */
    Ping ping(String host, String destination, int count, int timeoutSeconds) {
        return new Ping(run(COMMAND_TIMEOUT, "ping", host, destination, "--count", String.valueOf(count),
                            "--timeout", String.valueOf(timeoutSeconds)));
    }

    /**
     * Opens one TCP connection from a host to the echo server.
     *
     * @param host        lab host
     * @param destination address
     * @return the source the service saw, empty when no reply came back
     */
    Optional<String> tcp(String host, String destination) {
        return seenSource(run(COMMAND_TIMEOUT, "tcp", host, destination, "--timeout", "2"));
    }

    /**
     * Sends one UDP datagram from a host to the echo server.
     *
     * @param host        lab host
     * @param destination address
     * @return the source the service saw, empty when no reply came back
     */
    Optional<String> udp(String host, String destination) {
        return udp(host, destination, 2);
    }

    /**
     * Sends one UDP datagram from a host to the echo server port and waits a while for the reply.
     *
     * @param host           lab host
     * @param destination    address
     * @param timeoutSeconds how long to wait for the reply
     * @return the source the service saw, empty when no reply came back
     */
    Optional<String> udp(String host, String destination, int timeoutSeconds) {
        return seenSource(run(COMMAND_TIMEOUT, "udp", host, destination, "--timeout",
                              String.valueOf(timeoutSeconds)));
    }

    /**
     * Moves bytes over one TCP connection between a host and the echo server.
     *
     * @param direction upload (to the service) or download (from it)
     * @param host      lab host
     * @param vip       address of the service
     * @param bytes     how many
     * @return bytes that arrived, 0 when the transfer failed
     */
    long transfer(String direction, String host, String vip, long bytes) {
        CommandResult result = run(COMMAND_TIMEOUT, direction, host, vip, "--bytes", String.valueOf(bytes),
                                   "--timeout", "20");
        Matcher m = TRANSFERRED.matcher(result.output());
        return result.succeeded() && m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Reads the path MTU a host's kernel learned for a destination (its route cache, {@code ip route get}).
     *
     * @param host        lab host
     * @param destination address
     * @return the MTU, empty when the route carries none (the interface MTU applies)
     */
    Optional<Integer> pathMtu(String host, String destination) {
        CommandResult route = exec(host, "ip", "route", "get", destination);
        if (!route.succeeded()) {
            throw new IllegalStateException(route.toString());
        }
        Matcher m = ROUTE_MTU.matcher(route.output());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static Optional<String> seenSource(CommandResult reply) {
        Matcher m = SEEN_SOURCE.matcher(reply.output());
        return reply.succeeded() && m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /**
     * Returns every SEEN line the echo servers logged, including those whose reply never got back.
     *
     * @return log lines
     */
    List<String> seen() {
        return require("seen").output().lines().filter(l -> l.startsWith("SEEN ")).collect(Collectors.toList());
    }

    /**
     * Returns the sources the echo servers logged for one protocol, in order.
     *
     * @param proto tcp or udp
     * @return source addresses
     */
    List<String> seenSources(String proto) {
        return seen().stream().map(SEEN_SOURCE::matcher).filter(Matcher::find)
                .filter(m -> m.group(1).equals(proto)).map(m -> m.group(2)).collect(Collectors.toList());
    }

    /**
     * Reads the switch's flow table without counters or port names, so two reads of an unchanged table are equal.
     *
     * @return flow table
     */
    FlowTable flows() {
        return flows(bridge);
    }

    /**
     * Reads one switch's flow table without counters or port names.
     *
     * @param switchBridge the switch's bridge name
     * @return flow table
     */
    FlowTable flows(String switchBridge) {
        return FlowTable.parse(require("ofctl", "--no-stats", "--no-names", "dump-flows", switchBridge).output());
    }

    /**
     * Takes the link at a switch port down or up (both ends lose or regain carrier).
     *
     * @param port connect point of one end, e.g. of:0000000000000001/10
     * @param up   true to bring it up
     */
    void link(String port, boolean up) {
        require("link", up ? "up" : "down", port);
    }

    /**
     * Makes one switch drop its controller connection and flow table and connect again, as after a reboot.
     *
     * @param switchBridge the switch's bridge name
     */
    void bounceSwitch(String switchBridge) {
        require("bounce-switch", switchBridge);
    }

    /** Restarts ovs-vswitchd: same bridges and ports, empty flow tables. */
    void restartSwitch() {
        require("restart-switch");
    }

    /**
     * Waits until the switch is connected to its controller.
     *
     * @param timeout how long
     * @return whether it connected in time
     */
    boolean waitConnected(Duration timeout) {
        return run(timeout.plusSeconds(10), "wait-connected", "--timeout", String.valueOf(timeout.toSeconds()))
                .succeeded();
    }

    /**
     * Runs a command inside a host's namespace.
     *
     * @param host    lab host
     * @param command program and arguments
     * @return what it did
     */
    CommandResult exec(String host, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", host, "--"));
        args.addAll(Arrays.asList(command));
        return run(COMMAND_TIMEOUT, args.toArray(new String[0]));
    }

    /**
     * Runs a UDP traceroute from a lab host, one probe per hop, and returns the address each hop answered from.
     *
     * @param host        lab host
     * @param destination address traced
     * @param maxHops     most hops probed
     * @return the answering addresses, nearest first
     * @throws AssertionError when traceroute did not run to the end
     */
    List<String> tracerouteHops(String host, String destination, int maxHops) {
        CommandResult trace = exec(host, "traceroute", "-n", "-q", "1", "-w", "2", "-m", String.valueOf(maxHops),
                                   destination);
        if (!trace.succeeded()) {
            throw new AssertionError("traceroute " + host + " -> " + destination + ": " + trace);
        }
        System.out.println(trace.output());
        List<String> hops = new ArrayList<>();
        Matcher m = TRACEROUTE_HOP.matcher(trace.output());
        while (m.find()) {
            hops.add(m.group(2));
        }
        return hops;
    }

    /**
     * Counts, per lab host, the probes its network stack has received so far: ICMP echo requests ({@code Icmp:
     * InEchos}) and UDP datagrams, to an open port or not ({@code Udp: InDatagrams + NoPorts}). ARP is not counted.
     *
     * @return counter per host name
     */
    Map<String, Long> probesReceived() {
        String script = hosts.stream()
                .map(h -> "echo '== " + h.name() + "'; ip netns exec " + h.namespace() + " cat /proc/net/snmp")
                .collect(Collectors.joining("; "));
        CommandResult snmp = CommandResult.run(repoRoot, COMMAND_TIMEOUT, List.of("bash", "-c", script));
        if (!snmp.succeeded()) {
            throw new IllegalStateException("cannot read the hosts' SNMP counters: " + snmp);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        String host = null;
        List<String> header = List.of();
        for (String line : snmp.output().split("\n")) {
            if (line.startsWith("== ")) {
                host = line.substring(3);
                counters.put(host, 0L);
            } else if (header.isEmpty() || !line.startsWith(header.get(0))) {
                header = Arrays.asList(line.split(" "));
            } else {
                List<String> values = Arrays.asList(line.split(" "));
                List<String> names = header;
                long sum = Stream.of("Icmp: InEchos", "Udp: InDatagrams", "Udp: NoPorts")
                        .filter(c -> c.startsWith(names.get(0)))
                        .mapToLong(c -> Long.parseLong(values.get(names.indexOf(c.substring(c.indexOf(' ') + 1)))))
                        .sum();
                counters.merge(host, sum, Long::sum);
                header = List.of();
            }
        }
        return counters;
    }

    /**
     * Counts the frames a host has sent on its eth0 so far.
     *
     * @param host lab host
     * @return transmitted packets
     */
    long framesSent(String host) {
        String dev = exec(host, "cat", "/proc/net/dev").output();
        return dev.lines().map(String::strip).filter(l -> l.startsWith("eth0:"))
                .map(l -> l.substring(5).strip().split("\\s+"))
                .mapToLong(f -> Long.parseLong(f[9])).findFirst()
                .orElseThrow(() -> new IllegalStateException(host + " has no eth0: " + dev));
    }

    /**
     * Runs a lab.sh command and fails when it does.
     *
     * @param args command and arguments
     * @return its result
     */
    CommandResult require(String... args) {
        CommandResult result = run(COMMAND_TIMEOUT, args);
        if (!result.succeeded()) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /**
     * Runs a lab.sh command on this lab.
     *
     * @param timeout how long it may take
     * @param args    command and arguments
     * @return its result
     */
    CommandResult run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(repoRoot.resolve(SCRIPT).toString(), "--run-dir",
                                                       runDir.toString()));
        command.addAll(Arrays.asList(args));
        return CommandResult.run(repoRoot, timeout, command);
    }

    private static JsonNode json(CommandResult result) {
        try {
            return new ObjectMapper().readTree(result.output());
        } catch (IOException e) {
            throw new UncheckedIOException("lab.sh show printed no JSON: " + result, e);
        }
    }

    /**
     * What one run of ping did.
     */
    static final class Ping {
        private final CommandResult result;
        private final int sent;
        private final int received;

        Ping(CommandResult result) {
            this.result = result;
            Matcher m = PING_SUMMARY.matcher(result.output());
            boolean summary = m.find();
            this.sent = summary ? Integer.parseInt(m.group(1)) : 0;
            this.received = summary ? Integer.parseInt(m.group(2)) : 0;
        }

        /** Echo requests sent. */
        int sent() {
            return sent;
        }

        /** Echo replies received. */
        int received() {
            return received;
        }

        /** Tells whether every request got its reply. */
        boolean allReplied() {
            return sent > 0 && received == sent;
        }

        @Override
        public String toString() {
            return result.toString();
        }
    }
}
