package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.Access;


import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.SERVICE;
import static org.tenantnat.config.FieldNames.VIP;

/**
 * JSON of one entry of a tenant's access list: {@code {"service": "backup", "vip": "10.250.0.10"}}.
 */
public final class AccessCodec extends FieldCodec<Access> {

    private static final KnownFields FIELDS = KnownFields.of(SERVICE, VIP);

    @Override
    public ObjectNode encode(Access access, CodecContext context) {
        return context.mapper().createObjectNode()
                .put(SERVICE, access.service())
                .put(VIP, access.vip().toString());
    }

    @Override
    Access decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String service = r.text(SERVICE, REQUIRED);
        Ip4Address vip = r.parsed(VIP, REQUIRED, TextForm.ADDRESS);
        r.throwIfAny();
        return new Access(service, vip);
    }
}
