package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * What a compiled rule belongs to: the shared pipeline, a tenant, one access of a tenant, or the bindings of one
 * host of a dynamic or pat tenant. Incremental programming and intent state work per owner; a binding owner is
 * compiled and sent alone, so a host's first packet costs its own rules only.
 */
public final class RuleOwner implements Comparable<RuleOwner> {

    /** Rules no tenant owns: table defaults and the service ports. */
    public static final RuleOwner SHARED = new RuleOwner(null, null, null);

    private final String tenant;
    private final String service;
    private final Ip4Address host;

    private RuleOwner(String tenant, String service, Ip4Address host) {
        this.tenant = tenant;
        this.service = service;
        this.host = host;
    }

    /**
     * Owner of a tenant's own rules (classifier, source translation, return path).
     *
     * @param tenant tenant name
     * @return owner
     */
    public static RuleOwner tenant(String tenant) {
        return new RuleOwner(Objects.requireNonNull(tenant), null, null);
    }

    /**
     * Owner of the rules of one access (tenant may reach service at VIP).
     *
     * @param tenant  tenant name
     * @param service service name
     * @return owner
     */
    public static RuleOwner access(String tenant, String service) {
        return new RuleOwner(Objects.requireNonNull(tenant), Objects.requireNonNull(service), null);
    }

    /**
     * Owner of the rules of one host's bindings (its translated address or port blocks, both ways).
     *
     * @param tenant tenant name
     * @param host   customer host
     * @return owner
     */
    public static RuleOwner binding(String tenant, Ip4Address host) {
        return new RuleOwner(Objects.requireNonNull(tenant), null, Objects.requireNonNull(host));
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

    /**
     * Returns the host of a binding owner, empty otherwise.
     *
     * @return customer host
     */
    public Optional<Ip4Address> host() {
        return Optional.ofNullable(host);
    }

    @Override
    public int compareTo(RuleOwner o) {
        int c = compare(tenant, o.tenant);
        if (c == 0) {
            c = compare(service, o.service);
        }
        if (c != 0 || Objects.equals(host, o.host)) {
            return c;
        }
        return host == null ? -1 : o.host == null ? 1 : Long.compare(Integer.toUnsignedLong(host.toInt()),
                                                                      Integer.toUnsignedLong(o.host.toInt()));
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
        return Objects.equals(tenant, that.tenant) && Objects.equals(service, that.service)
                && Objects.equals(host, that.host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, service, host);
    }

    @Override
    public String toString() {
        return tenant == null ? "shared" : service != null ? tenant + "/" + service
                : host != null ? tenant + "@" + host : tenant;
    }
}
