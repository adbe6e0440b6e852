package org.tenantnat.pipeline;

import com.google.common.base.MoreObjects;
import org.onlab.packet.IpAddress;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.nio.ByteBuffer;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Open vSwitch's {@code nat} action, nested in a {@link NiciraCtTreatment}, as a NICIRA_NAT extension treatment for
 * hosts without ONOS drivers (the standalone host, tests). Its properties are those of ONOS's own
 * {@code org.onosproject.driver.extensions.NiciraNat}: {@code flags} ({@link #FLAG_SRC}), {@code presentFlags}
 * (which of the range fields are set), {@code portMin}, {@code portMax}, {@code ipAddressMin},
 * {@code ipAddressMax}. A nat without flags or range restores the translation of an existing connection.
 */
public final class NiciraNatTreatment extends AbstractExtension implements ExtensionTreatment {

    /** Source translation. */
    public static final int FLAG_SRC = 1;
    /** The minimum IPv4 address is set. */
    public static final int RANGE_IPV4_MIN = 1;
    /** The maximum IPv4 address is set. */
    public static final int RANGE_IPV4_MAX = 2;
    /** The minimum port is set. */
    public static final int RANGE_PROTO_MIN = 16;
    /** The maximum port is set. */
    public static final int RANGE_PROTO_MAX = 32;

    private int flags;
    private int presentFlags;
    private int portMin;
    private int portMax;
    private IpAddress ipAddressMin;
    private IpAddress ipAddressMax;

    /**
     * Creates an empty nat, to be filled by property, as a driver's resolver hands it out.
     */
    public NiciraNatTreatment() {
        this(0, 0, 0, 0, IpAddress.valueOf(0), IpAddress.valueOf(0));
    }

    /**
     * Creates a nat.
     *
     * @param flags        {@link #FLAG_SRC} or 0
     * @param presentFlags range fields set
     * @param portMin      first port
     * @param portMax      last port
     * @param ipAddressMin first address
     * @param ipAddressMax last address
     */
    public NiciraNatTreatment(int flags, int presentFlags, int portMin, int portMax, IpAddress ipAddressMin,
                              IpAddress ipAddressMax) {
        this.flags = flags;
        this.presentFlags = presentFlags;
        this.portMin = portMin;
        this.portMax = portMax;
        this.ipAddressMin = ipAddressMin;
        this.ipAddressMax = ipAddressMax;
    }

    /**
     * Returns the flags.
     *
     * @return flags
     */
    public int flags() {
        return flags;
    }

    /**
     * Returns which range fields are set.
     *
     * @return present flags
     */
    public int presentFlags() {
        return presentFlags;
    }

    /**
     * Returns the first port.
     *
     * @return port
     */
    public int portMin() {
        return portMin;
    }

    /**
     * Returns the last port.
     *
     * @return port
     */
    public int portMax() {
        return portMax;
    }

    /**
     * Returns the first address.
     *
     * @return address
     */
    public IpAddress ipAddressMin() {
        return ipAddressMin;
    }

    /**
     * Returns the last address.
     *
     * @return address
     */
    public IpAddress ipAddressMax() {
        return ipAddressMax;
    }

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentTypes.NICIRA_NAT.type();
    }

    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(6 * Integer.BYTES).putInt(flags).putInt(presentFlags).putInt(portMin)
                .putInt(portMax).putInt(ipAddressMin.getIp4Address().toInt())
                .putInt(ipAddressMax.getIp4Address().toInt()).array();
    }

    @Override
    public void deserialize(byte[] data) {
        checkArgument(data != null && data.length == 6 * Integer.BYTES, "a serialized NICIRA_NAT has 24 bytes");
        ByteBuffer buffer = ByteBuffer.wrap(data);
        flags = buffer.getInt();
        presentFlags = buffer.getInt();
        portMin = buffer.getInt();
        portMax = buffer.getInt();
        ipAddressMin = IpAddress.valueOf(buffer.getInt());
        ipAddressMax = IpAddress.valueOf(buffer.getInt());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NiciraNatTreatment)) {
            return false;
        }
        NiciraNatTreatment that = (NiciraNatTreatment) o;
        return flags == that.flags && presentFlags == that.presentFlags && portMin == that.portMin
                && portMax == that.portMax && ipAddressMin.equals(that.ipAddressMin)
                && ipAddressMax.equals(that.ipAddressMax);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, presentFlags, portMin, portMax, ipAddressMin, ipAddressMax);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper("NiciraNat").add("flags", flags).add("present", presentFlags)
                .add("addresses", ipAddressMin + "-" + ipAddressMax).add("ports", portMin + "-" + portMax)
                .toString();
    }
}
