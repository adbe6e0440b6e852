package org.tenantnat.standalone.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One admin user given as {@code user:password} ({@code --credentials}, {@code TENANTNAT_HTTP_CREDENTIALS} or the
 * generated {@code STATE/http-credentials}): the host's behaviour before credentials files existed.
 * <p>
 * Credentials are compared as SHA-256 digests with {@link MessageDigest#isEqual}: the time taken tells nothing about
 * how much of a guess was right, nor about the length of the password.
 */
public final class SingleAdmin implements Authenticator {

    private final User user;
    private final byte[] expected;

    /**
     * Creates the authenticator.
     *
     * @param credentials {@code user:password}; both parts non-empty, the user without a colon
     * @throws IllegalArgumentException when the credentials are not of that form
     */
    public SingleAdmin(String credentials) {
        checkArgument(credentials != null, "HTTP credentials are required (user:password)");
        int colon = credentials.indexOf(':');
        checkArgument(colon > 0 && colon < credentials.length() - 1,
                      "HTTP credentials must be user:password with a non-empty user and password");
        this.user = new User(credentials.substring(0, colon), Role.ADMIN);
        this.expected = digest(credentials);
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return MessageDigest.isEqual(expected, digest(name + ":" + password)) ? Optional.of(user) : Optional.empty();
    }

    private static byte[] digest(String credentials) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
