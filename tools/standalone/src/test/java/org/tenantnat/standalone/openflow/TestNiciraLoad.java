package org.tenantnat.standalone.openflow;

import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A minimal NICIRA_LOAD extension with the property names of ONOS's driver NiciraLoad (ofsNbits, dst, value): the
 * encoder must read any such implementation through its properties.
 */
final class TestNiciraLoad extends AbstractExtension implements ExtensionTreatment {

    private int ofsNbits;
    private long dst;
    private long value;

    TestNiciraLoad() {
    }

    /**
     * Loads {@code value} into bits {@code offset .. offset+bits-1} of the NXM field {@code dst}.
     */
    TestNiciraLoad(int offset, int bits, long dst, long value) {
        this.ofsNbits = offset << 6 | (bits - 1);
        this.dst = dst;
        this.value = value;
    }

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD.type();
    }

    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(20).putInt(ofsNbits).putLong(dst).putLong(value).array();
    }

    @Override
    public void deserialize(byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        ofsNbits = buffer.getInt();
        dst = buffer.getLong();
        value = buffer.getLong();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestNiciraLoad && ofsNbits == ((TestNiciraLoad) o).ofsNbits
                && dst == ((TestNiciraLoad) o).dst && value == ((TestNiciraLoad) o).value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ofsNbits, dst, value);
    }

    @Override
    public String toString() {
        return "load:" + value + "->nxm" + Long.toHexString(dst) + "[" + ofsNbits + "]";
    }
}
