package org.tenantnat.standalone.auth;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The credentials file: one user per line, {@code NAME:ROLE:HASH}, with ROLE {@code viewer} or {@code admin} and
 * HASH a {@link PasswordHash}; blank lines and lines starting with {@code #} are ignored. Written by the
 * {@code passwd} command; read again whenever it changes, so users can be added, changed or removed while the host
 * runs (a file that no longer parses is logged and the users read before stay in force).
 * <p>
 * A password that passed PBKDF2 is remembered for {@value #VERIFIED_MINUTES} minutes as an HMAC under a key that
 * lives only in this process, so that requests carrying the same basic credentials cost a hash each, not 600,000
 * iterations each. A change of the file forgets them all.
 */
public final class UsersFile implements Authenticator {

    /** How long a verified password is remembered. */
    static final long VERIFIED_MINUTES = 10;

    private static final Logger log = LoggerFactory.getLogger(UsersFile.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** Checked against for unknown names, so that they cost as much time as known ones. */
    private static final PasswordHash DUMMY = PasswordHash.of("not the password of anyone");

    private final Path file;
    private final byte[] processKey = new byte[32];
    private final Cache<String, byte[]> verified = CacheBuilder.newBuilder()
            .expireAfterWrite(VERIFIED_MINUTES, TimeUnit.MINUTES).maximumSize(10_000).build();
    private volatile Map<String, Entry> users;
    private FileTime readTime;
    private long readSize;

    private UsersFile(Path file) {
        this.file = file;
        new SecureRandom().nextBytes(processKey);
    }

    /**
     * Reads a credentials file.
     *
     * @param file the file
     * @return the users it holds, kept up to date with the file
     * @throws IllegalArgumentException naming the file and line when it cannot be read or does not parse, or when it
     *                                  holds no user
     */
    public static UsersFile open(Path file) {
        UsersFile users = new UsersFile(file);
        try {
            users.reload();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
        checkArgument(!users.users.isEmpty(), "credentials file %s holds no user (add one with the passwd command)",
                      file);
        return users;
    }

    /**
     * Returns the users in force and their roles.
     *
     * @return user name to role
     */
    public Map<String, Role> roles() {
        refresh();
        Map<String, Role> roles = new LinkedHashMap<>();
        users.forEach((name, entry) -> roles.put(name, entry.role));
        return roles;
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        refresh();
        Entry entry = users.get(name);
        if (entry == null) {
            // Spend the same time as for a known user, so a response time does not tell which names exist.
            DUMMY.matches(password);
            return Optional.empty();
        }
        byte[] seen = mac(name, password);
        byte[] remembered = verified.getIfPresent(name);
        if (remembered != null && MessageDigest.isEqual(remembered, seen)) {
            return Optional.of(new User(name, entry.role));
        }
        if (!entry.hash.matches(password)) {
            return Optional.empty();
        }
        verified.put(name, seen);
        return Optional.of(new User(name, entry.role));
    }

    private byte[] mac(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(processKey, "HmacSHA256"));
            return mac.doFinal((name + '\0' + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Every Java platform has HmacSHA256.
            throw new IllegalStateException(e);
        }
    }

    /** Reads the file again when its time or size changed; a file that cannot be used is logged once. */
    private synchronized void refresh() {
        FileTime time;
        long size;
        try {
            time = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            time = null;
            size = -1;
        }
        if (Objects.equals(time, readTime) && size == readSize) {
            return;
        }
        try {
            reload();
            log.info("credentials file {} read again: {} users", file, users.size());
        } catch (IOException | IllegalArgumentException e) {
            log.error("credentials file {} changed but cannot be used ({}); the {} users read before stay in force",
                      file, e.getMessage(), users.size());
        }
    }

    private synchronized void reload() throws IOException {
        try {
            readTime = Files.getLastModifiedTime(file);
            readSize = Files.size(file);
        } catch (IOException e) {
            readTime = null;
            readSize = -1;
            throw e;
        }
        users = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        verified.invalidateAll();
    }

    private static Map<String, Entry> parse(Path file, List<String> lines) {
        Map<String, Entry> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + "expected NAME:ROLE:HASH");
            }
            try {
                checkName(parts[0]);
                if (users.put(parts[0], new Entry(Role.parse(parts[1]), PasswordHash.parse(parts[2]))) != null) {
                    throw new IllegalArgumentException("user " + parts[0] + " is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return users;
    }

    /**
     * Checks a user name: 1 to 64 letters, digits, {@code . _ @ -}.
     *
     * @param name user name
     * @throws IllegalArgumentException when it is not one
     */
    static void checkName(String name) {
        checkArgument(NAME.matcher(name).matches(),
                      "user name '%s' must be 1 to 64 letters, digits, '.', '_', '@' or '-'", name);
    }

    /**
     * Adds a user to a credentials file, or replaces the user's role and password; other lines stay as they are.
     * The file is written to a temporary file and renamed over the old one, readable by its owner only.
     *
     * @param file credentials file; created when missing
     * @param name user name
     * @param role role
     * @param hash password hash
     * @return true when the user was there before (replaced)
     * @throws IllegalArgumentException when the name is invalid or the file does not parse
     * @throws UncheckedIOException     when the file cannot be read or written
     */
    static boolean put(Path file, String name, Role role, PasswordHash hash) {
        checkName(name);
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
                    : new ArrayList<>(List.of("# tenantnat users: NAME:ROLE:HASH, role viewer or admin; "
                                                      + "written by the passwd command"));
            parse(file, lines);
            String entry = name + ":" + role.fileName() + ":" + hash.encoded();
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith(name + ":")) {
                    lines.set(i, entry);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(entry);
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".users", ".tmp",
                                             PosixFilePermissions.asFileAttribute(
                                                     PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temp, lines, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return replaced;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A user's line. */
    private static final class Entry {
        private final Role role;
        private final PasswordHash hash;

        private Entry(Role role, PasswordHash hash) {
            this.role = role;
            this.hash = hash;
        }
    }
}
