package org.tenantnat.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.standalone.http.StandaloneHttpServer;
import org.tenantnat.web.TestRuntime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code apply FILE} sends an edited desired-state file to a running host, which applies it or refuses it whole.
 */
class ApplyCommandTest {

    private static final String CREDENTIALS = "operator:s3cret-Passw0rd";

    @TempDir
    Path dir;

    private TestRuntime nat;
    private StandaloneHttpServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        nat = new TestRuntime();
        server = new StandaloneHttpServer(new InetSocketAddress("127.0.0.1", 0), CREDENTIALS, nat.runtime());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        nat.close();
    }

    private int apply(String json, String... more) throws IOException {
        return apply(server.port(), json, more);
    }

    private int apply(int port, String json, String... more) throws IOException {
        Path file = dir.resolve("edited.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        String[] args = new String[3 + more.length];
        args[0] = file.toString();
        args[1] = "--http";
        args[2] = "127.0.0.1:" + port;
        System.arraycopy(more, 0, args, 3, more.length);
        return ApplyCommand.run(args, Map.of(StandaloneOptions.CREDENTIALS_ENV, CREDENTIALS),
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String withoutFirstTenant() {
        DesiredState now = nat.runtime().desiredState();
        String first = now.tenants().get(0).name();
        return LocalCodecContext.withTenantNatCodecs().encode(now.withoutTenant(first), DesiredState.class)
                .toString();
    }

    @Test
    void anEditedFileIsAppliedToTheRunningHost() throws IOException {
        int tenants = nat.runtime().desiredState().tenants().size();

        assertEquals(0, apply(withoutFirstTenant()), err.toString(StandardCharsets.UTF_8));

        assertEquals(tenants - 1, nat.runtime().desiredState().tenants().size());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains((tenants - 1) + " tenants"), out.toString());
    }

    @Test
    void aFileWithErrorsIsRefusedByFieldAndChangesNothing() throws IOException {
        DesiredState before = nat.runtime().desiredState();
        String bad = withoutFirstTenant().replaceFirst("\"id\":\\s*\\d+", "\"id\":0");

        assertEquals(1, apply(bad));

        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("refused (HTTP 400), nothing changed"), errors);
        assertTrue(errors.contains("].id: 0 is out of range 1..65535"), errors);
        assertEquals(before, nat.runtime().desiredState());
    }

    @Test
    void wrongCredentialsOrNoHostAreClearErrors() throws IOException {
        assertEquals(1, apply(withoutFirstTenant(), "--credentials", "operator:wrong"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("HTTP 401"), err.toString());
        int port = server.port();
        server.stop();
        assertEquals(2, apply(port, withoutFirstTenant()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot reach the host"), err.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("applied"));
    }
}
