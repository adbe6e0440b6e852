package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import org.onlab.packet.Ip4Address;

import java.util.Optional;

/**
 * One namespace of a running lab as {@code lab.sh show} describes it: a service, a tenant's directly attached host,
 * a customer router or a host behind one.
 */
final class LabHost {

    /** Role of a service host. */
    static final String SERVICE = "service";
    /** Role of a directly attached tenant host. */
    static final String TENANT_HOST = "tenant-host";
    /** Role of a host behind a customer router. */
    static final String LAN_HOST = "lan-host";
    /** Role of a customer router. */
    static final String ROUTER = "router";

    private final String name;
    private final String role;
    private final String tenant;
    private final String namespace;
    private final Ip4Address address;

    private LabHost(String name, String role, String tenant, String namespace, Ip4Address address) {
        this.name = name;
        this.role = role;
        this.tenant = tenant;
        this.namespace = namespace;
        this.address = address;
    }

    /** Reads one element of {@code hosts} in {@code lab.sh show}. */
    static LabHost of(JsonNode json) {
        JsonNode eth0 = json.path("interfaces").path(0);
        String cidr = eth0.path("address").asText();
        return new LabHost(json.path("name").asText(), json.path("role").asText(),
                           json.hasNonNull("tenant") ? json.get("tenant").asText() : null,
                           json.path("namespace").asText(),
                           Ip4Address.valueOf(cidr.substring(0, cidr.indexOf('/'))));
    }

    /** Lab host name, as lab.sh commands take it. */
    String name() {
        return name;
    }

    /** Role: {@link #SERVICE}, {@link #TENANT_HOST}, {@link #ROUTER} or {@link #LAN_HOST}. */
    String role() {
        return role;
    }

    /** Tenant the host belongs to, empty for a service. */
    Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** Network namespace. */
    String namespace() {
        return namespace;
    }

    /** Address of its first interface (eth0; a router's WAN side). */
    Ip4Address address() {
        return address;
    }

    /** Tells whether the host sends traffic as a customer host: a directly attached host or one behind a router. */
    boolean isCustomerHost() {
        return TENANT_HOST.equals(role) || LAN_HOST.equals(role);
    }

    @Override
    public String toString() {
        return name + " (" + role + (tenant == null ? "" : " of " + tenant) + ", " + address + ")";
    }
}
