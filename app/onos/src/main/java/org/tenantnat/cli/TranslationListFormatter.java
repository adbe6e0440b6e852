package org.tenantnat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders translated blocks, for {@code tenantnat-translations}.
 */
public final class TranslationListFormatter {

    private TranslationListFormatter() {
    }

    /**
     * Renders blocks as text, one per line.
     *
     * @param blocks blocks, in the order to show them
     * @return lines
     */
    public static List<String> lines(List<TranslatedBlock> blocks) {
        if (blocks.isEmpty()) {
            return List.of("No translations");
        }
        return blocks.stream()
                .map(b -> String.format("tenant=%s, original=%s, translated=%s", b.tenant(), b.original(),
                                        b.translated()))
                .collect(Collectors.toList());
    }

    /**
     * Renders blocks as JSON.
     *
     * @param mapper mapper to create nodes with
     * @param blocks blocks
     * @return array of block objects
     */
    public static ArrayNode json(ObjectMapper mapper, List<TranslatedBlock> blocks) {
        ArrayNode array = mapper.createArrayNode();
        blocks.forEach(b -> array.addObject().put("tenant", b.tenant()).put("original", b.original().toString())
                .put("translated", b.translated().toString()));
        return array;
    }
}
