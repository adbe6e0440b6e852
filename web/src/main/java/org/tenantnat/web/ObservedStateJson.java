package org.tenantnat.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.TranslatedBlock;

/**
 * JSON for what tenantnat observes and computes, as opposed to the desired state (which the engine's codec
 * writes): access intents with their state, translated blocks, bindings, pool usage and tenant traffic.
 */
public final class ObservedStateJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ObservedStateJson() {
    }

    /**
     * Encodes an access intent: {@code {"tenant", "service", "vip", "state", "reason"}}, reason only when set.
     *
     * @param intent intent
     * @return JSON object
     */
    public static ObjectNode intent(AccessIntent intent) {
        ObjectNode json = JSON.objectNode()
                .put("tenant", intent.tenant())
                .put("service", intent.service())
                .put("vip", intent.vip().toString())
                .put("state", intent.state().name());
        intent.reason().ifPresent(r -> json.put("reason", r));
        return json;
    }

    /**
     * Encodes a translated block: {@code {"tenant", "original", "translated"}} (prefixes).
     *
     * @param block block
     * @return JSON object
     */
    public static ObjectNode block(TranslatedBlock block) {
        return JSON.objectNode()
                .put("tenant", block.tenant())
                .put("original", block.original().toString())
                .put("translated", block.translated().toString());
    }

    /**
     * Encodes a binding: {@code {"tenant", "original", "translated"}} (addresses).
     *
     * @param binding binding
     * @return JSON object
     */
    public static ObjectNode binding(Binding binding) {
        return JSON.objectNode()
                .put("tenant", binding.tenant())
                .put("original", binding.original().toString())
                .put("translated", binding.translated().toString());
    }

    /**
     * Encodes pool usage: {@code {"size", "allocated", "free", "perTenant": {"acme": 256}}} in addresses.
     *
     * @param usage pool usage
     * @return JSON object
     */
    public static ObjectNode pool(PoolUsage usage) {
        ObjectNode json = JSON.objectNode()
                .put("size", usage.size())
                .put("allocated", usage.allocated())
                .put("free", usage.free());
        ObjectNode perTenant = json.putObject("perTenant");
        usage.perTenant().forEach(perTenant::put);
        return json;
    }

    /**
     * Encodes a tenant's traffic: {@code {"tenant", "fromTenant": {"packets", "bytes"}, "toTenant": {...}}}.
     *
     * @param stats tenant statistics
     * @return JSON object
     */
    public static ObjectNode stats(TenantStats stats) {
        ObjectNode json = JSON.objectNode().put("tenant", stats.tenant());
        json.putObject("fromTenant").put("packets", stats.packetsFromTenant()).put("bytes", stats.bytesFromTenant());
        json.putObject("toTenant").put("packets", stats.packetsToTenant()).put("bytes", stats.bytesToTenant());
        return json;
    }
}
