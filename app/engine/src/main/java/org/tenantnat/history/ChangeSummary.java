package org.tenantnat.history;

import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.GATEWAY_MAC;
import static org.tenantnat.config.FieldNames.ID;
import static org.tenantnat.config.FieldNames.IP;
import static org.tenantnat.config.FieldNames.MAC;
import static org.tenantnat.config.FieldNames.POOL;
import static org.tenantnat.config.FieldNames.PREFIXES;
import static org.tenantnat.config.FieldNames.ROUTER_IP;
import static org.tenantnat.config.FieldNames.ROUTER_MAC;
import static org.tenantnat.config.FieldNames.TRANSLATED_PREFIXES;
import static org.tenantnat.config.FieldNames.TRANSLATION;
import static org.tenantnat.config.FieldNames.VLAN;

/**
 * What a change does to the desired state, in the operator's words: one line per setting, service, tenant, access
 * or declared link it changes, e.g. {@code settings changed: pool}, {@code service archive removed}, {@code tenant
 * acme added}, {@code tenant globex changed: prefixes, access +portal}, {@code access acme/backup revoked},
 * {@code link of:0000000000000001/10-of:0000000000000003/1 added}. Fields are
 * named as in the desired-state document. A tenant whose only change is its access gets one line per access
 * granted, revoked or moved to another VIP ({@code access acme/backup changed: vip}); otherwise one line lists
 * everything that changed, access as {@code access +SERVICE}, {@code access -SERVICE} and {@code vip of SERVICE}.
 * <p>
 * Allocations and learned MACs are not described: they follow from the desired state, or are tenantnat's own
 * observations. A change of many items (seeding a large state) is described by its first
 * {@value #MAX_LINES} lines less one, then a count of the rest per kind.
 */
public final class ChangeSummary {

    /** The most lines a summary has. */
    public static final int MAX_LINES = 50;

    private static final String SETTINGS = "settings";
    private static final String SERVICE = "service";
    private static final String TENANT = "tenant";
    private static final String ACCESS = "access";
    private static final String LINK = "link";
    private static final String ADDED = "added";
    private static final String REMOVED = "removed";
    private static final String CHANGED = "changed";
    private static final String GRANTED = "granted";
    private static final String REVOKED = "revoked";

    /** One line, with what it is about, to count the lines left out of a long summary. */
    private static final class Line {
        private final String kind;
        private final String action;
        private final String text;

        Line(String kind, String action, String text) {
            this.kind = kind;
            this.action = action;
            this.text = text;
        }
    }

    private final List<Line> lines = new ArrayList<>();

    private ChangeSummary() {
    }

    /**
     * Describes a change against the desired state in force before it.
     *
     * @param before the desired state before the change
     * @param change the change
     * @return one line per item changed, in the order settings, services, tenants, links (each by name); empty when
     *         the change leaves the desired state as it was
     */
    public static List<String> describe(DesiredStateIndex before, StateChange change) {
        return describe(before.settings(), before::service, before::tenant, before::link, change);
    }

    /**
     * Describes a change against the desired state before it, given by its settings and lookups by name.
     *
     * @param settings the provider settings before the change
     * @param services each service before the change, by name
     * @param tenants  each tenant before the change, by name
     * @param links    each declared link before the change, by {@link FabricLink#key()}
     * @param change   the change
     * @return one line per item changed, as {@link #describe(DesiredStateIndex, StateChange)}
     */
    public static List<String> describe(ProviderSettings settings, Function<String, Optional<Service>> services,
                                        Function<String, Optional<Tenant>> tenants,
                                        Function<String, Optional<FabricLink>> links, StateChange change) {
        ChangeSummary summary = new ChangeSummary();
        change.settings().ifPresent(s -> summary.settings(settings, s));
        change.services().forEach((name, next) -> summary.service(name, services.apply(name), next));
        change.tenants().forEach((name, next) -> summary.tenant(name, tenants.apply(name), next));
        change.links().forEach((key, next) -> summary.link(key, links.apply(key), next));
        return summary.lines();
    }

    private void settings(ProviderSettings before, ProviderSettings after) {
        List<String> fields = new ArrayList<>();
        differs(fields, POOL, before, after, ProviderSettings::pool);
        differs(fields, GATEWAY_MAC, before, after, ProviderSettings::gatewayMac);
        if (!fields.isEmpty()) {
            add(SETTINGS, CHANGED, "settings changed: " + String.join(", ", fields));
        }
    }

