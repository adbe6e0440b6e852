package org.tenantnat.standalone.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one external command did: its exit status and its output (stdout and stderr together).
 */
final class CommandResult {

    private final List<String> command;
    private final int exit;
    private final String output;

    private CommandResult(List<String> command, int exit, String output) {
        this.command = List.copyOf(command);
        this.exit = exit;
        this.output = output;
    }

    /**
     * Runs a command to its end, or kills it (by its PID) once the timeout passed.
     *
     * @param directory working directory
     * @param timeout   how long it may take
     * @param command   program and arguments
     * @return what it did; exit status -1 when it timed out
     */
    static CommandResult run(Path directory, Duration timeout, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        closeQuietly(process);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return new CommandResult(command, -1, "timed out after " + timeout.toSeconds() + " s\n"
                        + output.getNow(""));
            }
            return new CommandResult(command, process.exitValue(), output.get(timeout.toMillis(),
                                                                              TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            return new CommandResult(command, process.exitValue(), "output unreadable: " + e);
        }
    }

    /** Nothing is typed into the command: its stdin is closed at once. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // A process that already ended has nothing to read anyway.
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the exit status (-1 when the command timed out).
     *
     * @return exit status
     */
    int exit() {
        return exit;
    }

    /**
     * Tells whether the command exited with status 0.
     *
     * @return true on success
     */
    boolean succeeded() {
        return exit == 0;
    }

    /**
     * Returns stdout and stderr as one text.
     *
     * @return output
     */
    String output() {
        return output;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exit + (output.isBlank() ? "" : ":\n" + output.strip());
    }
}
