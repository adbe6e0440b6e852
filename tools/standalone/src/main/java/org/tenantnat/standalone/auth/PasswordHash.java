package org.tenantnat.standalone.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Password hashes of the credentials file: PBKDF2 with HMAC-SHA-256, a random 16-byte salt and 600,000 iterations,
 * written as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64).
 * <p>
 * Why PBKDF2 through the JDK ({@code javax.crypto}'s PBKDF2WithHmacSHA256) rather than a bcrypt or Argon2 library:
 * it is in every Java runtime, maintained with it and FIPS-approved, it adds no dependency to the host, and
 * 600,000 iterations is what OWASP's password storage guidance asks of PBKDF2-HMAC-SHA256. Its cost is paid once
 * per user and password: {@link UsersFile} remembers a verified password for a while, so a GUI refreshing every
 * 1.5 s does not hash on every request.
 */
public final class PasswordHash {

    /** Iterations of new hashes. */
    public static final int ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes a password with a fresh salt.
     *
     * @param password password
     * @return the hash
     */
    public static PasswordHash of(String password) {
        return of(password, ITERATIONS);
    }

    /**
     * Hashes a password with a fresh salt and a given cost (tests use fewer iterations).
     *
     * @param password   password
     * @param iterations PBKDF2 iterations, at least 1
     * @return the hash
     */
    static PasswordHash of(String password, int iterations) {
        checkArgument(!password.isEmpty(), "the password must not be empty");
        checkArgument(iterations > 0, "iterations must be positive");
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /**
     * Parses a hash as written in the credentials file.
     *
     * @param encoded {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}
     * @return the hash
     * @throws IllegalArgumentException when it is not of that form
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        checkArgument(parts.length == 4 && SCHEME.equals(parts[0]),
                      "password hash must be " + SCHEME + "$ITERATIONS$SALT$HASH (run the passwd command)");
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            checkArgument(iterations > 0 && salt.length > 0 && hash.length > 0, "empty or zero part");
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash is malformed (" + e.getMessage()
                                               + "); run the passwd command", e);
        }
    }

    /**
     * Tells whether a password is the one hashed. Takes as long whatever part of the password is right.
     *
     * @param password password to check
     * @return true when it matches
     */
    public boolean matches(String password) {
        // No password is ever hashed empty; PBKDF2 refuses an empty key.
        return !password.isEmpty() && MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    /**
     * Returns the hash as written in the credentials file.
     *
     * @return encoded hash
     */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * Byte.SIZE);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 8+ platform has PBKDF2WithHmacSHA256.
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String toString() {
        return SCHEME + " (" + iterations + " iterations)";
    }
}
