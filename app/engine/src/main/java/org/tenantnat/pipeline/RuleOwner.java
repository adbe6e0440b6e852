package org.tenantnat.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * What a compiled rule belongs to: the shared pipeline, a tenant, one access of a tenant, a tenant's route (its
 * translated blocks routed toward its edge switch) or a service's route (its address routed toward its switch).
 * Incremental programming and intent state work per owner.
 */
public final class RuleOwner implements Comparable<RuleOwner> {

    /** What kind of rules an owner has. */
    public enum Kind {
        /** Table defaults, service ports and ports toward other switches. */
        SHARED,
        /** A tenant's own rules on its edge switch: classifier, source translation, return path. */
        TENANT,
        /** One access of a tenant on its edge switch: its VIP. */
        ACCESS,
        /** A tenant's translated blocks routed toward its edge switch, on a switch between it and its services. */
        TENANT_ROUTE,
        /** A service's address routed toward the service's switch, or delivered to its port there. */
        SERVICE_ROUTE
    }

    /** Rules no tenant owns: table defaults, the service ports and the ports toward other switches. */
    public static final RuleOwner SHARED = new RuleOwner(Kind.SHARED, null, null);

    private final Kind kind;
    private final String tenant;
    private final String service;

    private RuleOwner(Kind kind, String tenant, String service) {
        this.kind = kind;
        this.tenant = tenant;
        this.service = service;
    }

    /**
     * Owner of a tenant's own rules (classifier, source translation, return path).
     *
     * @param tenant tenant name
     * @return owner
     */
    public static RuleOwner tenant(String tenant) {
        return new RuleOwner(Kind.TENANT, Objects.requireNonNull(tenant), null);
    }

    /**
     * Owner of the rules of one access (tenant may reach service at VIP).
     *
     * @param tenant  tenant name
     * @param service service name
     * @return owner
     */
    public static RuleOwner access(String tenant, String service) {
        return new RuleOwner(Kind.ACCESS, Objects.requireNonNull(tenant), Objects.requireNonNull(service));
    }

    /**
     * Owner of a tenant's route: its translated blocks toward its edge switch, on the switches its services'
     * replies cross.
     *
     * @param tenant tenant name
     * @return owner
     */
    public static RuleOwner tenantRoute(String tenant) {
        return new RuleOwner(Kind.TENANT_ROUTE, Objects.requireNonNull(tenant), null);
    }

    /**
     * Owner of a service's route: its address toward its switch, on the switches its users' packets cross.
     *
     * @param service service name
     * @return owner
     */
    public static RuleOwner serviceRoute(String service) {
        return new RuleOwner(Kind.SERVICE_ROUTE, null, Objects.requireNonNull(service));
    }

    /**
     * Returns the kind of rules the owner has.
     *
     * @return kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the tenant of a tenant, access or tenant-route owner, empty otherwise.
     *
     * @return tenant name
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * Returns the service of an access or service-route owner, empty otherwise.
     *
     * @return service name
     */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    @Override
    public int compareTo(RuleOwner o) {
        int c = compare(tenant, o.tenant);
        c = c != 0 ? c : compare(service, o.service);
        return c != 0 ? c : kind.compareTo(o.kind);
    }

    private static int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RuleOwner)) {
            return false;
        }
        RuleOwner that = (RuleOwner) o;
        return kind == that.kind && Objects.equals(tenant, that.tenant) && Objects.equals(service, that.service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, tenant, service);
    }

    /**
     * Names the owner uniquely (names hold no ':'): {@code shared}, {@code acme}, {@code acme/backup},
     * {@code route:acme}, {@code service:backup}.
     */
    @Override
    public String toString() {
        switch (kind) {
            case SHARED:
                return "shared";
            case TENANT:
                return tenant;
            case ACCESS:
                return tenant + "/" + service;
            case TENANT_ROUTE:
                return "route:" + tenant;
            default:
                return "service:" + service;
        }
    }
}
