package org.tenantnat.standalone.dataplane;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap of another JVM (the standalone host) after a full collection, with the JDK's {@code jcmd}: what
 * stays reachable, so a leak shows as growth and garbage does not.
 */
final class HostHeap {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** One line per generation (serial, parallel) or heap (G1): {@code ... total 9792K, used 1234K [...]}. */
    private static final Pattern USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private HostHeap() {
    }

    /**
     * Collects the JVM's garbage (twice: what a first collection finalizes goes in the second) and returns the heap
     * still in use.
     *
     * @param pid the JVM's process id
     * @return bytes in use after the collection
     */
    static long usedAfterGc(long pid) {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        long kib = 0;
        boolean found = false;
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figures in jcmd GC.heap_info:\n" + info);
        }
        return kib * 1024;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        CommandResult result = CommandResult.run(Paths.get("."), TIMEOUT,
                                                 List.of(jcmd.toString(), String.valueOf(pid), command));
        if (!result.succeeded()) {
            throw new IllegalStateException("jcmd " + command + " failed: " + result);
        }
        return result.output();
    }
}
