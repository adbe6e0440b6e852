package org.tenantnat.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.standalone.history.FileChangeHistory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HTTP limit flags reach the standalone host's HTTP server: a header block the default limit (16 KiB) lets
 * through is refused with 431 by a host started with a smaller {@code --http-max-header-bytes}.
 */
class HttpLimitFlagsTest {

    private static final String CREDENTIALS = "ops:flag-test-secret";

    @TempDir
    Path dir;

    private StandaloneHost host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private URI start(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state", dir.resolve("state").toString(), "--credentials",
                                                    CREDENTIALS, "--http", "127.0.0.1:0", "--openflow",
                                                    "127.0.0.1:0"));
        args.addAll(List.of(more));
        StandaloneOptions options = StandaloneOptions.parse(args.toArray(new String[0]), Map.of());
        host = new StandaloneHost(options, new FileStateStore(dir.resolve("state")),
                                  FileChangeHistory.open(dir.resolve("state"), options.historyRetention(),
                                                         Clock.systemUTC()));
        host.start(Optional.empty());
        return host.apiUri().orElseThrow();
    }

    /** Sends a GET with an 8 KiB header over a raw socket and returns the status line's code. */
    private static String statusWithAnEightKibHeader(URI api) throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + api.getPath() + "tenants HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(UTF_8)) + "\r\nX-Padding: "
                    + "x".repeat(8 * 1024) + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8)).readLine();
            return line.split(" ")[1];
        }
    }

    @Test
    void aHostStartedWithASmallerHeaderLimitRefusesWhatTheDefaultLetsThrough() throws IOException {
        assertEquals("200", statusWithAnEightKibHeader(start()), "8 KiB of headers is within the default");
        host.close();
        host = null;

        assertEquals("431", statusWithAnEightKibHeader(start("--http-max-header-bytes", "4096")));
    }
}
