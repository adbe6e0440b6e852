package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.binding.PortBlocks;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.tenantnat.config.FieldNames.BLOCK_SIZE;
import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.HOLD_DOWN;
import static org.tenantnat.config.FieldNames.ID;
import static org.tenantnat.config.FieldNames.IDLE_TIMEOUT;
import static org.tenantnat.config.FieldNames.MAX_HOSTS;
import static org.tenantnat.config.FieldNames.MAX_PORT_BLOCKS;
import static org.tenantnat.config.FieldNames.NAME;
import static org.tenantnat.config.FieldNames.PORT_BLOCK_SIZE;
import static org.tenantnat.config.FieldNames.PREFIXES;
import static org.tenantnat.config.FieldNames.ROUTER_IP;
import static org.tenantnat.config.FieldNames.ROUTER_MAC;
import static org.tenantnat.config.FieldNames.TRANSLATED_PREFIXES;
import static org.tenantnat.config.FieldNames.TRANSLATION;
import static org.tenantnat.config.FieldNames.VLAN;

/**
 * Rules on each tenant's own fields (name, id, attachment, router, gateway, prefixes, translation) and on
 * what tenants must not share with each other or with services (name, id, attachment, port).
 */
final class TenantRules {

    // A /31 or /32 has no network or broadcast address to avoid.
    private static final int LONGEST_WITH_BROADCAST = 30;
    /** Shortest idle timeout: below it, bindings would churn with ordinary pauses in traffic. */
    static final int MIN_IDLE_TIMEOUT = 10;
    /** Longest idle timeout: a day. */
    static final int MAX_IDLE_TIMEOUT = 86400;
    /** Longest hold-down: a day. */
    static final int MAX_HOLD_DOWN = 86400;
    /** Most port blocks one host may hold. */
    static final int MAX_PORT_BLOCKS_PER_HOST = 64;

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
            checkTranslation(i, t);
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

    private void checkTranslation(int i, Tenant t) {
        TranslationPolicy policy = t.translation();
        String path = ctx.tenant(i, TRANSLATION);
        if (!policy.bindsHosts()) {
            policy.blockSize().ifPresent(v -> notForMode(path, BLOCK_SIZE, "dynamic and pat", policy));
            policy.maxHosts().ifPresent(v -> notForMode(path, MAX_HOSTS, "dynamic and pat", policy));
            policy.idleTimeout().ifPresent(v -> notForMode(path, IDLE_TIMEOUT, "dynamic and pat", policy));
            policy.holdDown().ifPresent(v -> notForMode(path, HOLD_DOWN, "dynamic and pat", policy));
        }
        if (policy.mode() != TranslationPolicy.Mode.PAT) {
            policy.portBlockSize().ifPresent(v -> notForMode(path, PORT_BLOCK_SIZE, "pat", policy));
            policy.maxPortBlocks().ifPresent(v -> notForMode(path, MAX_PORT_BLOCKS, "pat", policy));
        }
        if (!policy.bindsHosts()) {
            return;
        }
        if (!t.translatedPrefixes().isEmpty()) {
            ctx.error(ctx.tenant(i, TRANSLATED_PREFIXES), "pins apply only to static translation; a %s tenant's "
                    + "hosts are bound inside its pool block", policy);
        }
        Integer blockSize = policy.blockSize().orElse(null);
        if (blockSize == null) {
            ctx.error(FieldPath.child(path, BLOCK_SIZE), "is required for %s translation: the prefix length of "
                    + "the tenant's pool block, e.g. 24 for 256 addresses", policy);
        } else if (blockSize < ConfigValidator.MIN_PREFIX_LENGTH || blockSize > Ip4Prefix.MAX_MASK_LENGTH) {
            ctx.error(FieldPath.child(path, BLOCK_SIZE), "%d is out of range %d..%d (a prefix length)", blockSize,
                      ConfigValidator.MIN_PREFIX_LENGTH, Ip4Prefix.MAX_MASK_LENGTH);
            blockSize = null;
        }
        policy.idleTimeout().ifPresent(v -> inRange(path, IDLE_TIMEOUT, v, MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT,
                                                    "seconds"));
        policy.holdDown().ifPresent(v -> inRange(path, HOLD_DOWN, v, 0, MAX_HOLD_DOWN, "seconds"));
        policy.maxPortBlocks().ifPresent(v -> inRange(path, MAX_PORT_BLOCKS, v, 1, MAX_PORT_BLOCKS_PER_HOST,
                                                      "port blocks"));
        boolean portsValid = policy.portBlockSize().map(v -> checkPortBlockSize(path, v)).orElse(true);
        if (blockSize != null && portsValid) {
            long capacity = hostCapacity(policy, blockSize);
            policy.maxHosts().ifPresent(v -> inRange(path, MAX_HOSTS, v, 1, capacity, "hosts (what a /"
                    + policy.blockSize().get() + " block holds)"));
        }
    }

    private boolean checkPortBlockSize(String path, int ports) {
        if (ports < PortBlocks.MIN_SIZE || ports > PortBlocks.MAX_SIZE || Integer.bitCount(ports) != 1) {
            ctx.error(FieldPath.child(path, PORT_BLOCK_SIZE), "%d is not a power of two from %d to %d: port blocks "
                    + "are aligned so that one masked match on the port classifies a block's returns", ports,
                      PortBlocks.MIN_SIZE, PortBlocks.MAX_SIZE);
            return false;
        }
        return true;
    }

    /** The most hosts a pool block of a length serves at once: an address each, or a port block each. */
    private static long hostCapacity(TranslationPolicy policy, int blockSize) {
        long addresses = 1L << (Ip4Prefix.MAX_MASK_LENGTH - blockSize);
        return policy.mode() == TranslationPolicy.Mode.PAT
                ? addresses * PortBlocks.perAddress(policy.portsPerBlock()) : addresses;
    }

    private void inRange(String path, String field, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            ctx.error(FieldPath.child(path, field), "%d is out of range %d..%d %s", value, min, max, unit);
        }
    }

    private void notForMode(String translation, String field, String modes, TranslationPolicy policy) {
        ctx.error(FieldPath.child(translation, field), "applies only to %s translation, but the mode is %s", modes,
                  policy);
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
