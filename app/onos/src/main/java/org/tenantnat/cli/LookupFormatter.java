package org.tenantnat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * Renders a lookup as JSON.
     *
     * @param mapper     mapper to create nodes with
     * @param translated the address looked up
     * @param binding    the tenant host it stands for, empty when free
     * @return object with the address and, when bound, tenant and host
     */
    public static ObjectNode json(ObjectMapper mapper, Ip4Address translated, Optional<Binding> binding) {
        ObjectNode node = mapper.createObjectNode().put("translated", translated.toString())
                .put("free", binding.isEmpty());
        binding.ifPresent(b -> node.put("tenant", b.tenant()).put("host", b.original().toString()));
        return node;
    }
}
