package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModify;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;

import java.util.List;

/**
 * Matches and instructions kept as OpenFlow 1.3 wire bytes. A host remembers every flow it installed, and
 * openflowj's objects for one flow's match take about 600 bytes (each match carries a map sized for all 118 match
 * fields): at 200,000 flows that was a quarter of a 512 MiB heap. Each is written inside a flow-mod that carries
 * nothing else, because openflowj reads back whole messages only; its writer puts OXMs in match-field order, so two
 * equal matches or instruction lists have equal bytes.
 */
final class WireForm {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFMessageReader<OFMessage> READER = OF13.getReader();
    private static final int INITIAL_BYTES = 128;

    private WireForm() {
    }

    /**
     * Returns a match as bytes.
     *
     * @param match an OpenFlow 1.3 match
     * @return its bytes, inside an otherwise empty flow-mod
     */
    static byte[] of(Match match) {
        return write(OF13.buildFlowModify().setXid(0).setMatch(match).build());
    }

    /**
     * Returns a list of instructions as bytes.
     *
     * @param instructions instructions in switch order
     * @return their bytes, inside an otherwise empty flow-mod
     */
    static byte[] of(List<OFInstruction> instructions) {
        return write(OF13.buildFlowModify().setXid(0).setInstructions(instructions).build());
    }

    /**
     * Reads a match back from the bytes of {@link #of(Match)}.
     *
     * @param bytes the match's bytes
     * @return match
     */
    static Match match(byte[] bytes) {
        return read(bytes).getMatch();
    }

    /**
     * Reads instructions back from the bytes of {@link #of(List)}.
     *
     * @param bytes the instructions' bytes
     * @return instructions in switch order
     */
    static List<OFInstruction> instructions(byte[] bytes) {
        return read(bytes).getInstructions();
    }

    private static byte[] write(OFMessage message) {
        ByteBuf buffer = Unpooled.buffer(INITIAL_BYTES);
        message.writeTo(buffer);
        return ByteBufUtil.getBytes(buffer);
    }

    private static OFFlowModify read(byte[] bytes) {
        try {
            return (OFFlowModify) READER.readFrom(Unpooled.wrappedBuffer(bytes));
        } catch (OFParseError e) {
            throw new IllegalStateException("a flow this host encoded does not read back: " + e.getMessage(), e);
        }
    }
}
