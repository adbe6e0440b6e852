package org.tenantnat.api;

import org.tenantnat.api.model.Access;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A request to grant a tenant access to a service at a VIP: the body of {@code POST /intents}.
 */
public final class AccessRequest {

    private final String tenant;
    private final Access access;

    /**
     * Creates a request.
     *
     * @param tenant tenant name
     * @param access service and VIP
     */
    public AccessRequest(String tenant, Access access) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.access = checkNotNull(access, "access");
    }

    /**
     * Returns the tenant name.
     *
     * @return tenant
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the service and VIP asked for.
     *
     * @return access
     */
    public Access access() {
        return access;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof AccessRequest && tenant.equals(((AccessRequest) o).tenant)
                && access.equals(((AccessRequest) o).access));
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, access);
    }

    @Override
    public String toString() {
        return tenant + "->" + access;
    }
}
