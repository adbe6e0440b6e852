package org.tenantnat.pipeline;

import com.google.common.base.MoreObjects;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A Nicira reg_move ({@code NXAST_REG_MOVE}): copies {@code nBits} bits of the field named by the NXM header
 * {@code src}, from bit {@code srcOfs}, into the field {@code dst} at bit {@code dstOfs}. The three moves an ARP
 * responder made of flows needs are typed as ONOS types them
 * ({@link ExtensionTreatmentTypes#NICIRA_MOV_ETH_SRC_TO_DST}, {@link ExtensionTreatmentTypes#NICIRA_MOV_ARP_SHA_TO_THA},
 * {@link ExtensionTreatmentTypes#NICIRA_MOV_ARP_SPA_TO_TPA}), with the property names of ONOS's driver class, so an encoder reading properties handles either. Used where no
 * ONOS driver resolves extensions: the standalone host and the tests.
 * <p>
 * Declares no static fields on purpose: {@link AbstractExtension#getProperties()} lists every declared field.
 */
public final class NiciraMoveTreatment extends AbstractExtension implements ExtensionTreatment {

    private int srcOfs;
    private int dstOfs;
    private int nBits;
    private int src;
    private int dst;
    private ExtensionTreatmentType type;

    private NiciraMoveTreatment(int src, int dst, int nBits, ExtensionTreatmentType type) {
        this.srcOfs = 0;
        this.dstOfs = 0;
        this.nBits = nBits;
        this.src = src;
        this.dst = dst;
        this.type = type;
    }

    /**
     * Makes the move of one of the three ARP responder types, whole field to whole field.
     *
     * @param type NICIRA_MOV_ETH_SRC_TO_DST, NICIRA_MOV_ARP_SHA_TO_THA or NICIRA_MOV_ARP_SPA_TO_TPA
     * @return move
     * @throws IllegalArgumentException for any other type
     */
    public static NiciraMoveTreatment of(ExtensionTreatmentType type) {
        return ofType(type).orElseThrow(() -> new IllegalArgumentException("not an ARP responder move: " + type));
    }

    /**
     * Makes moves for the standalone host and tests, in the shape of an ONOS driver's extension resolver.
     *
     * @return type to a fresh move; throws {@link IllegalArgumentException} for other types
     */
    public static Function<ExtensionTreatmentType, ExtensionTreatment> resolver() {
        return NiciraMoveTreatment::of;
    }

    private static Optional<NiciraMoveTreatment> ofType(ExtensionTreatmentType type) {
        if (ExtensionTreatmentTypes.NICIRA_MOV_ETH_SRC_TO_DST.type().equals(type)) {
            return Optional.of(new NiciraMoveTreatment(NxmHeaders.ETH_SRC, NxmHeaders.ETH_DST, 48, type));
        }
        if (ExtensionTreatmentTypes.NICIRA_MOV_ARP_SHA_TO_THA.type().equals(type)) {
            return Optional.of(new NiciraMoveTreatment(NxmHeaders.ARP_SHA, NxmHeaders.ARP_THA, 48, type));
        }
        if (ExtensionTreatmentTypes.NICIRA_MOV_ARP_SPA_TO_TPA.type().equals(type)) {
            return Optional.of(new NiciraMoveTreatment(NxmHeaders.ARP_SPA, NxmHeaders.ARP_TPA, 32, type));
        }
        return Optional.empty();
    }

    /**
     * Reads any move extension (this class or an ONOS driver's) through its properties.
     *
     * @param extension extension treatment with the properties srcOfs, dstOfs, nBits, src and dst
     * @return the same move as this class, of the extension's type
     * @throws IllegalArgumentException when it lacks the properties
     */
    public static NiciraMoveTreatment read(ExtensionTreatment extension) {
        try {
            NiciraMoveTreatment move = new NiciraMoveTreatment(intProperty(extension, "src"),
                                                               intProperty(extension, "dst"),
                                                               intProperty(extension, "nBits"), extension.type());
            move.srcOfs = intProperty(extension, "srcOfs");
            move.dstOfs = intProperty(extension, "dstOfs");
            return move;
        } catch (ExtensionPropertyException | ClassCastException e) {
            throw new IllegalArgumentException("move without srcOfs/dstOfs/nBits/src/dst: " + extension, e);
        }
    }

    private static int intProperty(ExtensionTreatment extension, String name) throws ExtensionPropertyException {
        Object value = extension.getPropertyValue(name);
        if (!(value instanceof Number)) {
            throw new ClassCastException(name + " is not a number: " + value);
        }
        return ((Number) value).intValue();
    }

    /**
     * Returns the lowest bit read from the source field.
     *
     * @return offset
     */
    public int srcOfs() {
        return srcOfs;
    }

    /**
     * Returns the lowest bit written in the destination field.
     *
     * @return offset
     */
    public int dstOfs() {
        return dstOfs;
    }

    /**
     * Returns the number of bits moved.
     *
     * @return bit count
     */
    public int nBits() {
        return nBits;
    }

    /**
     * Returns the NXM header of the field read.
     *
     * @return header
     */
    public int src() {
        return src;
    }

    /**
     * Returns the NXM header of the field written.
     *
     * @return header
     */
    public int dst() {
        return dst;
    }

    @Override
    public ExtensionTreatmentType type() {
        return type;
    }

    /**
     * Serializes as 20 bytes, big endian: srcOfs, dstOfs, nBits, src, dst (4 each); the type is the class's.
     *
     * @return bytes
     */
    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(5 * Integer.BYTES).putInt(srcOfs).putInt(dstOfs).putInt(nBits).putInt(src)
                .putInt(dst).array();
    }

    @Override
    public void deserialize(byte[] data) {
        checkArgument(data != null && data.length == 5 * Integer.BYTES, "a serialized move has 20 bytes");
        ByteBuffer buffer = ByteBuffer.wrap(data);
        srcOfs = buffer.getInt();
        dstOfs = buffer.getInt();
        nBits = buffer.getInt();
        src = buffer.getInt();
        dst = buffer.getInt();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NiciraMoveTreatment)) {
            return false;
        }
        NiciraMoveTreatment that = (NiciraMoveTreatment) o;
        return srcOfs == that.srcOfs && dstOfs == that.dstOfs && nBits == that.nBits && src == that.src
                && dst == that.dst && type.equals(that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(srcOfs, dstOfs, nBits, src, dst, type);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper("NiciraMove")
                .add("src", "0x" + Integer.toHexString(src) + "[" + srcOfs + "+" + nBits + "]")
                .add("dst", "0x" + Integer.toHexString(dst) + "[" + dstOfs + "+" + nBits + "]")
                .toString();
    }

    /** NXM headers of the fields the ARP responder moves, as Open vSwitch (and ONOS's OVS driver) define them. */
    private static final class NxmHeaders {
        static final int ETH_DST = 0x00000206;
        static final int ETH_SRC = 0x00000406;
        static final int ARP_SPA = 0x00002004;
        static final int ARP_TPA = 0x00002204;
        static final int ARP_SHA = 0x00012206;
        static final int ARP_THA = 0x00012406;

        private NxmHeaders() {
        }
    }
}
