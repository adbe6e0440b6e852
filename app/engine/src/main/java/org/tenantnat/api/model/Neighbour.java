package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A next hop the switch forwards to, by its address on one attachment: a tenant's router, or a service. Two
 * tenants' routers may share an address, so the attachment is part of its identity; a MAC learned for it holds
 * only there.
 */
public final class Neighbour {

    private final Ip4Address ip;
    private final Attachment attachment;

    /**
     * Creates a neighbour.
     *
     * @param ip         its address
     * @param attachment switch port and VLAN it is reached on
     */
    public Neighbour(Ip4Address ip, Attachment attachment) {
        this.ip = checkNotNull(ip, "ip");
        this.attachment = checkNotNull(attachment, "attachment");
    }

    /**
     * Returns a tenant's router.
     *
     * @param tenant tenant
     * @return its router on its attachment
     */
    public static Neighbour routerOf(Tenant tenant) {
        return new Neighbour(tenant.routerIp(), tenant.attachment());
    }

    /**
     * Returns the next hop of a service, reached untagged on its port: the service itself, or the provider router
     * it sits behind.
     *
     * @param service service
     * @return the service's next hop on its port
     */
    public static Neighbour of(Service service) {
        return new Neighbour(service.nextHopIp(), new Attachment(service.connectPoint(), VlanId.NONE));
    }

    /**
     * Returns the address.
     *
     * @return address
     */
    public Ip4Address ip() {
        return ip;
    }

    /**
     * Returns the attachment.
     *
     * @return attachment
     */
    public Attachment attachment() {
        return attachment;
    }

    /**
     * Returns the switch port.
     *
     * @return connect point
     */
    public ConnectPoint port() {
        return attachment.connectPoint();
    }

    /**
     * Returns the VLAN, {@link VlanId#NONE} when untagged.
     *
     * @return VLAN
     */
    public VlanId vlan() {
        return attachment.vlan();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Neighbour && ip.equals(((Neighbour) o).ip)
                && attachment.equals(((Neighbour) o).attachment));
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, attachment);
    }

    @Override
    public String toString() {
        return ip + " on " + attachment.connectPoint() + (attachment.isTagged() ? " vlan " + attachment.vlan() : "");
    }
}
