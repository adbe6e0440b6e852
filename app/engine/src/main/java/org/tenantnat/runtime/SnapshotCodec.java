package org.tenantnat.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.runtime.StateStore.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot as one JSON document: the desired state in its own shape plus the translated blocks and the learned
 * MACs, each written by the codec of its type. Stores keep this text, so what is persisted is exactly what an
 * operator reads and writes.
 */
public final class SnapshotCodec {

    private static final String DESIRED = "desiredState";
    private static final String BLOCKS = "translatedBlocks";
    private static final String LEARNED = "learnedMacs";

    private final LocalCodecContext context = LocalCodecContext.withTenantNatCodecs();

    /**
     * Encodes a snapshot.
     *
     * @param snapshot snapshot
     * @return JSON text
     */
    public String encode(Snapshot snapshot) {
        ObjectNode root = context.mapper().createObjectNode();
        root.set(DESIRED, context.encode(snapshot.desiredState(), DesiredState.class));
        root.set(BLOCKS, context.codec(TranslatedBlock.class).encode(snapshot.allocation().allBlocks(), context));
        root.set(LEARNED, context.codec(LearnedMac.class).encode(snapshot.learnedMacs(), context));
        return JsonDocument.indented(root);
    }

    /**
     * Decodes a snapshot written by {@link #encode}.
     *
     * @param json JSON text
     * @return snapshot
     * @throws IllegalArgumentException when the text is not a snapshot
     */
    public Snapshot decode(String json) {
        try {
            ObjectNode root = JsonDocument.parseObject(json);
            if (!root.path(DESIRED).isObject() || !root.path(BLOCKS).isArray()) {
                throw new IllegalArgumentException("stored state lacks " + DESIRED + " or " + BLOCKS);
            }
            DesiredState desired = context.decode(root.get(DESIRED), DesiredState.class);
            List<TranslatedBlock> blocks = decodeAll(root.get(BLOCKS), TranslatedBlock.class);
            // Snapshots written before MACs were kept have none: they are learned again by ARP.
            List<LearnedMac> learned = decodeAll(root.path(LEARNED), LearnedMac.class);
            return new Snapshot(desired, Allocation.of(blocks), learned);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException("stored state is not a snapshot: " + e.getMessage(), e);
        }
    }

    private <T> List<T> decodeAll(JsonNode records, Class<T> type) {
        List<T> decoded = new ArrayList<>();
        for (JsonNode record : records) {
            decoded.add(context.decode(JsonDocument.object(record), type));
        }
        return decoded;
    }
}
