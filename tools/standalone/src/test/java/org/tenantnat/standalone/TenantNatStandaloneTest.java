package org.tenantnat.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantNatStandaloneTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TenantNatStandalone.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                                       new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--config FILE"));
    }

    @Test
    void anInvalidConfigNamesEveryFieldAndStartsNothing() throws IOException {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, Files.readString(Path.of("../examples/demo.json"))
                .replace("\"id\": 2,", "\"id\": 1,").replace("\"10.250.0.10\"}]},\n    {\"name\": \"initech\"",
                                                             "\"10.1.1.99\"}]},\n    {\"name\": \"initech\""));
        Path state = dir.resolve("state");
        assertEquals(2, run("--config", config.toString(), "--state", state.toString(), "--openflow",
                            "127.0.0.1:0", "--http", "off"));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("rejected, nothing started"), errors);
        assertTrue(errors.contains("tenants[globex].id"), errors);
        assertTrue(errors.contains("tenants[globex].access[0].vip"), errors);
        assertFalse(Files.exists(state), "no state directory is created for a rejected config");
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        assertEquals(2, run("--config", dir.resolve("absent.json").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read config"));
    }
}
