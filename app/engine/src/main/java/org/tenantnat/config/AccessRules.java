package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Access;

import java.util.List;

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
        TenantFacts facts = ctx.tenantFacts();
        for (int i = 0; i < ctx.tenants().size(); i++) {
            int first = facts.firstAccess(i);
            for (int a = 0; a < facts.firstAccess(i + 1) - first; a++) {
                if (!facts.knownService(first + a)) {
                    checkServiceKnown(i, a, ctx.tenants().get(i).access().get(a));
                }
                checkVip(i, a, facts);
            }
            if (facts.severalAccesses(i)) {
                List<Access> access = ctx.tenants().get(i).access();
                checkGrantedOnce(i, access);
                checkVipsDistinct(i, access);
            }
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

    private void checkVip(int i, int a, TenantFacts facts) {
        int vip = facts.vip(facts.firstAccess(i) + a);
        String special = Addresses.specialUse(vip);
        if (special != null) {
            ctx.error(field(i, a, VIP), "%s is %s", vip(i, a), special);
        }
        // Inside its own prefixes the VIP would shadow a customer host (and be dropped as a spoofed source).
        int first = facts.firstPrefix(i);
        for (int p = first; p < facts.firstPrefix(i + 1); p++) {
            if (Addresses.contains(facts.network(p), facts.length(p), vip)) {
                ctx.error(field(i, a, VIP), "%s is inside the tenant's own prefix %s", vip(i, a),
                          ctx.tenants().get(i).prefixes().get(p - first));
            }
        }
        if (vip == facts.router(i)) {
            ctx.error(field(i, a, VIP), "%s is the tenant's routerIp", vip(i, a));
        }
        if (vip == facts.gateway(i)) {
            ctx.error(field(i, a, VIP), "%s is the tenant's gatewayIp", vip(i, a));
        }
    }

    private Ip4Address vip(int i, int a) {
        return ctx.tenants().get(i).access().get(a).vip();
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
