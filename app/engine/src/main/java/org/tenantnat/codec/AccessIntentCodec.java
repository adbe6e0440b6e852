package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.api.AccessIntent;

import static org.tenantnat.codec.AccessRequestCodec.TENANT;
import static org.tenantnat.config.FieldNames.SERVICE;
import static org.tenantnat.config.FieldNames.VIP;

/**
 * JSON of an access intent and its state: {@code {"tenant", "service", "vip", "state", "reason"}}, the reason only
 * when there is one.
 */
public final class AccessIntentCodec extends JsonCodec<AccessIntent> {

    private static final String STATE = "state";
    private static final String REASON = "reason";

    @Override
    public ObjectNode encode(AccessIntent intent, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(TENANT, intent.tenant())
                .put(SERVICE, intent.service())
                .put(VIP, intent.vip().toString())
                .put(STATE, intent.state().name());
        intent.reason().ifPresent(r -> json.put(REASON, r));
        return json;
    }
}
