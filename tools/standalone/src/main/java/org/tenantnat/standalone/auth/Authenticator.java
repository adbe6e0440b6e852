package org.tenantnat.standalone.auth;

import java.util.Optional;

/**
 * Checks a user name and password.
 */
public interface Authenticator {

    /**
     * Checks credentials.
     *
     * @param user     user name
     * @param password password
     * @return the user and its role, empty when the name is unknown or the password wrong
     */
    Optional<User> authenticate(String user, String password);
}
