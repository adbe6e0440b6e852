package org.tenantnat.cli;

import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders tenants with their attachment, translated blocks and access intents, for {@code tenantnat-tenants}.
 */
public final class TenantListFormatter {

    private TenantListFormatter() {
    }

    /**
     * Renders the tenants as text, one header line per tenant followed by its blocks and accesses.
     *
     * @param state      desired state
     * @param allocation allocation in force
     * @param intents    access intents with their state
     * @return lines
     */
    public static List<String> lines(DesiredState state, Allocation allocation, List<AccessIntent> intents) {
        List<String> lines = new ArrayList<>();
        if (state.tenants().isEmpty()) {
            lines.add("No tenants");
            return lines;
        }
        for (Tenant t : state.tenants()) {
            lines.add(String.format("tenant=%s, id=%d, attachment=%s, router=%s%s, gateway=%s", t.name(), t.id(),
                                    t.attachment(), t.routerIp(), t.routerMac().map(m -> " (" + m + ")").orElse(""),
                                    t.gatewayIp()));
            for (TranslatedBlock b : allocation.blocks(t.name())) {
                lines.add(String.format("    %s -> %s", b.original(), b.translated()));
            }
            t.prefixes().stream().filter(p -> allocation.block(t.name(), p).isEmpty())
                    .forEach(p -> lines.add(String.format("    %s -> (not allocated)", p)));
            t.access().forEach(a -> lines.add(String.format("    access %s at %s: %s", a.service(), a.vip(),
                    intent(intents, t.name(), a.service()).map(TenantListFormatter::state).orElse("UNKNOWN"))));
        }
        return lines;
    }

    private static Optional<AccessIntent> intent(List<AccessIntent> intents, String tenant, String service) {
        return intents.stream().filter(i -> i.tenant().equals(tenant) && i.service().equals(service)
                && i.state() != AccessIntent.State.WITHDRAWN).findFirst();
    }

    private static String state(AccessIntent intent) {
        return intent.state() + intent.reason().map(r -> " (" + r + ")").orElse("");
    }
}
