package org.tenantnat.pipeline;

import com.google.common.base.MoreObjects;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.nio.ByteBuffer;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A Nicira reg_load ({@link ExtensionTreatmentTypes#NICIRA_LOAD}): writes {@code value} into bits
 * {@code [offset, offset + nBits)} of the field named by the NXM header {@code dst}. The property names are those of
 * ONOS's driver {@code NiciraLoad}, so {@link #getPropertyValue(String)} and {@link #setPropertyValue(String, Object)}
 * read and fill either class. Used where no ONOS driver resolves extensions: the standalone host and the tests.
 * <p>
 * Declares no static fields on purpose: {@link AbstractExtension#getProperties()} lists every declared field.
 */
public final class NiciraLoadTreatment extends AbstractExtension implements ExtensionTreatment {

    private int ofsNbits;
    private long dst;
    private long value;

    /**
     * Creates an empty load, to be filled through its properties (what an extension resolver hands out).
     */
    public NiciraLoadTreatment() {
    }

    /**
     * Creates a load.
     *
     * @param ofsNbits offset and bit count, as {@link #ofsNbits(int, int)} encodes them
     * @param dst      NXM header of the field written
     * @param value    value written into the bit range
     */
    public NiciraLoadTreatment(int ofsNbits, long dst, long value) {
        this.ofsNbits = ofsNbits;
        this.dst = dst;
        this.value = value;
    }

    /**
     * Encodes a bit range the way NXM does: offset in the upper bits, bit count minus one in the lower six.
     *
     * @param offset lowest bit written, 0 = least significant
     * @param nBits  number of bits written, 1..64
     * @return encoded ofs_nbits
     */
    public static int ofsNbits(int offset, int nBits) {
        checkArgument(offset >= 0 && offset < 1024, "offset out of range: %s", offset);
        checkArgument(nBits >= 1 && nBits <= 64, "nBits out of range 1..64: %s", nBits);
        return (offset << 6) | (nBits - 1);
    }

    /**
     * Makes the load that replaces the network bits of an IPv4 field with those of a prefix, keeping the host bits:
     * one action translates a whole prefix.
     *
     * @param field  field written
     * @param prefix prefix whose network bits are loaded, length 1..32
     * @return load
     */
    public static NiciraLoadTreatment networkBits(NxmField field, Ip4Prefix prefix) {
        int length = prefix.prefixLength();
        checkArgument(length > 0, "a /0 prefix has no network bits: %s", prefix);
        int hostBits = NxmField.IPV4_BITS - length;
        long network = Integer.toUnsignedLong(prefix.address().toInt()) >>> hostBits;
        return new NiciraLoadTreatment(ofsNbits(hostBits, length), field.header(), network);
    }

    /**
     * Reads any NICIRA_LOAD extension (this class or an ONOS driver's) through its properties.
     *
     * @param extension extension treatment of type NICIRA_LOAD
     * @return the same load as this class
     * @throws IllegalArgumentException when it is not a NICIRA_LOAD or lacks the properties
     */
    public static NiciraLoadTreatment of(ExtensionTreatment extension) {
        checkArgument(ExtensionTreatmentTypes.NICIRA_LOAD.type().equals(extension.type()),
                      "not a NICIRA_LOAD extension: %s", extension.type());
        try {
            Integer ofsNbits = extension.getPropertyValue("ofsNbits");
            Long dst = extension.getPropertyValue("dst");
            Long value = extension.getPropertyValue("value");
            return new NiciraLoadTreatment(ofsNbits, dst, value);
        } catch (ExtensionPropertyException | ClassCastException e) {
            throw new IllegalArgumentException("NICIRA_LOAD without ofsNbits/dst/value: " + extension, e);
        }
    }

    /**
     * Writes this load's values into an empty NICIRA_LOAD extension, e.g. one a device driver made.
     *
     * @param empty extension of type NICIRA_LOAD with the properties ofsNbits (int), dst and value (long)
     * @return {@code empty}, filled
     * @throws IllegalArgumentException when the extension lacks the properties
     */
    public ExtensionTreatment copyInto(ExtensionTreatment empty) {
        checkArgument(ExtensionTreatmentTypes.NICIRA_LOAD.type().equals(empty.type()),
                      "not a NICIRA_LOAD extension: %s", empty.type());
        try {
            empty.setPropertyValue("ofsNbits", ofsNbits);
            empty.setPropertyValue("dst", dst);
            empty.setPropertyValue("value", value);
            return empty;
        } catch (ExtensionPropertyException | IllegalArgumentException e) {
            throw new IllegalArgumentException("NICIRA_LOAD without settable ofsNbits/dst/value: " + empty, e);
        }
    }

    /**
     * Returns the encoded bit range.
     *
     * @return ofs_nbits
     */
    public int ofsNbits() {
        return ofsNbits;
    }

    /**
     * Returns the lowest bit written.
     *
     * @return offset
     */
    public int offset() {
        return ofsNbits >>> 6;
    }

    /**
     * Returns the number of bits written.
     *
     * @return bit count
     */
    public int nBits() {
        return (ofsNbits & 0x3f) + 1;
    }

    /**
     * Returns the NXM header of the field written.
     *
     * @return header
     */
    public long dst() {
        return dst;
    }

    /**
     * Returns the value written into the bit range.
     *
     * @return value
     */
    public long value() {
        return value;
    }

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentTypes.NICIRA_LOAD.type();
    }

    /**
     * Serializes as 20 bytes, big endian: ofsNbits (4), dst (8), value (8).
     *
     * @return bytes
     */
    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(Integer.BYTES + 2 * Long.BYTES).putInt(ofsNbits).putLong(dst).putLong(value)
                .array();
    }

    @Override
    public void deserialize(byte[] data) {
        checkArgument(data != null && data.length == Integer.BYTES + 2 * Long.BYTES,
                      "a serialized NICIRA_LOAD has 20 bytes");
        ByteBuffer buffer = ByteBuffer.wrap(data);
        ofsNbits = buffer.getInt();
        dst = buffer.getLong();
        value = buffer.getLong();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NiciraLoadTreatment)) {
            return false;
        }
        NiciraLoadTreatment that = (NiciraLoadTreatment) o;
        return ofsNbits == that.ofsNbits && dst == that.dst && value == that.value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ofsNbits, dst, value);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper("NiciraLoad")
                .add("field", NxmField.ofHeader(dst).map(Enum::name).orElse("0x" + Long.toHexString(dst)))
                .add("bits", offset() + ".." + (offset() + nBits() - 1))
                .add("value", "0x" + Long.toHexString(value))
                .toString();
    }
}
