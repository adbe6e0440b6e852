package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;

/**
 * A codec that decodes through a {@link FieldReader}: the same decoding reads a tree (an ONOS network-config
 * subtree, a REST body) and an object of a document streamed into a {@link JsonTape}, and a nested object is
 * handed to its own codec as a reader of the same tape rather than as a tree.
 *
 * @param <T> entity type
 */
abstract class FieldCodec<T> extends JsonCodec<T> {

    @Override
    public final T decode(ObjectNode json, CodecContext context) {
        return decode(FieldReader.of(json), context);
    }

    /**
     * Decodes the object a reader reads.
     *
     * @param r       reader of the object
     * @param context where the codecs of nested objects come from
     * @return the entity
     * @throws org.tenantnat.config.InvalidConfigException listing every error, paths relative to the object
     */
    abstract T decode(FieldReader r, CodecContext context);
}
