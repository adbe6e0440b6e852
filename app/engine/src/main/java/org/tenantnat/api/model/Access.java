package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An access grant: the tenant may reach a service at a VIP chosen in the tenant's own address space.
 */
public final class Access {

    private final String service;
    private final Ip4Address vip;

    /**
     * Creates an access grant.
     *
     * @param service name of the service
     * @param vip     address at which the tenant reaches the service
     */
    public Access(String service, Ip4Address vip) {
        this.service = checkNotNull(service, "service");
        this.vip = checkNotNull(vip, "vip");
    }

    /**
     * Returns the service name.
     *
     * @return service name
     */
    public String service() {
        return service;
    }

    /**
     * Returns the VIP, an address in the tenant's space that stands for the service.
     *
     * @return VIP
     */
    public Ip4Address vip() {
        return vip;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Access)) {
            return false;
        }
        Access that = (Access) o;
        return service.equals(that.service) && vip.equals(that.vip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, vip);
    }

    @Override
    public String toString() {
        return service + "@" + vip;
    }
}
