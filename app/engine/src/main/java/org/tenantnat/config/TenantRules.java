package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.tenantnat.config.FieldNames.BLOCK_SIZE;
import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.ID;
import static org.tenantnat.config.FieldNames.IDLE_TIMEOUT;
import static org.tenantnat.config.FieldNames.MAX_HOSTS;
import static org.tenantnat.config.FieldNames.MODE;
import static org.tenantnat.config.FieldNames.NAME;
import static org.tenantnat.config.FieldNames.PREFIXES;
import static org.tenantnat.config.FieldNames.ROUTER_IP;
import static org.tenantnat.config.FieldNames.ROUTER_MAC;
import static org.tenantnat.config.FieldNames.TRANSLATION;
import static org.tenantnat.config.FieldNames.VLAN;

/**
 * Rules on each tenant's own fields (name, id, attachment, router, gateway, prefixes, translation) and on
 * what tenants must not share with each other or with services (name, id, attachment, port).
 */
final class TenantRules {

    // A /31 or /32 has no network or broadcast address to avoid.
    private static final int LONGEST_WITH_BROADCAST = 30;

    private final RuleContext ctx;
    private final List<Tenant> tenants;

    TenantRules(RuleContext ctx) {
        this.ctx = ctx;
        this.tenants = ctx.tenants();
    }

    /** Applies every tenant rule. */
    void check() {
        for (int i = 0; i < tenants.size(); i++) {
            Tenant t = tenants.get(i);
            int at = i;
            ctx.checkName(() -> ctx.tenant(at, NAME), t.name());
            checkId(i, t);
            checkVlan(i, t);
            checkRouterAndGateway(i, t);
            t.routerMac().ifPresent(mac -> ctx.checkUnicastMac(() -> ctx.tenant(at, ROUTER_MAC), mac));
            checkPrefixes(i, t);
            checkTranslation(i, t.translation());
        }
        checkUniqueNames();
        checkUniqueIds();
        checkUniqueAttachments();
        checkPortsApartFromServices();
    }

    private void checkId(int i, Tenant t) {
        if (t.id() < ConfigValidator.MIN_TENANT_ID || t.id() > ConfigValidator.MAX_TENANT_ID) {
            ctx.error(ctx.tenant(i, ID), "%d is out of range %d..%d", t.id(), ConfigValidator.MIN_TENANT_ID,
                      ConfigValidator.MAX_TENANT_ID);
        }
    }

    private void checkVlan(int i, Tenant t) {
        short vlan = t.attachment().vlan().toShort();
        if (t.attachment().isTagged() && (vlan < ConfigValidator.MIN_VLAN || vlan > ConfigValidator.MAX_VLAN)) {
            ctx.error(ctx.tenant(i, VLAN), "%d is out of range %d..%d (leave vlan out for an untagged attachment)",
                      vlan, ConfigValidator.MIN_VLAN, ConfigValidator.MAX_VLAN);
        }
    }

    private void checkRouterAndGateway(int i, Tenant t) {
        checkAttachmentAddress(i, ROUTER_IP, t.routerIp(), t);
        checkAttachmentAddress(i, GATEWAY_IP, t.gatewayIp(), t);
        if (t.gatewayIp().equals(t.routerIp())) {
            ctx.error(ctx.tenant(i, GATEWAY_IP), "%s is also the tenant's routerIp; the provider gateway needs "
                    + "an address of its own", t.gatewayIp());
        }
    }

    private void checkAttachmentAddress(int i, String field, Ip4Address address, Tenant t) {
        ctx.checkHostAddress(() -> ctx.tenant(i, field), address);
        int bits = address.toInt();
        for (Ip4Prefix p : t.prefixes()) {
            if (p.prefixLength() > LONGEST_WITH_BROADCAST) {
                continue;
            }
            int network = p.address().toInt();
            int hostBits = (int) (Addresses.size(p) - 1);
            if (bits == network) {
                ctx.error(ctx.tenant(i, field), "%s is the network address of the tenant's prefix %s", address, p);
            } else if (bits == (network | hostBits)) {
                ctx.error(ctx.tenant(i, field), "%s is the broadcast address of the tenant's prefix %s", address, p);
            }
        }
    }

