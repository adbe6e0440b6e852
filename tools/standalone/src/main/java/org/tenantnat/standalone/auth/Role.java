package org.tenantnat.standalone.auth;

import java.util.Locale;
import java.util.Set;

/**
 * What a user may do, in ONOS's terms: the REST resources' own role check (ONOS's AuthorizationFilter) lets the
 * viewer role read and wants the admin role for every change.
 */
public enum Role {
    /** Reads everything, changes nothing. */
    VIEWER(Set.of("viewer")),
    /** Reads and changes. */
    ADMIN(Set.of("admin", "viewer"));

    private final Set<String> onosRoles;

    Role(Set<String> onosRoles) {
        this.onosRoles = onosRoles;
    }

    /**
     * Tells whether a user of this role holds an ONOS role.
     *
     * @param onosRole {@code admin} or {@code viewer}
     * @return true when held
     */
    public boolean holds(String onosRole) {
        return onosRoles.contains(onosRole);
    }

    /**
     * Returns the role's name in the credentials file.
     *
     * @return {@code viewer} or {@code admin}
     */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a role as written in the credentials file.
     *
     * @param text {@code viewer} or {@code admin}
     * @return role
     * @throws IllegalArgumentException for anything else
     */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.fileName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be viewer or admin, not '" + text + "'");
    }
}
