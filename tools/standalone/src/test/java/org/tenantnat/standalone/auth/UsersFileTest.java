package org.tenantnat.standalone.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsersFileTest {

    private static final int CHEAP = 1000;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("users");
    }

    private void put(String name, Role role, String password) {
        UsersFile.put(file(), name, role, PasswordHash.of(password, CHEAP));
    }

    /** Marks the file as changed, as a later write would, whatever the file system's time resolution. */
    private void touch(int secondsLater) throws IOException {
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void usersAreAuthenticatedWithTheirRole() {
        put("alice", Role.ADMIN, "alice-password");
        put("victor", Role.VIEWER, "victor-password");
        UsersFile users = UsersFile.open(file());

        assertEquals(Optional.of(new User("alice", Role.ADMIN)), users.authenticate("alice", "alice-password"));
        assertEquals(Optional.of(new User("victor", Role.VIEWER)), users.authenticate("victor", "victor-password"));
        assertEquals(Optional.of(new User("victor", Role.VIEWER)), users.authenticate("victor", "victor-password"),
                     "again, from the remembered verification");
        assertEquals(Optional.empty(), users.authenticate("alice", "victor-password"));
        assertEquals(Optional.empty(), users.authenticate("mallory", "alice-password"));
        assertEquals(Map.of("alice", Role.ADMIN, "victor", Role.VIEWER), users.roles());
    }

    @Test
    void passwordsAreStoredHashedOnly() throws IOException {
        put("alice", Role.ADMIN, "alice-password");

        String text = Files.readString(file());
        assertTrue(text.contains("alice:admin:pbkdf2-sha256$1000$"), text);
        assertTrue(!text.contains("alice-password"), text);
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        String hash = PasswordHash.of("some-password", CHEAP).encoded();
        Map<String, String> bad = Map.of(
                "# users\nalice:admin\n", "line 2: expected NAME:ROLE:HASH",
                "alice:root:" + hash + "\n", "line 1: role must be viewer or admin, not 'root'",
                "alice:admin:secret\n", "line 1: password hash must be pbkdf2-sha256",
                "alice:admin:" + hash + "\n\nalice:viewer:" + hash + "\n", "line 3: user alice is listed twice",
                "al ice:admin:" + hash + "\n", "line 1: user name 'al ice' must be");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Files.writeString(file(), e.getKey());
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                                                          () -> UsersFile.open(file()));
            assertTrue(error.getMessage().startsWith(file() + " " + e.getValue()), error.getMessage());
        }
    }

    @Test
    void aFileWithoutUsersOrNoFileIsRefused() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.open(file())).getMessage()
                           .startsWith("cannot read credentials file " + file()));
        Files.writeString(file(), "# nobody yet\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.open(file())).getMessage()
                           .contains("holds no user"));
    }

    @Test
    void changesOfTheFileApplyWithoutRestart() throws IOException {
        put("alice", Role.ADMIN, "alice-password");
        UsersFile users = UsersFile.open(file());
        assertTrue(users.authenticate("alice", "alice-password").isPresent());

        put("alice", Role.VIEWER, "new-alice-password");
        put("bob", Role.ADMIN, "bob-password");
        touch(1);

        assertEquals(Optional.empty(), users.authenticate("alice", "alice-password"),
                     "the old password is forgotten, remembered verification included");
        assertEquals(Optional.of(new User("alice", Role.VIEWER)), users.authenticate("alice", "new-alice-password"));
        assertEquals(Optional.of(new User("bob", Role.ADMIN)), users.authenticate("bob", "bob-password"));
    }

    @Test
    void aChangedFileThatNoLongerParsesLeavesTheUsersReadBefore() throws IOException {
        put("alice", Role.ADMIN, "alice-password");
        UsersFile users = UsersFile.open(file());

        Files.write(file(), List.of("alice:admin:not-a-hash"));
        touch(1);

        assertEquals(Optional.of(new User("alice", Role.ADMIN)), users.authenticate("alice", "alice-password"));
    }

    @Test
    void putKeepsCommentsAndOtherUsersAndTheFileReadableByItsOwnerOnly() throws IOException {
        Files.writeString(file(), "# ops team\n");
        put("alice", Role.ADMIN, "alice-password");
        put("victor", Role.VIEWER, "victor-password");
        put("alice", Role.VIEWER, "alice-password-2");

        List<String> lines = Files.readAllLines(file());
        assertEquals("# ops team", lines.get(0));
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(1).startsWith("alice:viewer:"), lines::toString);
        assertTrue(lines.get(2).startsWith("victor:viewer:"), lines::toString);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file())));
    }
}
