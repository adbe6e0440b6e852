package org.tenantnat.standalone;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus' own checker ({@code promtool}, Debian package prometheus, installed by tools/install-deps.sh): lints
 * a scrape and validates a configuration. Without it a test is skipped with the reason, except in CI
 * ({@code CI=true}), where it fails.
 */
public final class Promtool {

    private Promtool() {
    }

    /**
     * Runs promtool, skipping (or failing in CI) when it is not installed.
     *
     * @param stdin    what to feed it, or null
     * @param args     arguments, e.g. {@code check metrics}
     * @return exit status and output
     */
    public static Result run(String stdin, String... args) {
        Path promtool = find().orElse(null);
        if (promtool == null) {
            String reason = "promtool is missing: apt-get install prometheus (tools/install-deps.sh does)";
            if (inCi()) {
                Assertions.fail(reason);
            }
            Assumptions.abort(reason);
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("promtool did not finish: " + command);
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> find() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                             Stream.of("/usr/bin", "/usr/local/bin"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst();
    }

    private static boolean inCi() {
        String ci = System.getenv().getOrDefault("CI", "").strip();
        return !ci.isEmpty() && !"false".equalsIgnoreCase(ci) && !"0".equals(ci);
    }

    /** What promtool said. */
    public static final class Result {
        private final int exit;
        private final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }

        /**
         * Returns the exit status.
         *
         * @return 0 when the check passed
         */
        public int exit() {
            return exit;
        }

        /**
         * Returns what promtool printed.
         *
         * @return output
         */
        public String output() {
            return output;
        }

        @Override
        public String toString() {
            return "exit " + exit + ":\n" + output;
        }
    }
}
