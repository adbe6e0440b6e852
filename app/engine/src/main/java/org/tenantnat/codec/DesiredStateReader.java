package org.tenantnat.codec;

import com.fasterxml.jackson.databind.JsonNode;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.config.ConfigValidator;

/**
 * Turns a desired-state document into a checked {@link DesiredState} in one step: the codec's errors if the
 * document is malformed, otherwise the validator's errors if it makes no sense, otherwise the state.
 */
public final class DesiredStateReader {

    private static final LocalCodecContext CONTEXT = LocalCodecContext.withTenantNatCodecs();
    private static final ConfigValidator VALIDATOR = new ConfigValidator();
    private static final DesiredStateCodec DECODER = new DesiredStateCodec();

    private DesiredStateReader() {
    }

    /**
     * Decodes and validates JSON text.
     *
     * @param json JSON text
     * @return valid desired state
     * @throws org.tenantnat.config.InvalidConfigException listing every error of the first stage that found any
     */
    public static DesiredState parseAndValidate(String json) {
        // Streamed straight into the codec's reader: a large document is never built as a tree.
        return validated(DECODER.decode(JsonDocument.objectReader(json), CONTEXT));
    }

    /**
     * Decodes and validates a JSON document, e.g. the tenantnat subtree of ONOS network config.
     *
     * @param json the document
     * @return valid desired state
     * @throws org.tenantnat.config.InvalidConfigException listing every error of the first stage that found any
     */
    public static DesiredState parseAndValidate(JsonNode json) {
        return validated(CONTEXT.decode(JsonDocument.object(json), DesiredState.class));
    }

    private static DesiredState validated(DesiredState state) {
        VALIDATOR.check(state);
        return state;
    }
}
