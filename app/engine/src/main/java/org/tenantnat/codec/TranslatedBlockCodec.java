package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.TranslatedBlock;


import static org.tenantnat.codec.AccessRequestCodec.TENANT;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;

/**
 * JSON of a translated block: {@code {"tenant", "original", "translated"}}, prefixes. An item of
 * {@code /translations} and a record of the stores.
 */
public final class TranslatedBlockCodec extends FieldCodec<TranslatedBlock> {

    static final String ORIGINAL = "original";
    static final String TRANSLATED = "translated";
    private static final KnownFields FIELDS = KnownFields.of(TENANT, ORIGINAL, TRANSLATED);

    @Override
    public ObjectNode encode(TranslatedBlock block, CodecContext context) {
        return context.mapper().createObjectNode()
                .put(TENANT, block.tenant())
                .put(ORIGINAL, block.original().toString())
                .put(TRANSLATED, block.translated().toString());
    }

    @Override
    TranslatedBlock decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String tenant = r.text(TENANT, REQUIRED);
        Ip4Prefix original = r.parsed(ORIGINAL, REQUIRED, TextForm.PREFIX);
        Ip4Prefix translated = r.parsed(TRANSLATED, REQUIRED, TextForm.PREFIX);
        if (original != null && translated != null && original.prefixLength() != translated.prefixLength()) {
            r.error(TRANSLATED, "%s must be a /%d like the original %s", translated, original.prefixLength(),
                    original);
        }
        r.throwIfAny();
        return new TranslatedBlock(tenant, original, translated);
    }
}
