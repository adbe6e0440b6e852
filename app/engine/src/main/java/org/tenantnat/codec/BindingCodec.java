package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.api.model.Binding;

import static org.tenantnat.codec.AccessRequestCodec.TENANT;
import static org.tenantnat.codec.TranslatedBlockCodec.ORIGINAL;
import static org.tenantnat.codec.TranslatedBlockCodec.TRANSLATED;

/**
 * JSON of a binding, the answer to a lookup: {@code {"tenant", "original", "translated"}}, addresses.
 */
public final class BindingCodec extends JsonCodec<Binding> {

    @Override
    public ObjectNode encode(Binding binding, CodecContext context) {
        return context.mapper().createObjectNode()
                .put(TENANT, binding.tenant())
                .put(ORIGINAL, binding.original().toString())
                .put(TRANSLATED, binding.translated().toString());
    }
}
