package org.tenantnat.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void generatedPasswordIsRandomOwnerReadableAndStable() throws IOException {
        String first = HttpCredentials.generate(dir.resolve("a"));
        assertTrue(first.matches("tenantnat:[A-Za-z0-9_-]{24}"), first);
        assertEquals(first, HttpCredentials.generate(dir.resolve("a")), "a restart keeps the same credentials");
        assertNotEquals(first, HttpCredentials.generate(dir.resolve("b")));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("a").resolve(HttpCredentials.FILE))));
    }
}
