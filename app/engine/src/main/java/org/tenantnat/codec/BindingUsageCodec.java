package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.config.Values;

import static org.tenantnat.codec.AccessRequestCodec.TENANT;

/**
 * JSON of how full a dynamic or pat tenant's pool block is, an item of {@code /pool}'s {@code bindings}:
 * {@code {"tenant", "mode", "poolBlock", "capacity", "inUse", "hosts", "heldDown", "peak", "refusals": {reason:
 * count}, "state", "reason"}}; slots are addresses (dynamic) or port blocks (pat), {@code reason} only when the
 * state is not OK.
 */
public final class BindingUsageCodec extends JsonCodec<BindingUsage> {

    @Override
    public ObjectNode encode(BindingUsage usage, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(TENANT, usage.tenant())
                .put("mode", Values.modeText(usage.mode()))
                .put("poolBlock", usage.poolBlock().toString())
                .put("capacity", usage.capacity())
                .put("inUse", usage.inUse())
                .put("hosts", usage.hosts())
                .put("heldDown", usage.heldDown())
                .put("peak", usage.peak());
        ObjectNode refusals = json.putObject("refusals");
        usage.refusals().forEach(refusals::put);
        json.put("state", usage.state().name());
        usage.reason().ifPresent(r -> json.put("reason", r));
        return json;
    }
}
