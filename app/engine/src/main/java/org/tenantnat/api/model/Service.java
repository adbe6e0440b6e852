package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A provider service offered to tenants: its real address and where it is attached. Several services may share a
 * port (a provider subnet with many servers); a service may also sit behind a provider router on that port, which
 * then is the next hop packets to the service are sent to.
 */
public final class Service {

    private final String name;
    private final Ip4Address ip;
    private final ConnectPoint connectPoint;
    private final Ip4Address gatewayIp;
    private final MacAddress mac;
    private final Ip4Address routerIp;
    private final MacAddress routerMac;

    /**
     * Creates a service.
     *
     * @param name         unique name
     * @param ip           the service's real address in the provider's space
     * @param connectPoint switch port the service is attached to
     * @param gatewayIp    provider gateway address the service routes through
     * @param mac          the service's MAC, or null to resolve it by ARP
     */
    public Service(String name, Ip4Address ip, ConnectPoint connectPoint, Ip4Address gatewayIp, MacAddress mac) {
        this(name, ip, connectPoint, gatewayIp, mac, null, null);
    }

    /**
     * Creates a service, possibly behind a provider router.
     *
     * @param name         unique name
     * @param ip           the service's real address in the provider's space
     * @param connectPoint switch port the service, or its router, is attached to
     * @param gatewayIp    provider gateway address the service (or its router) routes translated addresses to
     * @param mac          the service's MAC, or null to resolve it by ARP (null behind a router)
     * @param routerIp     the provider router the service sits behind, or null when it is on the port's subnet
     * @param routerMac    that router's MAC, or null to resolve it by ARP
     */
    public Service(String name, Ip4Address ip, ConnectPoint connectPoint, Ip4Address gatewayIp, MacAddress mac,
                   Ip4Address routerIp, MacAddress routerMac) {
        this.name = checkNotNull(name, "name");
        this.ip = checkNotNull(ip, "ip");
        this.connectPoint = checkNotNull(connectPoint, "connectPoint");
        this.gatewayIp = checkNotNull(gatewayIp, "gatewayIp");
        this.mac = mac;
        this.routerIp = routerIp;
        this.routerMac = routerMac;
    }

    /**
     * Returns the service name.
     *
     * @return name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the service's real address.
     *
     * @return address
     */
    public Ip4Address ip() {
        return ip;
    }

    /**
     * Returns the switch port of the service.
     *
     * @return connect point
     */
    public ConnectPoint connectPoint() {
        return connectPoint;
    }

    /**
     * Returns the provider gateway address on the service side.
     *
     * @return gateway address
     */
    public Ip4Address gatewayIp() {
        return gatewayIp;
    }

    /**
     * Returns the configured MAC, empty when it is to be resolved by ARP.
     *
     * @return MAC
     */
    public Optional<MacAddress> mac() {
        return Optional.ofNullable(mac);
    }

    /**
     * Returns the provider router the service sits behind.
     *
     * @return router address, empty when the service is on the port's own subnet
     */
    public Optional<Ip4Address> routerIp() {
        return Optional.ofNullable(routerIp);
    }

    /**
     * Returns the configured MAC of the service's router.
     *
     * @return MAC, empty when it is to be resolved by ARP or there is no router
     */
    public Optional<MacAddress> routerMac() {
        return Optional.ofNullable(routerMac);
    }

    /**
     * Returns the address packets to the service are sent to on its port: its router's, else its own.
     *
     * @return next-hop address
     */
    public Ip4Address nextHopIp() {
        return routerIp != null ? routerIp : ip;
    }

    /**
     * Returns the configured MAC of the next hop: its router's behind a router, else its own.
     *
     * @return MAC, empty when it is to be resolved by ARP
     */
    public Optional<MacAddress> nextHopMac() {
        return Optional.ofNullable(routerIp != null ? routerMac : mac);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Service)) {
            return false;
        }
        Service that = (Service) o;
        return name.equals(that.name) && ip.equals(that.ip) && connectPoint.equals(that.connectPoint)
                && gatewayIp.equals(that.gatewayIp) && Objects.equals(mac, that.mac)
                && Objects.equals(routerIp, that.routerIp) && Objects.equals(routerMac, that.routerMac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, ip, connectPoint, gatewayIp, mac, routerIp, routerMac);
    }

    @Override
    public String toString() {
        return "Service{" + name + " " + ip + " at " + connectPoint + (routerIp == null ? "" : " via " + routerIp)
                + "}";
    }
}
