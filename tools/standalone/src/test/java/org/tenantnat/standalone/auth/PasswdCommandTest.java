package org.tenantnat.standalone.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswdCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int passwd(String stdin, String... args) {
        return PasswdCommand.run(args, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                                 new PrintStream(out, true, StandardCharsets.UTF_8),
                                 new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void addsAUserWithThePasswordFromStandardInputThenReplacesIt() throws IOException {
        Path file = dir.resolve("etc/users");

        assertEquals(0, passwd("first-password\nignored second line\n", file.toString(), "alice", "admin"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("added user alice (admin) in " + file));
        assertEquals(Optional.of(new User("alice", Role.ADMIN)),
                     UsersFile.open(file).authenticate("alice", "first-password"));

        assertEquals(0, passwd("second-password\n", file.toString(), "alice", "viewer"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("replaced user alice (viewer)"));
        UsersFile users = UsersFile.open(file);
        assertEquals(Optional.of(new User("alice", Role.VIEWER)), users.authenticate("alice", "second-password"));
        assertEquals(Optional.empty(), users.authenticate("alice", "first-password"));
        assertTrue(Files.readString(file).contains("alice:viewer:pbkdf2-sha256$600000$"));
    }

    @Test
    void refusalsWriteNothingAndExitTwo() {
        Path file = dir.resolve("users");

        assertEquals(2, passwd("short\n", file.toString(), "alice", "admin"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at least 8 characters"));
        assertEquals(2, passwd("long-enough\n", file.toString(), "alice", "root"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("role must be viewer or admin, not 'root'"));
        assertEquals(2, passwd("long-enough\n", file.toString(), "al:ice", "admin"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("user name 'al:ice' must be"));
        assertEquals(2, passwd("", file.toString(), "alice", "admin"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no password on standard input"));
        assertEquals(2, passwd("long-enough\n", file.toString(), "alice"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: java -jar tenantnat-standalone.jar passwd"));
        assertFalse(Files.exists(file));
    }

    @Test
    void aFileThatDoesNotParseIsLeftAlone() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "alice:admin:plaintext\n");

        assertEquals(2, passwd("long-enough\n", file.toString(), "bob", "admin"));

        assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 1"), err::toString);
        assertEquals("alice:admin:plaintext\n", Files.readString(file));
    }
}
