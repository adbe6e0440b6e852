package org.tenantnat.api.model;

import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Where a tenant's WAN meets the provider: a switch port and, on a trunk, a VLAN.
 */
public final class Attachment {

    private final ConnectPoint connectPoint;
    private final VlanId vlan;

    /**
     * Creates an attachment.
     *
     * @param connectPoint switch port
     * @param vlan         VLAN on that port, or {@link VlanId#NONE} when untagged
     */
    public Attachment(ConnectPoint connectPoint, VlanId vlan) {
        this.connectPoint = checkNotNull(connectPoint, "connectPoint");
        this.vlan = checkNotNull(vlan, "vlan");
    }

    /**
     * Returns the switch port.
     *
     * @return connect point
     */
    public ConnectPoint connectPoint() {
        return connectPoint;
    }

    /**
     * Returns the VLAN, {@link VlanId#NONE} when untagged.
     *
     * @return VLAN id
     */
    public VlanId vlan() {
        return vlan;
    }

    /**
     * Tells whether frames on this attachment carry a VLAN tag.
     *
     * @return true when tagged
     */
    public boolean isTagged() {
        return !VlanId.NONE.equals(vlan);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attachment)) {
            return false;
        }
        Attachment that = (Attachment) o;
        return connectPoint.equals(that.connectPoint) && vlan.equals(that.vlan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectPoint, vlan);
    }

    @Override
    public String toString() {
        return isTagged() ? connectPoint + " vlan " + vlan : connectPoint + " untagged";
    }
}
