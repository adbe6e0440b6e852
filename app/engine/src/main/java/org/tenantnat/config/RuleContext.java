package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What every rule needs: the state under review, the paths that name its items, where errors go, and the
 * checks several rules share.
 */
final class RuleContext {

    /** Reports that item {@code later} repeats something item {@code first} already has. */
    interface DuplicateReport {
        void report(int later, int first);
    }

    /** Tells whether two items, whose keys hash alike, have the same key. */
    interface SameKey {
        boolean same(int a, int b);
    }

    private final DesiredState state;
    private final ErrorCollector errors;
    private static final int SCAN_LIMIT = 8;
    // 2^32 / golden ratio, odd: multiplying by it spreads any bit of a hash over the top bits.
    private static final int FIBONACCI = 0x9E3779B9;

    private final Set<String> serviceNames;
    private TenantFacts tenantFacts;
    // Paths are only needed to report errors: built on the first one, so a valid document costs none.
    private List<String> tenantPaths;
    private List<String> servicePaths;

    /**
     * Creates the context.
     *
     * @param state  state under review
     * @param errors where errors go
     */
    RuleContext(DesiredState state, ErrorCollector errors) {
        this.state = state;
        this.errors = errors;
        this.serviceNames = new HashSet<>();
        state.services().forEach(s -> serviceNames.add(s.name()));
    }

    DesiredState state() {
        return state;
    }

    List<Tenant> tenants() {
        return state.tenants();
    }

    List<Service> services() {
        return state.services();
    }

    /** Returns what the rules ask of every tenant, gathered on first use. */
    TenantFacts tenantFacts() {
        if (tenantFacts == null) {
            tenantFacts = new TenantFacts(state.tenants(), serviceNames);
        }
        return tenantFacts;
    }

    /** Tells whether a service of that name exists. */
    boolean hasService(String name) {
        return serviceNames.contains(name);
    }

    /** Returns how tenant {@code i} is named in errors, e.g. {@code tenants[acme]}. */
    String tenant(int i) {
        if (tenantPaths == null) {
            tenantPaths = FieldPath.items(FieldNames.TENANTS,
                    state.tenants().stream().map(Tenant::name).collect(Collectors.toList()));
        }
        return tenantPaths.get(i);
    }

    /** Returns the path of a field of tenant {@code i}, e.g. {@code tenants[acme].vlan}. */
    String tenant(int i, String field) {
        return FieldPath.child(tenant(i), field);
    }

    /** Returns how service {@code i} is named in errors, e.g. {@code services[backup]}. */
    String service(int i) {
        if (servicePaths == null) {
            servicePaths = FieldPath.items(FieldNames.SERVICES,
                    state.services().stream().map(Service::name).collect(Collectors.toList()));
        }
        return servicePaths.get(i);
    }

    /** Returns the path of a field of service {@code i}, e.g. {@code services[backup].ip}. */
    String service(int i, String field) {
        return FieldPath.child(service(i), field);
    }

    /** Records an error. */
    void error(String field, String message, Object... args) {
        errors.add(field, message, args);
    }

    /**
     * Reports every item whose key an earlier item already has, naming the first item that has it.
     *
     * @param count  number of items
     * @param key    key of item i
     * @param report what to say about a repeat
     * @param <K>    key type
     */
    <K> void unique(int count, IntFunction<K> key, DuplicateReport report) {
        if (count < 2) {
            return;
        }
        if (count <= SCAN_LIMIT) {
            // A tenant's few accesses: comparing each with the earlier ones beats building a map.
            for (int i = 1; i < count; i++) {
                K k = key.apply(i);
                for (int j = 0; j < i; j++) {
                    if (Objects.equals(k, key.apply(j))) {
                        report.report(i, j);
                        break;
                    }
                }
            }
            return;
        }
        Map<K, Integer> first = new HashMap<>(capacityFor(count));
        for (int i = 0; i < count; i++) {
            Integer earlier = first.putIfAbsent(key.apply(i), i);
            if (earlier != null) {
                report.report(i, earlier);
            }
        }
    }

    /**
     * Reports every item whose key an earlier item already has, naming the first item that has it, from the keys'
     * hashes: keys are compared only where hashes meet, so the items need not be visited again.
     *
     * @param count  number of items
     * @param hashes hash of the key of each item
     * @param same   whether two items have the same key
     * @param report what to say about a repeat
     */
    void unique(int count, int[] hashes, SameKey same, DuplicateReport report) {
        // Open addressing, at most half full: slot holds 1 + the first item with a key, 0 when free. Keys such as
        // packed attachments differ mostly in high bits, so the slot is taken from the top of a Fibonacci product,
        // which every bit of the hash reaches; the low bits alone would pile them into long probe runs.
        int bits = Integer.numberOfTrailingZeros(Integer.highestOneBit(Math.max(count, 1))) + 2;
        int[] first = new int[1 << bits];
        int mask = first.length - 1;
        for (int i = 0; i < count; i++) {
            int hash = hashes[i];
            int slot = (hash * FIBONACCI) >>> (Integer.SIZE - bits);
            while (first[slot] != 0) {
                int j = first[slot] - 1;
                if (hashes[j] == hash && same.same(i, j)) {
                    report.report(i, j);
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (first[slot] == 0) {
                first[slot] = i + 1;
            }
        }
    }

    // A HashMap capacity that holds count entries without growing.
    private static int capacityFor(int count) {
        return (int) (count / 0.75f) + 1;
    }

    /** Checks that a tenant or service name can appear in a REST URL. */
    void checkName(Supplier<String> field, String name) {
        if (!ConfigValidator.isValidName(name)) {
            error(field.get(), "'%s' is not a valid name: use 1 to 63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (names appear in REST URLs)", name);
        }
    }

    /** Checks that an address can belong to a host, router, gateway or VIP. */
    void checkHostAddress(Supplier<String> field, Ip4Address address) {
        Addresses.specialUse(address).ifPresent(why -> error(field.get(), "%s is %s", address, why));
    }

    /** Tells whether a MAC can belong to one interface: not broadcast, multicast or all zero. */
    static boolean isUnicast(MacAddress mac) {
        // onlab's isMulticast() is false for the broadcast MAC, so both are asked.
        return !mac.isBroadcast() && !mac.isMulticast() && !MacAddress.ZERO.equals(mac);
    }

    /** Checks that a MAC can belong to one interface. */
    void checkUnicastMac(Supplier<String> field, MacAddress mac) {
        // onlab's isMulticast() is false for the broadcast MAC, so both are asked.
        if (mac.isBroadcast() || mac.isMulticast()) {
            error(field.get(), "%s is a %s MAC; a unicast MAC is required", mac,
                  mac.isBroadcast() ? "broadcast" : "multicast");
        } else if (MacAddress.ZERO.equals(mac)) {
            error(field.get(), "%s is the all-zero MAC; a unicast MAC is required", mac);
        }
    }
}
