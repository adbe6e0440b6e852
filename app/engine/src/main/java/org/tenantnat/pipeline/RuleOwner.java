package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * What a compiled rule belongs to: the shared pipeline, a tenant, one access of a tenant, the bindings of one host
 * of a dynamic or pat tenant, a tenant's route (its translated blocks routed toward its edge switch) or a service's
 * route (its address routed toward its switch). Incremental programming and intent state work per owner; a binding
 * owner is compiled and sent alone, so a host's first packet costs its own rules only.
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
        /** One host's bindings of a dynamic or pat tenant on its edge switch. */
        BINDING,
        /** A tenant's translated blocks routed toward its edge switch, on a switch between it and its services. */
        TENANT_ROUTE,
        /** A service's address routed toward the service's switch, or delivered to its port there. */
        SERVICE_ROUTE
    }

    /** Rules no tenant owns: table defaults, the service ports and the ports toward other switches. */
    public static final RuleOwner SHARED = new RuleOwner(Kind.SHARED, null, null, null);

    private final Kind kind;
    private final String tenant;
    private final String service;
    private final Ip4Address host;

    private RuleOwner(Kind kind, String tenant, String service, Ip4Address host) {
        this.kind = kind;
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
        return new RuleOwner(Kind.TENANT, Objects.requireNonNull(tenant), null, null);
    }

    /**
     * Owner of the rules of one access (tenant may reach service at VIP).
     *
     * @param tenant  tenant name
     * @param service service name
     * @return owner
     */
    public static RuleOwner access(String tenant, String service) {
        return new RuleOwner(Kind.ACCESS, Objects.requireNonNull(tenant), Objects.requireNonNull(service), null);
    }

    /**
     * Owner of the rules of one host's bindings (its translated address or port blocks, both ways).
     *
     * @param tenant tenant name
     * @param host   customer host
     * @return owner
     */
    public static RuleOwner binding(String tenant, Ip4Address host) {
        return new RuleOwner(Kind.BINDING, Objects.requireNonNull(tenant), null, Objects.requireNonNull(host));
    }

    /**
     * Owner of a tenant's route: its translated blocks (or its pool block) toward its edge switch, on the switches
     * its services' replies cross.
     *
     * @param tenant tenant name
     * @return owner
     */
    public static RuleOwner tenantRoute(String tenant) {
        return new RuleOwner(Kind.TENANT_ROUTE, Objects.requireNonNull(tenant), null, null);
    }

    /**
     * Owner of a service's route: its address toward its switch, on the switches its users' packets cross.
     *
     * @param service service name
     * @return owner
     */
    public static RuleOwner serviceRoute(String service) {
        return new RuleOwner(Kind.SERVICE_ROUTE, null, Objects.requireNonNull(service), null);
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
     * Returns the tenant of a tenant, access, binding or tenant-route owner, empty otherwise.
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
        c = c != 0 ? c : compare(service, o.service);
        c = c != 0 ? c : kind.compareTo(o.kind);
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
        return kind == that.kind && Objects.equals(tenant, that.tenant) && Objects.equals(service, that.service)
                && Objects.equals(host, that.host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, tenant, service, host);
    }

    /**
     * Names the owner uniquely (names hold no ':' or '@'): {@code shared}, {@code acme}, {@code acme/backup},
     * {@code acme@10.0.0.5}, {@code route:acme}, {@code service:backup}.
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
            case BINDING:
                return tenant + "@" + host;
            case TENANT_ROUTE:
                return "route:" + tenant;
            default:
                return "service:" + service;
        }
    }
}
