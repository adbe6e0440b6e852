package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Parses one framed OpenFlow message (any version) with openflowj. A packet-in whose match holds extension fields
 * openflowj does not know is parsed with its standard fields only ({@link PacketInMatch}). A message openflowj cannot
 * parse is logged and skipped: framing is by the header's length, so the stream stays in sync.
 */
final class OFMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(OFMessageDecoder.class);

    private final OFMessageReader<OFMessage> reader = OFFactories.getGenericReader();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int start = frame.readerIndex();
        try {
            OFMessage message = reader.readFrom(frame);
            if (message != null) {
                out.add(message);
            }
        } catch (OFParseError e) {
            frame.readerIndex(start);
            ByteBuf standard = PacketInMatch.standardFieldsOnly(frame);
            if (standard != null) {
                try {
                    OFMessage message = reader.readFrom(standard);
                    if (message != null) {
                        out.add(message);
                        return;
                    }
                } catch (OFParseError again) {
                    e.addSuppressed(again);
                } finally {
                    standard.release();
                }
            }
            log.warn("{}: skipped a message openflowj cannot parse: {}", ctx.channel().remoteAddress(),
                     e.getMessage());
        }
    }
}
