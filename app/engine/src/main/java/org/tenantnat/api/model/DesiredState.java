package org.tenantnat.api.model;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The operator's desired state: the pool, the services, the tenants and the links declared between switches.
 * Immutable; edits return a copy. Two documents that list the same services, tenants and links in another order are
 * equal: the state is kept record by record, and the runtime lists them by name.
 */
public final class DesiredState {

    /** The pool used when a document names none: RFC 6598 shared address space. */
    public static final Ip4Prefix DEFAULT_POOL = Ip4Prefix.valueOf("100.64.0.0/10");

    /** An empty desired state on the default pool. */
    public static final DesiredState EMPTY = new DesiredState(ImmutableList.of(DEFAULT_POOL),
            MacAddress.valueOf("02:00:00:00:00:01"), ImmutableList.of(), ImmutableList.of());

    private final List<Ip4Prefix> pool;
    private final MacAddress gatewayMac;
    private final List<Service> services;
    private final List<Tenant> tenants;
    private final List<FabricLink> links;

    /**
     * Creates a desired state without declared links.
     *
     * @param pool       prefixes translated sources are taken from
     * @param gatewayMac MAC the provider gateways answer with
     * @param services   services
     * @param tenants    tenants
     */
    public DesiredState(List<Ip4Prefix> pool, MacAddress gatewayMac, List<Service> services, List<Tenant> tenants) {
        this(pool, gatewayMac, services, tenants, ImmutableList.of());
    }

    /**
     * Creates a desired state.
     *
     * @param pool       prefixes translated sources are taken from
     * @param gatewayMac MAC the provider gateways answer with
     * @param services   services
     * @param tenants    tenants
     * @param links      links between switches that are not discovered by LLDP
     */
    public DesiredState(List<Ip4Prefix> pool, MacAddress gatewayMac, List<Service> services, List<Tenant> tenants,
                        List<FabricLink> links) {
        this.pool = ImmutableList.copyOf(pool);
        this.gatewayMac = checkNotNull(gatewayMac, "gatewayMac");
        this.services = ImmutableList.copyOf(services);
        this.tenants = ImmutableList.copyOf(tenants);
        this.links = ImmutableList.copyOf(links);
    }

    /**
     * Returns the translation pool.
     *
     * @return pool prefixes
     */
    public List<Ip4Prefix> pool() {
        return pool;
    }

    /**
     * Returns the MAC of every provider gateway.
     *
     * @return MAC
     */
    public MacAddress gatewayMac() {
        return gatewayMac;
    }

    /**
     * Returns the services.
     *
     * @return services in document order
     */
    public List<Service> services() {
        return services;
    }

    /**
     * Returns the tenants.
     *
     * @return tenants in document order
     */
    public List<Tenant> tenants() {
        return tenants;
    }

    /**
     * Returns the links declared between switches.
     *
     * @return links in document order
     */
    public List<FabricLink> links() {
        return links;
    }

    /**
     * Finds a service by name.
     *
     * @param name service name
     * @return service
     */
    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Finds a tenant by name.
     *
     * @param name tenant name
     * @return tenant
     */
    public Optional<Tenant> tenant(String name) {
        return tenants.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Returns a copy with the tenant added, or replacing the tenant of the same name in place.
     *
     * @param tenant tenant
     * @return new desired state
     */
    public DesiredState withTenant(Tenant tenant) {
        return new DesiredState(pool, gatewayMac, services,
                                upsert(tenants, tenant, t -> t.name().equals(tenant.name())), links);
    }

    /**
     * Returns a copy without the named tenant.
     *
     * @param name tenant name
     * @return new desired state
     */
    public DesiredState withoutTenant(String name) {
        return new DesiredState(pool, gatewayMac, services,
                tenants.stream().filter(t -> !t.name().equals(name)).collect(Collectors.toList()), links);
    }

    /**
     * Returns a copy with the service added, or replacing the service of the same name in place.
     *
     * @param service service
     * @return new desired state
     */
    public DesiredState withService(Service service) {
        return new DesiredState(pool, gatewayMac, upsert(services, service, s -> s.name().equals(service.name())),
                tenants, links);
    }

    /**
     * Returns a copy without the named service.
     *
     * @param name service name
     * @return new desired state
     */
    public DesiredState withoutService(String name) {
        return new DesiredState(pool, gatewayMac,
                services.stream().filter(s -> !s.name().equals(name)).collect(Collectors.toList()), tenants, links);
    }

    private static <T> List<T> upsert(List<T> list, T item, Predicate<T> same) {
        if (list.stream().anyMatch(same)) {
            return list.stream().map(x -> same.test(x) ? item : x).collect(Collectors.toList());
        }
        return Stream.concat(list.stream(), Stream.of(item)).collect(Collectors.toList());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DesiredState)) {
            return false;
        }
        DesiredState that = (DesiredState) o;
        return pool.equals(that.pool) && gatewayMac.equals(that.gatewayMac)
                && byName(services, Service::name).equals(byName(that.services, Service::name))
                && byName(tenants, Tenant::name).equals(byName(that.tenants, Tenant::name))
                && byName(links, FabricLink::key).equals(byName(that.links, FabricLink::key));
    }

    @Override
    public int hashCode() {
        return Objects.hash(pool, gatewayMac, Set.copyOf(services), Set.copyOf(tenants), Set.copyOf(links));
    }

    // The order of services, tenants and links in a document means nothing: the state is kept record by record.
    private static <T> List<T> byName(List<T> items, Function<T, String> name) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(name));
        return sorted;
    }

    @Override
    public String toString() {
        return "DesiredState{pool=" + pool + ", " + services.size() + " services, " + tenants.size() + " tenants"
                + (links.isEmpty() ? "" : ", " + links.size() + " links") + "}";
    }
}
