package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Open vSwitch puts the connection tracking fields of a packet ({@code ct_nw_src}, {@code ct_tp_dst}, ...) in the
 * match of a packet-in sent after the packet went through the tracker, as Nicira extension fields openflowj does not
 * know, and openflowj then refuses the whole message. What the controller reads of a packet-in (in_port, cookie,
 * table, data) is in standard fields: this keeps only the OpenFlow-basic fields of the match, so the rest parses.
 */
final class PacketInMatch {

    private static final int OF13 = 4;
    private static final int PACKET_IN = 10;
    private static final int MATCH_OFFSET = 24;
    private static final int OXM_HEADER = 4;
    private static final int OPENFLOW_BASIC = 0x8000;
    private static final int ALIGN = 8;

    private PacketInMatch() {
    }

    /**
     * Returns an OpenFlow 1.3 packet-in with only the standard fields of its match.
     *
     * @param frame one whole message
     * @return the same packet-in, standard fields only; null when the message is no OpenFlow 1.3 packet-in or is
     *         malformed
     */
    static ByteBuf standardFieldsOnly(ByteBuf frame) {
        int start = frame.readerIndex();
        int length = frame.readableBytes();
        if (length < MATCH_OFFSET + OXM_HEADER || frame.getUnsignedByte(start) != OF13
                || frame.getUnsignedByte(start + 1) != PACKET_IN) {
            return null;
        }
        int matchLength = frame.getUnsignedShort(start + MATCH_OFFSET + 2);
        int paddedMatch = (matchLength + ALIGN - 1) / ALIGN * ALIGN;
        int after = start + MATCH_OFFSET + paddedMatch;
        if (matchLength < OXM_HEADER || after > start + length) {
            return null;
        }
        ByteBuf fields = Unpooled.buffer(matchLength);
        int at = start + MATCH_OFFSET + OXM_HEADER;
        while (at + OXM_HEADER <= start + MATCH_OFFSET + matchLength) {
            int fieldLength = frame.getUnsignedByte(at + 3);
            if (at + OXM_HEADER + fieldLength > start + MATCH_OFFSET + matchLength) {
                return null;
            }
            if (frame.getUnsignedShort(at) == OPENFLOW_BASIC) {
                fields.writeBytes(frame, at, OXM_HEADER + fieldLength);
            }
            at += OXM_HEADER + fieldLength;
        }
        int newMatchLength = OXM_HEADER + fields.readableBytes();
        int newPadded = (newMatchLength + ALIGN - 1) / ALIGN * ALIGN;
        ByteBuf out = Unpooled.buffer(length - paddedMatch + newPadded);
        out.writeBytes(frame, start, MATCH_OFFSET);
        out.writeShort(frame.getUnsignedShort(start + MATCH_OFFSET));
        out.writeShort(newMatchLength);
        out.writeBytes(fields);
        out.writeZero(newPadded - newMatchLength);
        out.writeBytes(frame, after, start + length - after);
        out.setShort(2, out.readableBytes());
        return out;
    }
}
