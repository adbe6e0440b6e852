package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.AccessRequest;
import org.tenantnat.api.model.Access;


import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.SERVICE;
import static org.tenantnat.config.FieldNames.VIP;

/**
 * JSON of the body of {@code POST /intents}: {@code {"tenant": "acme", "service": "backup", "vip": "10.250.0.10"}},
 * every field required.
 */
public final class AccessRequestCodec extends FieldCodec<AccessRequest> {

    static final String TENANT = "tenant";
    private static final KnownFields FIELDS = KnownFields.of(TENANT, SERVICE, VIP);

    @Override
    public ObjectNode encode(AccessRequest request, CodecContext context) {
        return context.mapper().createObjectNode()
                .put(TENANT, request.tenant())
                .put(SERVICE, request.access().service())
                .put(VIP, request.access().vip().toString());
    }

    @Override
    AccessRequest decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String tenant = r.text(TENANT, REQUIRED);
        String service = r.text(SERVICE, REQUIRED);
        Ip4Address vip = r.parsed(VIP, REQUIRED, TextForm.ADDRESS);
        r.throwIfAny();
        return new AccessRequest(tenant, new Access(service, vip));
    }
}
