package org.tenantnat.runtime;

import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pool usage from the desired state's pool and the allocation.
 */
final class PoolReport {

    private PoolReport() {
    }

    static PoolUsage usage(DesiredState state, Allocation allocation) {
        long size = state.pool().stream().mapToLong(PoolReport::addresses).sum();
        Map<String, Long> perTenant = new HashMap<>();
        allocation.byTenant().forEach((tenant, blocks) -> perTenant.put(tenant, addresses(blocks)));
        return new PoolUsage(size, allocation.allocatedAddresses(), perTenant);
    }

    private static long addresses(List<TranslatedBlock> blocks) {
        return blocks.stream().mapToLong(b -> addresses(b.translated())).sum();
    }

    private static long addresses(Ip4Prefix prefix) {
        return 1L << (32 - prefix.prefixLength());
    }
}
