package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A packet-in Open vSwitch sends after conntrack carries Nicira fields openflowj cannot read: its standard fields,
 * cookie, table and data are kept.
 */
class PacketInMatchTest {

    private final OFFactory of = OFFactories.getFactory(OFVersion.OF_13);
    private final byte[] data = "a packet that asks for a port block".getBytes();

    private ByteBuf packetIn() {
        OFPacketIn in = of.buildPacketIn().setXid(7).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(data.length)
                .setReason(OFPacketInReason.ACTION).setTableId(TableId.of(2)).setCookie(U64.of(0x7e1a000b00000042L))
                .setMatch(of.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1))
                                  .setExact(MatchField.METADATA, OFMetadata.ofRaw(11)).build())
                .setData(data).build();
        ByteBuf bytes = Unpooled.buffer();
        in.writeTo(bytes);
        return bytes;
    }

    // Puts an NXM_NX_CT_NW_SRC field (class 0x0001, field 120, 4 bytes) after the standard fields of the match.
    private static ByteBuf withConntrackField(ByteBuf message) {
        int matchLength = message.getUnsignedShort(26);
        int padded = (matchLength + 7) / 8 * 8;
        int newLength = matchLength + 8;
        int newPadded = (newLength + 7) / 8 * 8;
        ByteBuf out = Unpooled.buffer();
        out.writeBytes(message, 0, 24);
        out.writeShort(1);
        out.writeShort(newLength);
        out.writeBytes(message, 28, matchLength - 4);
        out.writeInt(0x0001F004);
        out.writeInt(0x0A01010A);
        out.writeZero(newPadded - newLength);
        out.writeBytes(message, 24 + padded, message.readableBytes() - 24 - padded);
        out.setShort(2, out.readableBytes());
        return out;
    }

    @Test
    void aPacketInWithConntrackFieldsKeepsItsStandardFieldsCookieTableAndData() throws OFParseError {
        ByteBuf withCt = withConntrackField(packetIn());
        assertThrows(OFParseError.class, () -> OFFactories.getGenericReader().readFrom(withCt.duplicate()));

        OFPacketIn in = (OFPacketIn) OFFactories.getGenericReader().readFrom(PacketInMatch.standardFieldsOnly(withCt));

        assertEquals(OFPort.of(1), in.getMatch().get(MatchField.IN_PORT));
        assertEquals(OFMetadata.ofRaw(11), in.getMatch().get(MatchField.METADATA));
        assertEquals(U64.of(0x7e1a000b00000042L), in.getCookie());
        assertEquals(TableId.of(2), in.getTableId());
        assertEquals(7, in.getXid());
        assertArrayEquals(data, in.getData());
    }

    @Test
    void otherMessagesAreLeftAlone() {
        ByteBuf barrier = Unpooled.buffer();
        of.buildBarrierRequest().setXid(3).build().writeTo(barrier);

        assertNull(PacketInMatch.standardFieldsOnly(barrier));
    }
}
