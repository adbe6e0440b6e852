package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.Values;


import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.BLOCK_SIZE;
import static org.tenantnat.config.FieldNames.HOLD_DOWN;
import static org.tenantnat.config.FieldNames.IDLE_TIMEOUT;
import static org.tenantnat.config.FieldNames.MAX_HOSTS;
import static org.tenantnat.config.FieldNames.MAX_PORT_BLOCKS;
import static org.tenantnat.config.FieldNames.MODE;
import static org.tenantnat.config.FieldNames.PORT_BLOCK_SIZE;

/**
 * JSON of a tenant's translation policy: {@code {"mode": "static"}}, with the dynamic and pat modes'
 * {@code blockSize}, {@code maxHosts}, {@code idleTimeout} and {@code holdDown}, and pat's {@code portBlockSize} and
 * {@code maxPortBlocks}, when set. Which fields a mode may have is the validator's to say.
 */
public final class TranslationPolicyCodec extends FieldCodec<TranslationPolicy> {

    private static final KnownFields FIELDS = KnownFields.of(MODE, BLOCK_SIZE, MAX_HOSTS, IDLE_TIMEOUT, HOLD_DOWN,
                                                              PORT_BLOCK_SIZE, MAX_PORT_BLOCKS);

    @Override
    public ObjectNode encode(TranslationPolicy policy, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode().put(MODE, Values.modeText(policy.mode()));
        policy.blockSize().ifPresent(v -> json.put(BLOCK_SIZE, v));
        policy.maxHosts().ifPresent(v -> json.put(MAX_HOSTS, v));
        policy.idleTimeout().ifPresent(v -> json.put(IDLE_TIMEOUT, v));
        policy.holdDown().ifPresent(v -> json.put(HOLD_DOWN, v));
        policy.portBlockSize().ifPresent(v -> json.put(PORT_BLOCK_SIZE, v));
        policy.maxPortBlocks().ifPresent(v -> json.put(MAX_PORT_BLOCKS, v));
        return json;
    }

    @Override
    TranslationPolicy decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        TranslationPolicy.Mode mode = r.parsed(MODE, REQUIRED, TextForm.MODE);
        TranslationPolicy.Builder policy = TranslationPolicy.builder(mode)
                .blockSize(r.integer(BLOCK_SIZE, OPTIONAL))
                .maxHosts(r.integer(MAX_HOSTS, OPTIONAL))
                .idleTimeout(r.integer(IDLE_TIMEOUT, OPTIONAL))
                .holdDown(r.integer(HOLD_DOWN, OPTIONAL))
                .portBlockSize(r.integer(PORT_BLOCK_SIZE, OPTIONAL))
                .maxPortBlocks(r.integer(MAX_PORT_BLOCKS, OPTIONAL));
        r.throwIfAny();
        TranslationPolicy decoded = policy.build();
        return decoded.equals(TranslationPolicy.STATIC) ? TranslationPolicy.STATIC : decoded;
    }
}
