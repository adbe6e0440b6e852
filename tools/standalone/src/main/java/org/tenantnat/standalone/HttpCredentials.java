package org.tenantnat.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Credentials for the HTTP server when the operator gave none: a random password, kept in the state directory
 * readable by its owner only, so nothing works that the operator did not see.
 */
final class HttpCredentials {

    static final String FILE = "http-credentials";
    private static final String USER = "tenantnat";
    private static final Logger log = LoggerFactory.getLogger(HttpCredentials.class);

    private HttpCredentials() {
    }

    /**
     * Returns the credentials stored in the state directory, generating them on first use.
     *
     * @param stateDirectory state directory
     * @return {@code user:password}
     */
    static String generate(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String credentials = USER + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.createDirectories(stateDirectory);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, credentials + "\n", StandardCharsets.UTF_8);
            log.info("no HTTP credentials given: generated user '{}' with the password in {}", USER, file);
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep HTTP credentials in " + file, e);
        }
    }
}