    private void checkPrefixes(int i, Tenant t) {
        List<Ip4Prefix> prefixes = t.prefixes();
        if (prefixes.isEmpty()) {
            ctx.error(ctx.tenant(i, PREFIXES), "the tenant has no prefixes; at least one is needed");
        }
        for (int p = 0; p < prefixes.size(); p++) {
            Ip4Prefix prefix = prefixes.get(p);
            int at = p;
            Supplier<String> field = () -> FieldPath.element(ctx.tenant(i, PREFIXES), at);
            if (prefix.prefixLength() < ConfigValidator.MIN_PREFIX_LENGTH) {
                ctx.error(field.get(), "%s is too large: customer prefixes must be /%d to /32", prefix,
                          ConfigValidator.MIN_PREFIX_LENGTH);
            }
            Addresses.specialUse(prefix).ifPresent(range -> ctx.error(field.get(), "%s overlaps %s; customer "
                    + "hosts must have ordinary unicast addresses", prefix, range));
            firstOverlap(prefixes, p).ifPresent(q -> ctx.error(field.get(), "%s overlaps %s %s", prefix,
                    FieldPath.element(PREFIXES, q), prefixes.get(q)));
        }
    }

    private static Optional<Integer> firstOverlap(List<Ip4Prefix> prefixes, int p) {
        for (int q = 0; q < p; q++) {
            if (Addresses.overlap(prefixes.get(p), prefixes.get(q))) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    private void checkTranslation(int i, TranslationPolicy policy) {
        if (policy.mode() == TranslationPolicy.Mode.DYNAMIC) {
            ctx.error(FieldPath.child(ctx.tenant(i, TRANSLATION), MODE), "dynamic translation is not supported "
                    + "yet; use static");
            return;
        }
        policy.blockSize().ifPresent(v -> staticWithDynamicField(ctx.tenant(i, TRANSLATION), BLOCK_SIZE));
        policy.maxHosts().ifPresent(v -> staticWithDynamicField(ctx.tenant(i, TRANSLATION), MAX_HOSTS));
        policy.idleTimeout().ifPresent(v -> staticWithDynamicField(ctx.tenant(i, TRANSLATION), IDLE_TIMEOUT));
    }

    private void staticWithDynamicField(String translation, String field) {
        ctx.error(FieldPath.child(translation, field), "applies only to dynamic translation, but the mode is static");
    }

    private void checkUniqueNames() {
        ctx.unique(tenants.size(), i -> tenants.get(i).name(), (later, first) -> ctx.error(
                ctx.tenant(later, NAME), "duplicate tenant name '%s' (also %s)", tenants.get(later).name(),
                ctx.tenant(first)));
    }

    private void checkUniqueIds() {
        ctx.uniqueIds(tenants.size(), i -> tenants.get(i).id(), (later, first) -> ctx.error(
                ctx.tenant(later, ID), "tenant id %d is already used by %s", tenants.get(later).id(),
                ctx.tenant(first)));
    }

    private void checkUniqueAttachments() {
        ctx.unique(tenants.size(), i -> tenants.get(i).attachment(), (later, first) -> {
            Attachment a = tenants.get(later).attachment();
            ctx.error(ctx.tenant(later, a.isTagged() ? VLAN : CONNECT_POINT), "%s %s is already the attachment "
                    + "of %s", Values.connectPointText(a.connectPoint()),
                    a.isTagged() ? "vlan " + a.vlan() : "untagged", ctx.tenant(first));
        });
    }

    // Frames from a service port are return traffic; a tenant on the same port would be indistinguishable.
    private void checkPortsApartFromServices() {
        for (int i = 0; i < tenants.size(); i++) {
            for (int s = 0; s < ctx.services().size(); s++) {
                Service service = ctx.services().get(s);
                if (tenants.get(i).attachment().connectPoint().equals(service.connectPoint())) {
                    ctx.error(ctx.tenant(i, CONNECT_POINT), "%s is the port of %s; a tenant needs a port apart "
                            + "from every service", Values.connectPointText(service.connectPoint()), ctx.service(s));
                }
            }
        }
    }
}
