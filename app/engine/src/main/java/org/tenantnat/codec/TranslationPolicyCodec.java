package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSet;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.Values;

import java.util.Set;

import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.BLOCK_SIZE;
import static org.tenantnat.config.FieldNames.IDLE_TIMEOUT;
import static org.tenantnat.config.FieldNames.MAX_HOSTS;
import static org.tenantnat.config.FieldNames.MODE;

/**
 * JSON of a tenant's translation policy: {@code {"mode": "static"}}, with the dynamic mode's
 * {@code blockSize}, {@code maxHosts} and {@code idleTimeout} when set.
 */
public final class TranslationPolicyCodec extends FieldCodec<TranslationPolicy> {

    private static final Set<String> FIELDS = ImmutableSet.of(MODE, BLOCK_SIZE, MAX_HOSTS, IDLE_TIMEOUT);

    @Override
    public ObjectNode encode(TranslationPolicy policy, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode().put(MODE, Values.modeText(policy.mode()));
        policy.blockSize().ifPresent(v -> json.put(BLOCK_SIZE, v));
        policy.maxHosts().ifPresent(v -> json.put(MAX_HOSTS, v));
        policy.idleTimeout().ifPresent(v -> json.put(IDLE_TIMEOUT, v));
        return json;
    }

    @Override
    TranslationPolicy decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        TranslationPolicy.Mode mode = r.parsed(MODE, REQUIRED, TextForm.MODE);
        Integer blockSize = r.integer(BLOCK_SIZE, OPTIONAL);
        Integer maxHosts = r.integer(MAX_HOSTS, OPTIONAL);
        Integer idleTimeout = r.integer(IDLE_TIMEOUT, OPTIONAL);
        r.throwIfAny();
        if (mode == TranslationPolicy.Mode.STATIC && blockSize == null && maxHosts == null && idleTimeout == null) {
            return TranslationPolicy.STATIC;
        }
        return new TranslationPolicy(mode, blockSize, maxHosts, idleTimeout);
    }
}
