package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.TenantStats;

import java.util.Collection;

/**
 * Shows each tenant's traffic from the counters of its translation rules; {@code -j} prints what
 * {@code GET /stats} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-stats",
        description = "Shows packets and bytes translated from and back to each tenant")
public class StatsCommand extends TenantNatCommand {

    @Override
    protected void run() {
        Collection<TenantStats> stats = nat().stats().values();
        if (outputJson()) {
            printJson(list("stats", TenantStats.class, stats));
        } else if (stats.isEmpty()) {
            print("No tenants");
        } else {
            stats.forEach(s -> print("tenant=%s, fromTenant=%d packets/%d bytes, toTenant=%d packets/%d bytes",
                                     s.tenant(), s.packetsFromTenant(), s.bytesFromTenant(), s.packetsToTenant(),
                                     s.bytesToTenant()));
        }
    }
}
