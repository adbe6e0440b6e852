package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;

import java.util.List;
import java.util.function.Supplier;

import static org.tenantnat.config.FieldNames.ACCESS;
import static org.tenantnat.config.FieldNames.SERVICE;
import static org.tenantnat.config.FieldNames.VIP;

/**
 * Rules on each tenant's access grants: the service exists and is granted once, and the VIP is a free,
 * usable address of the tenant's own space that cannot be mistaken for one of its hosts or its router.
 */
final class AccessRules {

    private final RuleContext ctx;

    AccessRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    /** Applies every access rule. */
    void check() {
        for (int i = 0; i < ctx.tenants().size(); i++) {
            Tenant t = ctx.tenants().get(i);
            for (int a = 0; a < t.access().size(); a++) {
                checkServiceKnown(i, a, t.access().get(a));
                checkVip(i, a, t);
            }
            checkGrantedOnce(i, t.access());
            checkVipsDistinct(i, t.access());
        }
    }

    private String field(int tenant, int access, String field) {
        return FieldPath.child(FieldPath.element(ctx.tenant(tenant, ACCESS), access), field);
    }

    private void checkServiceKnown(int i, int a, Access access) {
        if (!ctx.hasService(access.service())) {
            ctx.error(field(i, a, SERVICE), "no service is named '%s'", access.service());
        }
    }

    private void checkVip(int i, int a, Tenant t) {
        Ip4Address vip = t.access().get(a).vip();
        Supplier<String> field = () -> field(i, a, VIP);
        ctx.checkHostAddress(field, vip);
        // Inside its own prefixes the VIP would shadow a customer host (and be dropped as a spoofed source).
        for (Ip4Prefix p : t.prefixes()) {
            if (Addresses.contains(p, vip)) {
                ctx.error(field.get(), "%s is inside the tenant's own prefix %s", vip, p);
            }
        }
        if (vip.equals(t.routerIp())) {
            ctx.error(field.get(), "%s is the tenant's routerIp", vip);
        }
        if (vip.equals(t.gatewayIp())) {
            ctx.error(field.get(), "%s is the tenant's gatewayIp", vip);
        }
    }

    private void checkGrantedOnce(int i, List<Access> access) {
        ctx.unique(access.size(), a -> access.get(a).service(), (later, first) -> ctx.error(
                field(i, later, SERVICE), "service '%s' is already granted by %s", access.get(later).service(),
                FieldPath.element(ACCESS, first)));
    }

    private void checkVipsDistinct(int i, List<Access> access) {
        ctx.unique(access.size(), a -> access.get(a).vip(), (later, first) -> ctx.error(
                field(i, later, VIP), "%s is already the VIP of %s (service '%s')", access.get(later).vip(),
                FieldPath.element(ACCESS, first), access.get(first).service()));
    }
}
