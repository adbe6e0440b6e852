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
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
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

    private final DesiredState state;
    private final ErrorCollector errors;
    private static final int ID_TABLE_THRESHOLD = 256;

    private final Set<String> serviceNames;
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
     * Reports every item whose key an earlier item already has.
     *
     * @param count  number of items
     * @param key    key of item i
     * @param report what to say about a repeat
     * @param <K>    key type
     */
    /**
     * Reports every item whose id an earlier item already has.
     *
     * @param count  number of items
     * @param id     id of item i
     * @param report what to say about a repeat
     */
    void uniqueIds(int count, IntUnaryOperator id, DuplicateReport report) {
        if (count < ID_TABLE_THRESHOLD) {
            unique(count, id::applyAsInt, report);
            return;
        }
        // Ids are 16-bit when valid: for many items, a table of first owners beats a map of boxed ids.
        int[] first = new int[ConfigValidator.MAX_TENANT_ID + 1];
        Map<Integer, Integer> outOfRange = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int value = id.applyAsInt(i);
            if (value >= 0 && value < first.length) {
                if (first[value] != 0) {
                    report.report(i, first[value] - 1);
                } else {
                    first[value] = i + 1;
                }
            } else {
                Integer earlier = outOfRange.putIfAbsent(value, i);
                if (earlier != null) {
                    report.report(i, earlier);
                }
            }
        }
    }

    <K> void unique(int count, IntFunction<K> key, DuplicateReport report) {
        Map<K, Integer> first = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Integer earlier = first.putIfAbsent(key.apply(i), i);
            if (earlier != null) {
                report.report(i, earlier);
            }
        }
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
