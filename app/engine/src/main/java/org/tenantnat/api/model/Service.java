package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A provider service offered to tenants: its real address and where it is attached.
 */
public final class Service {

    private final String name;
    private final Ip4Address ip;
    private final ConnectPoint connectPoint;
    private final Ip4Address gatewayIp;
    private final MacAddress mac;

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
        this.name = checkNotNull(name, "name");
        this.ip = checkNotNull(ip, "ip");
        this.connectPoint = checkNotNull(connectPoint, "connectPoint");
        this.gatewayIp = checkNotNull(gatewayIp, "gatewayIp");
        this.mac = mac;
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
                && gatewayIp.equals(that.gatewayIp) && Objects.equals(mac, that.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, ip, connectPoint, gatewayIp, mac);
    }

    @Override
    public String toString() {
        return "Service{" + name + " " + ip + " at " + connectPoint + "}";
    }
}
