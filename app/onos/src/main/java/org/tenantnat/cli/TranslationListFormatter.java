package org.tenantnat.cli;

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
}
