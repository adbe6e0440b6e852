package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.binding.PortBlocks;

import java.util.Arrays;
import java.util.List;

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
        TenantFacts facts = ctx.tenantFacts();
        for (int i = 0; i < tenants.size(); i++) {
            if (!facts.validName(i)) {
                int at = i;
                ctx.checkName(() -> ctx.tenant(at, NAME), tenants.get(i).name());
            }
            checkId(i, facts);
            checkVlan(i, facts);
            checkRouterAndGateway(i, facts);
            if (facts.routerMacNotUnicast(i)) {
                int at = i;
                ctx.checkUnicastMac(() -> ctx.tenant(at, ROUTER_MAC), tenants.get(i).routerMac().orElseThrow());
            }
            checkPrefixes(i, facts);
            if (!facts.plainStatic(i)) {
                checkTranslation(i, tenants.get(i));
            }
        }
        checkUniqueNames(facts);
        checkUniqueIds(facts);
        checkUniqueAttachments(facts);
        checkPortsApartFromServices(facts);
    }

    private void checkId(int i, TenantFacts facts) {
        int id = facts.id(i);
        if (id < ConfigValidator.MIN_TENANT_ID || id > ConfigValidator.MAX_TENANT_ID) {
            ctx.error(ctx.tenant(i, ID), "%d is out of range %d..%d", id, ConfigValidator.MIN_TENANT_ID,
                      ConfigValidator.MAX_TENANT_ID);
        }
    }

    private void checkVlan(int i, TenantFacts facts) {
        short vlan = facts.vlan(i);
        if (facts.tagged(i) && (vlan < ConfigValidator.MIN_VLAN || vlan > ConfigValidator.MAX_VLAN)) {
            ctx.error(ctx.tenant(i, VLAN), "%d is out of range %d..%d (leave vlan out for an untagged attachment)",
                      vlan, ConfigValidator.MIN_VLAN, ConfigValidator.MAX_VLAN);
        }
    }

    private void checkRouterAndGateway(int i, TenantFacts facts) {
        checkAttachmentAddress(i, ROUTER_IP, facts.router(i), facts);
        checkAttachmentAddress(i, GATEWAY_IP, facts.gateway(i), facts);
        if (facts.gateway(i) == facts.router(i)) {
            ctx.error(ctx.tenant(i, GATEWAY_IP), "%s is also the tenant's routerIp; the provider gateway needs "
                    + "an address of its own", tenants.get(i).gatewayIp());
        }
    }

    private void checkAttachmentAddress(int i, String field, int bits, TenantFacts facts) {
        String special = Addresses.specialUse(bits);
        if (special != null) {
            ctx.error(ctx.tenant(i, field), "%s is %s", Ip4Address.valueOf(bits), special);
        }
        for (int p = facts.firstPrefix(i); p < facts.firstPrefix(i + 1); p++) {
            int length = facts.length(p);
            if (length > LONGEST_WITH_BROADCAST) {
                continue;
            }
            int network = facts.network(p);
            if (bits == network) {
                ctx.error(ctx.tenant(i, field), "%s is the network address of the tenant's prefix %s",
                          Ip4Address.valueOf(bits), prefix(i, p, facts));
            } else if (bits == (network | ~Addresses.mask(length))) {
                ctx.error(ctx.tenant(i, field), "%s is the broadcast address of the tenant's prefix %s",
                          Ip4Address.valueOf(bits), prefix(i, p, facts));
            }
        }
    }

    // The tenant's prefix at a flat index of the facts.
    private Ip4Prefix prefix(int i, int p, TenantFacts facts) {
        return tenants.get(i).prefixes().get(p - facts.firstPrefix(i));
    }

    private void checkPrefixes(int i, TenantFacts facts) {
        int first = facts.firstPrefix(i);
        int count = facts.firstPrefix(i + 1) - first;
        if (count == 0) {
            ctx.error(ctx.tenant(i, PREFIXES), "the tenant has no prefixes; at least one is needed");
        }
        for (int p = 0; p < count; p++) {
            int network = facts.network(first + p);
            int length = facts.length(first + p);
            if (length < ConfigValidator.MIN_PREFIX_LENGTH) {
                ctx.error(prefixField(i, p), "%s is too large: customer prefixes must be /%d to /32",
                          prefix(i, first + p, facts), ConfigValidator.MIN_PREFIX_LENGTH);
            }
            String special = Addresses.specialUse(network, length);
            if (special != null) {
                ctx.error(prefixField(i, p), "%s overlaps %s; customer hosts must have ordinary unicast addresses",
                          prefix(i, first + p, facts), special);
            }
            for (int q = 0; q < p; q++) {
                if (Addresses.overlap(network, length, facts.network(first + q), facts.length(first + q))) {
                    ctx.error(prefixField(i, p), "%s overlaps %s %s", prefix(i, first + p, facts),
                              FieldPath.element(PREFIXES, q), prefix(i, first + q, facts));
                    break;
                }
            }
        }
    }

    private String prefixField(int i, int p) {
        return FieldPath.element(ctx.tenant(i, PREFIXES), p);
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

    private void checkUniqueNames(TenantFacts facts) {
        int[] hashes = new int[tenants.size()];
        Arrays.setAll(hashes, facts::nameHash);
        ctx.unique(tenants.size(), hashes, (a, b) -> tenants.get(a).name().equals(tenants.get(b).name()),
                   (later, first) -> ctx.error(ctx.tenant(later, NAME), "duplicate tenant name '%s' (also %s)",
                                               tenants.get(later).name(), ctx.tenant(first)));
    }

    private void checkUniqueIds(TenantFacts facts) {
        int[] ids = new int[tenants.size()];
        Arrays.setAll(ids, facts::id);
        ctx.unique(tenants.size(), ids, (a, b) -> true, (later, first) -> ctx.error(
                ctx.tenant(later, ID), "tenant id %d is already used by %s", facts.id(later), ctx.tenant(first)));
    }

    private void checkUniqueAttachments(TenantFacts facts) {
        RuleContext.DuplicateReport report = (later, first) -> {
            Attachment a = tenants.get(later).attachment();
            ctx.error(ctx.tenant(later, a.isTagged() ? VLAN : CONNECT_POINT), "%s %s is already the attachment "
                    + "of %s", Values.connectPointText(a.connectPoint()),
                    a.isTagged() ? "vlan " + a.vlan() : "untagged", ctx.tenant(first));
        };
        if (!facts.attachmentsPacked()) {
            ctx.unique(tenants.size(), i -> tenants.get(i).attachment(), report);
            return;
        }
        int[] hashes = new int[tenants.size()];
        Arrays.setAll(hashes, i -> Long.hashCode(facts.attachment(i)));
        ctx.unique(tenants.size(), hashes, (a, b) -> facts.attachment(a) == facts.attachment(b), report);
    }

    // Frames from a service port are return traffic; a tenant on the same port would be indistinguishable.
    private void checkPortsApartFromServices(TenantFacts facts) {
        for (int i = 0; i < tenants.size(); i++) {
            for (int s = 0; s < ctx.services().size(); s++) {
                Service service = ctx.services().get(s);
                if (facts.connectPoint(i).equals(service.connectPoint())) {
                    ctx.error(ctx.tenant(i, CONNECT_POINT), "%s is the port of %s; a tenant needs a port apart "
                            + "from every service", Values.connectPointText(service.connectPoint()), ctx.service(s));
                }
            }
        }
    }
}
