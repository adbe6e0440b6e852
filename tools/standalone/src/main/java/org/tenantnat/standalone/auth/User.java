package org.tenantnat.standalone.auth;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An authenticated user and its role.
 */
public final class User {

    private final String name;
    private final Role role;

    /**
     * Creates a user.
     *
     * @param name user name
     * @param role role
     */
    public User(String name, Role role) {
        this.name = checkNotNull(name, "name");
        this.role = checkNotNull(role, "role");
    }

    /**
     * Returns the user name.
     *
     * @return name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the role.
     *
     * @return role
     */
    public Role role() {
        return role;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof User && name.equals(((User) o).name) && role == ((User) o).role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, role);
    }

    @Override
    public String toString() {
        return name + " (" + role.fileName() + ")";
    }
}
