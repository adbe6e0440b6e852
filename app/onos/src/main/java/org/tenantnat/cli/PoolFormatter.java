package org.tenantnat.cli;

import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.config.Values;

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

    /**
     * Renders the pool blocks of dynamic and pat tenants: one line each, slots being addresses (dynamic) or port
     * blocks (pat), with the reason when in ALARM or FAILED.
     *
     * @param blocks usage of each pool block
     * @return lines
     */
    public static List<String> poolBlocks(List<BindingUsage> blocks) {
        List<String> lines = new ArrayList<>();
        for (BindingUsage u : blocks) {
            lines.add(String.format("    tenant=%s, mode=%s, poolBlock=%s, inUse=%d of %d, hosts=%d, heldDown=%d, "
                                            + "peak=%d, refusals=%s, state=%s%s", u.tenant(),
                                    Values.modeText(u.mode()), u.poolBlock(), u.inUse(), u.capacity(), u.hosts(),
                                    u.heldDown(), u.peak(), u.refusals(), u.state(),
                                    u.reason().map(r -> " (" + r + ")").orElse("")));
        }
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
