package org.tenantnat.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * What a compiled rule belongs to: the shared pipeline, a tenant, or one access of a tenant. Incremental
 * programming and intent state work per owner.
 */
public final class RuleOwner implements Comparable<RuleOwner> {

    /** Rules no tenant owns: table defaults and the service ports. */
    public static final RuleOwner SHARED = new RuleOwner(null, null);

    private final String tenant;
    private final String service;

    private RuleOwner(String tenant, String service) {
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
        return new RuleOwner(Objects.requireNonNull(tenant), null);
    }

    /**
     * Owner of the rules of one access (tenant may reach service at VIP).
     *
     * @param tenant  tenant name
     * @param service service name
     * @return owner
     */
    public static RuleOwner access(String tenant, String service) {
        return new RuleOwner(Objects.requireNonNull(tenant), Objects.requireNonNull(service));
    }

    /**
     * Returns the tenant, empty for shared rules.
     *
     * @return tenant name
     */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * Returns the service of an access owner, empty otherwise.
     *
     * @return service name
     */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    @Override
    public int compareTo(RuleOwner o) {
        int c = compare(tenant, o.tenant);
        return c != 0 ? c : compare(service, o.service);
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
        return Objects.equals(tenant, that.tenant) && Objects.equals(service, that.service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, service);
    }

    @Override
    public String toString() {
        return tenant == null ? "shared" : service == null ? tenant : tenant + "/" + service;
    }
}
