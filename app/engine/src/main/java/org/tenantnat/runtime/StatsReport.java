package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.IndexTableId;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-tenant traffic from flow counters: what a tenant's source-translation rules matched went to a service, what
 * its return-translation rules matched came back to it.
 */
final class StatsReport {

    private final int fromTenantTable;
    private final int toTenantTable;

    StatsReport(PipelineSettings settings) {
        this.fromTenantTable = settings.tableId(PipelineTable.SOURCE_TRANSLATION);
        this.toTenantTable = settings.tableId(PipelineTable.RETURN_TRANSLATION);
    }

    Map<String, TenantStats> stats(DesiredState state, Map<DeviceId, CompiledPipeline> pipelines,
                                   Map<DeviceId, Collection<FlowEntry>> entries) {
        Map<String, long[]> counters = new TreeMap<>();
        state.tenants().forEach(t -> counters.put(t.name(), new long[4]));
        pipelines.forEach((device, pipeline) -> {
            Map<FlowRule, String> owners = tenantOwners(pipeline);
            for (FlowEntry entry : entries.getOrDefault(device, List.of())) {
                String tenant = owners.get(entry);
                int slot = slotOf(entry);
                if (tenant != null && slot >= 0 && counters.containsKey(tenant)) {
                    counters.get(tenant)[slot] += entry.packets();
                    counters.get(tenant)[slot + 1] += entry.bytes();
                }
            }
        });
        Map<String, TenantStats> result = new TreeMap<>();
        counters.forEach((t, c) -> result.put(t, new TenantStats(t, c[0], c[1], c[2], c[3])));
        return result;
    }

    // Counter slots: 0/1 packets/bytes from the tenant, 2/3 to it; -1 for tables that count neither.
    private int slotOf(FlowEntry entry) {
        if (entry.table().equals(IndexTableId.of(fromTenantTable))) {
            return 0;
        }
        return entry.table().equals(IndexTableId.of(toTenantTable)) ? 2 : -1;
    }

    private static Map<FlowRule, String> tenantOwners(CompiledPipeline pipeline) {
        Map<FlowRule, String> owners = new HashMap<>();
        pipeline.rules().forEach((owner, rules) -> owner.tenant()
                .filter(t -> owner.service().isEmpty())
                .ifPresent(t -> rules.forEach(r -> owners.put(r, t))));
        return owners;
    }
}