    private void service(String name, Optional<Service> before, Optional<Service> after) {
        if (before.equals(after)) {
            return;
        }
        if (before.isEmpty()) {
            add(SERVICE, ADDED, "service " + name + " added");
        } else if (after.isEmpty()) {
            add(SERVICE, REMOVED, "service " + name + " removed");
        } else {
            Service b = before.get();
            Service a = after.get();
            List<String> fields = new ArrayList<>();
            differs(fields, IP, b, a, Service::ip);
            differs(fields, CONNECT_POINT, b, a, Service::connectPoint);
            differs(fields, GATEWAY_IP, b, a, Service::gatewayIp);
            differs(fields, MAC, b, a, Service::mac);
            differs(fields, ROUTER_IP, b, a, Service::routerIp);
            differs(fields, ROUTER_MAC, b, a, Service::routerMac);
            add(SERVICE, CHANGED, "service " + name + " changed: " + String.join(", ", fields));
        }
    }

    private void tenant(String name, Optional<Tenant> before, Optional<Tenant> after) {
        if (before.equals(after)) {
            return;
        }
        if (before.isEmpty()) {
            add(TENANT, ADDED, "tenant " + name + " added");
            return;
        }
        if (after.isEmpty()) {
            add(TENANT, REMOVED, "tenant " + name + " removed");
            return;
        }
        Tenant b = before.get();
        Tenant a = after.get();
        List<String> fields = new ArrayList<>();
        differs(fields, ID, b, a, Tenant::id);
        differs(fields, CONNECT_POINT, b, a, t -> t.attachment().connectPoint());
        differs(fields, VLAN, b, a, t -> t.attachment().vlan());
        differs(fields, ROUTER_IP, b, a, Tenant::routerIp);
        differs(fields, ROUTER_MAC, b, a, Tenant::routerMac);
        differs(fields, GATEWAY_IP, b, a, Tenant::gatewayIp);
        differs(fields, PREFIXES, b, a, Tenant::prefixes);
        differs(fields, TRANSLATION, b, a, Tenant::translation);
        differs(fields, TRANSLATED_PREFIXES, b, a, Tenant::translatedPrefixes);
        Map<String, String> access = accessChanges(b, a);
        if (fields.isEmpty()) {
            access.forEach((service, action) -> add(ACCESS, action, "access " + name + "/" + service + " "
                    + (CHANGED.equals(action) ? "changed: vip" : action)));
            return;
        }
        access.forEach((service, action) -> fields.add(GRANTED.equals(action) ? "access +" + service
                : REVOKED.equals(action) ? "access -" + service : "vip of " + service));
        add(TENANT, CHANGED, "tenant " + name + " changed: " + String.join(", ", fields));
    }

    // A link is named by its ends whichever way round it is written: declared again, it is the same link.
    private void link(String key, Optional<FabricLink> before, Optional<FabricLink> after) {
        if (before.isPresent() != after.isPresent()) {
            add(LINK, after.isPresent() ? ADDED : REMOVED, "link " + key + " " + (after.isPresent() ? ADDED : REMOVED));
        }
    }

    // Service name to granted, revoked or changed (another VIP), in the order of the tenant's access lists.
    private static Map<String, String> accessChanges(Tenant before, Tenant after) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (Access was : before.access()) {
            Optional<Access> now = after.access(was.service());
            if (now.isEmpty()) {
                changes.put(was.service(), REVOKED);
            } else if (!now.get().vip().equals(was.vip())) {
                changes.put(was.service(), CHANGED);
            }
        }
        for (Access now : after.access()) {
            if (before.access(now.service()).isEmpty()) {
                changes.put(now.service(), GRANTED);
            }
        }
        return changes;
    }

    private static <T> void differs(List<String> fields, String field, T before, T after, Function<T, ?> value) {
        if (!Objects.equals(value.apply(before), value.apply(after))) {
            fields.add(field);
        }
    }

    private void add(String kind, String action, String text) {
        lines.add(new Line(kind, action, text));
    }

    private List<String> lines() {
        if (lines.size() <= MAX_LINES) {
            return lines.stream().map(l -> l.text).collect(Collectors.toList());
        }
        List<String> shown = lines.subList(0, MAX_LINES - 1).stream().map(l -> l.text)
                .collect(Collectors.toList());
        List<Line> rest = lines.subList(MAX_LINES - 1, lines.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        rest.forEach(l -> counts.merge(l.kind + " " + l.action, 1, Integer::sum));
        shown.add("and " + rest.size() + " more: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + plural(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
        return shown;
    }

    // "tenant added" counted 3 times: "tenants added".
    private static String plural(String kindAndAction, int count) {
        int space = kindAndAction.indexOf(' ');
        String kind = kindAndAction.substring(0, space);
        String noun = count == 1 || SETTINGS.equals(kind) ? kind : ACCESS.equals(kind) ? "accesses" : kind + "s";
        return noun + kindAndAction.substring(space);
    }
}
