package org.tenantnat.standalone.dataplane;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A switch's flow table as {@code ovs-ofctl --no-stats --no-names dump-flows} prints it: one line per rule (cookie,
 * table, priority, match, actions), without counters, so an unchanged table reads the same every time.
 */
final class FlowTable {

    /** Lists at most this many rules in a failure message; per-host tables hold thousands. */
    private static final int SHOWN = 50;
    private static final Pattern COOKIE = Pattern.compile("^cookie=0x([0-9a-f]+)");

    private final Set<String> rules;

    private FlowTable(Set<String> rules) {
        this.rules = rules;
    }

    /**
     * Parses dump-flows output.
     *
     * @param dump ovs-ofctl output
     * @return table
     */
    static FlowTable parse(String dump) {
        return new FlowTable(dump.lines().map(String::strip).filter(l -> l.startsWith("cookie="))
                                     .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Rules, sorted. */
    Set<String> rules() {
        return rules;
    }

    /** Number of rules. */
    int size() {
        return rules.size();
    }

    /** Rules that match a condition. */
    Set<String> rules(Predicate<String> condition) {
        return rules.stream().filter(condition).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Rules by the tenant id their cookie carries ({@code 0xAAAATTTTHHHHHHHH}: application, tenant, hash); rules
     * shared by the tenants of a switch carry 0.
     *
     * @return rules per tenant id
     */
    Map<Integer, Set<String>> byTenant() {
        Map<Integer, Set<String>> byTenant = new TreeMap<>();
        for (String rule : rules) {
            Matcher m = COOKIE.matcher(rule);
            if (!m.find()) {
                throw new IllegalStateException("no cookie in " + rule);
            }
            int tenant = (int) ((Long.parseUnsignedLong(m.group(1), 16) >>> 32) & 0xffff);
            byTenant.computeIfAbsent(tenant, t -> new TreeSet<>()).add(rule);
        }
        return byTenant;
    }

    /** Rules of this table that the other one lacks. */
    Set<String> minus(FlowTable other) {
        return rules(r -> !other.rules.contains(r));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowTable && rules.equals(((FlowTable) o).rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        String shown = rules.stream().limit(SHOWN).collect(Collectors.joining("\n  "));
        return rules.size() + " rules:\n  " + shown
                + (rules.size() > SHOWN ? "\n  ... " + (rules.size() - SHOWN) + " more" : "");
    }
}
