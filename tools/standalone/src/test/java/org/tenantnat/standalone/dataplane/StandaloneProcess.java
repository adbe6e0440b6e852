package org.tenantnat.standalone.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The standalone host as a separate JVM, so a test can kill it with SIGKILL like an operator or the OOM killer
 * would. Needs neither root nor Open vSwitch. Its stdout and stderr go to a log file (appended over restarts).
 */
public final class StandaloneProcess {

    private static final String MAIN = "org.tenantnat.standalone.TenantNatStandalone";
    private static final String LISTENING = "OpenFlow 1.3 controller listening on";

    private final List<String> command;
    private final Path log;
    private Process process;
    private long logOffset;

    /**
     * Prepares the command line; nothing runs until {@link #start}.
     *
     * @param log  log file
     * @param args arguments of TenantNatStandalone
     */
    public StandaloneProcess(Path log, List<String> args) {
        this.log = log;
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                // Start fast on a loaded machine; the host's own work is light.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", classPath(), MAIN));
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    /** The test JVM's own class path: target/classes, test classes and every dependency. */
    private static String classPath() {
        // Surefire may hand the forked JVM a manifest-only jar as java.class.path; its real class path is here.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Starts the JVM and waits until its OpenFlow port listens, so the switch finds it at the first attempt.
     *
     * @param timeout how long startup may take
     */
    public void start(Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "=== " + String.join(" ", command.subList(command.indexOf(MAIN), command.size()))
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the standalone host: " + command, e);
        }
        boolean listening = Poll.until(timeout, () -> !process.isAlive() || logSinceStart().contains(LISTENING));
        if (!process.isAlive() || !listening) {
            throw new IllegalStateException("the standalone host did not start listening within "
                    + timeout.toSeconds() + " s (" + (process.isAlive() ? "still running" : "exit "
                    + process.exitValue()) + "):\n" + tail(30));
        }
    }

    /**
     * Returns the PID of the running JVM.
     *
     * @return pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Tells whether the JVM runs.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the JVM with SIGKILL: no shutdown hook, no last write. */
    public void kill9() {
        process.destroyForcibly();
        waitGone(Duration.ofSeconds(10));
    }

    /** Stops the JVM with SIGTERM (its shutdown hook closes the controller), SIGKILL if it lingers. */
    public void stop() {
        if (!isAlive()) {
            return;
        }
        process.destroy();
        if (!waitGone(Duration.ofSeconds(10))) {
            kill9();
        }
    }

    private boolean waitGone(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Returns what the current run logged so far.
     *
     * @return log text since the last start
     */
    public String logSinceStart() {
        String all = readLog();
        return all.length() >= logOffset ? all.substring((int) logOffset) : all;
    }

    /**
     * Returns the last lines of the log.
     *
     * @param lines how many
     * @return tail
     */
    public String tail(int lines) {
        List<String> all = readLog().lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String readLog() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
