package org.tenantnat.standalone.dataplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the data-plane tests need from the machine: root and the programs the lab runs. Outside CI a machine without
 * them skips the tests; in CI ({@link org.tenantnat.standalone.ContinuousIntegration}) it fails them, because CI must
 * never skip the data plane.
 */
final class DataplaneRequirements {

    /** Programs lab.sh and the tests run, with the Debian package that brings each. */
    private static final List<String[]> PROGRAMS = List.of(
            new String[] {"ovs-vswitchd", "openvswitch-switch"},
            new String[] {"ovsdb-server", "openvswitch-switch"},
            new String[] {"ovs-vsctl", "openvswitch-switch"},
            new String[] {"ovs-ofctl", "openvswitch-switch"},
            new String[] {"ip", "iproute2"},
            new String[] {"ping", "iputils-ping"},
            new String[] {"ethtool", "ethtool"},
            new String[] {"python3", "python3"},
            new String[] {"traceroute", "traceroute"},
            new String[] {"flock", "util-linux"},
            new String[] {"setsid", "util-linux"});
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin",
                                                            "/usr/local/sbin", "/usr/local/bin");

    private DataplaneRequirements() {
    }

    /**
     * Tells what keeps this machine from running a lab.
     *
     * @param repoRoot repository root, where tools/lab/lab.sh lives
     * @return the problem, empty when the machine can run a lab
     */
    static Optional<String> missing(Path repoRoot) {
        return Optional.ofNullable(problem(repoRoot));
    }

    private static String problem(Path repoRoot) {
        if (!Files.isExecutable(repoRoot.resolve(Lab.SCRIPT))) {
            return repoRoot.resolve(Lab.SCRIPT) + " is missing";
        }
        List<String[]> missing = PROGRAMS.stream().filter(p -> !onPath(p[0])).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            return "missing " + missing.stream().map(p -> p[0]).collect(Collectors.joining(", "))
                    + ": apt-get install -y --no-install-recommends "
                    + missing.stream().map(p -> p[1]).distinct().collect(Collectors.joining(" "));
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "they need root (network namespaces, Open vSwitch); run as root";
        }
        return null;
    }

    private static boolean onPath(String program) {
        List<String> path = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        path.addAll(SEARCH_PATH);
        return path.stream().filter(p -> !p.isEmpty())
                .anyMatch(p -> Files.isExecutable(Paths.get(p, program)));
    }

    /**
     * Finds the repository root from the module directory Maven runs the tests in (tools/standalone).
     *
     * @return repository root
     */
    static Path repoRoot() {
        Path module = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return Stream.of(module, module.getParent() == null ? module : module.getParent().getParent())
                .filter(p -> p != null && Files.isDirectory(p.resolve("tools/lab")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cannot find the repository root (tools/lab) from "
                                                             + module));
    }
}
