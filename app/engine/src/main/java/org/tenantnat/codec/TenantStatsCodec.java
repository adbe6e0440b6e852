package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.api.TenantStats;

import static org.tenantnat.codec.AccessRequestCodec.TENANT;

/**
 * JSON of a tenant's traffic: {@code {"tenant", "fromTenant": {"packets", "bytes"}, "toTenant": {...}}}.
 */
public final class TenantStatsCodec extends JsonCodec<TenantStats> {

    private static final String FROM_TENANT = "fromTenant";
    private static final String TO_TENANT = "toTenant";
    private static final String PACKETS = "packets";
    private static final String BYTES = "bytes";

    @Override
    public ObjectNode encode(TenantStats stats, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode().put(TENANT, stats.tenant());
        json.putObject(FROM_TENANT).put(PACKETS, stats.packetsFromTenant()).put(BYTES, stats.bytesFromTenant());
        json.putObject(TO_TENANT).put(PACKETS, stats.packetsToTenant()).put(BYTES, stats.bytesToTenant());
        return json;
    }
}
