package org.tenantnat.runtime;

import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.IndexTableId;
import org.tenantnat.api.TenantStats;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;
import org.tenantnat.pipeline.RuleCookie;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Per-tenant traffic from flow counters: what a tenant's source-translation rules matched went to a service, what
 * its return-translation rules matched came back to it. The tenant is read from each rule's cookie, so any node
 * can count any switch's flows.
 */
final class StatsReport {

    private final int fromTenantTable;
    private final int toTenantTable;

    StatsReport(PipelineSettings settings) {
        this.fromTenantTable = settings.tableId(PipelineTable.SOURCE_TRANSLATION);
        this.toTenantTable = settings.tableId(PipelineTable.RETURN_TRANSLATION);
    }

    /**
     * Adds up counters.
     *
     * @param tenants every tenant name, each reported even without traffic
     * @param byId    tenant id to tenant name, empty string when no tenant has the id
     * @param entries our flow entries of every switch holding tenants
     * @return tenant name to its traffic
     */
    Map<String, TenantStats> stats(Collection<String> tenants, IntFunction<String> byId,
                                   Collection<FlowEntry> entries) {
        Map<String, long[]> counters = new TreeMap<>();
        tenants.forEach(t -> counters.put(t, new long[4]));
        for (FlowEntry entry : entries) {
            int slot = slotOf(entry);
            long[] c = slot < 0 ? null : counters.get(byId.apply(RuleCookie.tenantOf(entry.id())));
            if (c != null) {
                c[slot] += entry.packets();
                c[slot + 1] += entry.bytes();
            }
        }
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
}
