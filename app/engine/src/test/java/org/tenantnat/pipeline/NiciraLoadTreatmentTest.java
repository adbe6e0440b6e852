package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The project's NICIRA_LOAD extension: its encoding, its properties, and that it fills and reads a driver's own
 * class of the same shape.
 */
class NiciraLoadTreatmentTest {

    /** Shaped like ONOS's driver NiciraLoad: same property names and types, nothing shared with ours. */
    private static final class DriverStyleLoad extends AbstractExtension implements ExtensionTreatment {
        private int ofsNbits;
        private long dst;
        private long value;

        @Override
        public ExtensionTreatmentType type() {
            return ExtensionTreatmentTypes.NICIRA_LOAD.type();
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }
    }

    @Test
    void ofsNbitsPutsTheOffsetAboveSixBitsOfBitCountMinusOne() {
        assertEquals((8 << 6) | 23, NiciraLoadTreatment.ofsNbits(8, 24));
        assertEquals(31, NiciraLoadTreatment.ofsNbits(0, 32));
        NiciraLoadTreatment load = new NiciraLoadTreatment(NiciraLoadTreatment.ofsNbits(4, 28), 0, 0);
        assertEquals(4, load.offset());
        assertEquals(28, load.nBits());
        assertThrows(IllegalArgumentException.class, () -> NiciraLoadTreatment.ofsNbits(0, 0));
        assertThrows(IllegalArgumentException.class, () -> NiciraLoadTreatment.ofsNbits(-1, 8));
    }

    @Test
    void aNetworkBitsLoadWritesOnlyThePrefixPartOfTheAddress() {
        NiciraLoadTreatment load = NiciraLoadTreatment.networkBits(NxmField.IPV4_SRC,
                                                                   Ip4Prefix.valueOf("100.65.1.0/24"));

        assertEquals(0x00000E04L, load.dst());
        assertEquals(8, load.offset());
        assertEquals(24, load.nBits());
        assertEquals(0x644101L, load.value(), "100.65.1 without the host byte");

        NiciraLoadTreatment host = NiciraLoadTreatment.networkBits(NxmField.IPV4_DST, Ip4Prefix.valueOf("10.1.1.7/32"));
        assertEquals(0x00001004L, host.dst());
        assertEquals(0, host.offset());
        assertEquals(0x0A010107L, host.value());
        assertThrows(IllegalArgumentException.class,
                     () -> NiciraLoadTreatment.networkBits(NxmField.IPV4_SRC, Ip4Prefix.valueOf("0.0.0.0/0")));
    }

    @Test
    void itsPropertiesAreThoseOfTheOnosDriverNiciraLoad() throws ExtensionPropertyException {
        NiciraLoadTreatment load = new NiciraLoadTreatment();
        load.setPropertyValue("ofsNbits", 535);
        load.setPropertyValue("dst", 0x1004L);
        load.setPropertyValue("value", 0x644101L);

        assertEquals(List.of("ofsNbits", "dst", "value"), load.getProperties());
        assertEquals(new NiciraLoadTreatment(535, 0x1004L, 0x644101L), load);
        assertEquals(Integer.valueOf(535), load.getPropertyValue("ofsNbits"));
        assertEquals(ExtensionTreatmentTypes.NICIRA_LOAD.type(), load.type());
    }

    @Test
    void itFillsAndReadsADriversOwnLoad() {
        NiciraLoadTreatment ours = new NiciraLoadTreatment(535, 0x0E04L, 0x644101L);

        ExtensionTreatment theirs = ours.copyInto(new DriverStyleLoad());

        assertEquals(535, ((DriverStyleLoad) theirs).ofsNbits);
        assertEquals(0x0E04L, ((DriverStyleLoad) theirs).dst);
        assertEquals(0x644101L, ((DriverStyleLoad) theirs).value);
        assertEquals(ours, NiciraLoadTreatment.of(theirs));
    }

    @Test
    void itSerializesToTwentyBytesAndBack() {
        NiciraLoadTreatment load = new NiciraLoadTreatment(535, 0x0E04L, 0xFFFFFFFFL);
        NiciraLoadTreatment copy = new NiciraLoadTreatment();

        byte[] bytes = load.serialize();
        copy.deserialize(bytes);

        assertEquals(20, bytes.length);
        assertEquals(load, copy);
        assertEquals(load.hashCode(), copy.hashCode());
        assertThrows(IllegalArgumentException.class, () -> copy.deserialize(new byte[19]));
    }

    @Test
    void loadsDifferingInAnyFieldDiffer() {
        NiciraLoadTreatment load = new NiciraLoadTreatment(535, 0x0E04L, 1);

        assertNotEquals(new NiciraLoadTreatment(534, 0x0E04L, 1), load);
        assertNotEquals(new NiciraLoadTreatment(535, 0x1004L, 1), load);
        assertNotEquals(new NiciraLoadTreatment(535, 0x0E04L, 2), load);
        assertEquals("NiciraLoad{field=IPV4_SRC, bits=8..31, value=0x1}", load.toString());
    }
}
