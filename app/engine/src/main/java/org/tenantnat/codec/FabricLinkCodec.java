package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.config.Values;


import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.DST;
import static org.tenantnat.config.FieldNames.SRC;

/**
 * JSON of a link declared between two switches:
 * {@code {"src": "of:0000000000000001/4", "dst": "of:0000000000000003/1"}}. An item of the document's
 * {@code links} and a record of the stores.
 */
public final class FabricLinkCodec extends FieldCodec<FabricLink> {

    private static final KnownFields FIELDS = KnownFields.of(SRC, DST);

    @Override
    public ObjectNode encode(FabricLink link, CodecContext context) {
        return context.mapper().createObjectNode()
                .put(SRC, Values.connectPointText(link.src()))
                .put(DST, Values.connectPointText(link.dst()));
    }

    @Override
    FabricLink decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        ConnectPoint src = r.parsed(SRC, REQUIRED, TextForm.CONNECT_POINT);
        ConnectPoint dst = r.parsed(DST, REQUIRED, TextForm.CONNECT_POINT);
        r.throwIfAny();
        return new FabricLink(src, dst);
    }
}
