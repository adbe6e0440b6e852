package org.tenantnat.cli;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Binding;

import java.util.Optional;

/**
 * Renders the answer to a translated-address lookup, for {@code tenantnat-lookup}.
 */
public final class LookupFormatter {

    private LookupFormatter() {
    }

    /**
     * Renders a lookup as text.
     *
     * @param translated the address looked up
     * @param binding    the tenant host it stands for, empty when free
     * @return one line
     */
    public static String line(Ip4Address translated, Optional<Binding> binding) {
        return binding.map(b -> String.format("%s: tenant=%s, host=%s", translated, b.tenant(), b.original()))
                .orElse(translated + ": free");
    }
}
