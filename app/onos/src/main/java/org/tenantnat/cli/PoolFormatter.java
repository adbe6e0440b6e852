package org.tenantnat.cli;

import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.PoolUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders translation pool usage, for {@code tenantnat-pool}.
 */
public final class PoolFormatter {

    private PoolFormatter() {
    }

    /**
     * Renders pool usage as text: totals, then addresses held per tenant.
     *
     * @param pool  pool prefixes
     * @param usage usage
     * @return lines
     */
    public static List<String> lines(List<Ip4Prefix> pool, PoolUsage usage) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("pool=%s, size=%d, allocated=%d, free=%d, used=%s", prefixes(pool), usage.size(),
                                usage.allocated(), usage.free(), percent(usage.allocated(), usage.size())));
        usage.perTenant().forEach((tenant, count) -> lines.add(String.format("    tenant=%s, addresses=%d",
                                                                               tenant, count)));
        return lines;
    }

    private static String prefixes(List<Ip4Prefix> pool) {
        return pool.stream().map(Ip4Prefix::toString).collect(Collectors.joining(","));
    }

    // One decimal; never shows 0.0% for a pool that holds anything.
    private static String percent(long part, long whole) {
        if (whole == 0 || part == 0) {
            return "0%";
        }
        double p = 100.0 * part / whole;
        return p < 0.1 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", p);
    }
}
