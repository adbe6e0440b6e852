package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatService;

/**
 * JSON of pool usage: {@code {"prefixes", "size", "allocated", "free", "perTenant": {"acme": 256}}}, counts in
 * addresses. The pool's prefixes are those of the desired state in force, asked of the context's
 * {@link TenantNatService} as ONOS codecs ask for the services they need.
 */
public final class PoolUsageCodec extends JsonCodec<PoolUsage> {

    private static final String PREFIXES = "prefixes";
    private static final String SIZE = "size";
    private static final String ALLOCATED = "allocated";
    private static final String FREE = "free";
    private static final String PER_TENANT = "perTenant";

    @Override
    public ObjectNode encode(PoolUsage usage, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode();
        ArrayNode prefixes = json.putArray(PREFIXES);
        context.getService(TenantNatService.class).desiredState().pool().forEach(p -> prefixes.add(p.toString()));
        json.put(SIZE, usage.size()).put(ALLOCATED, usage.allocated()).put(FREE, usage.free());
        ObjectNode perTenant = json.putObject(PER_TENANT);
        usage.perTenant().forEach(perTenant::put);
        return json;
    }
}
