package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;

import static org.tenantnat.config.FieldNames.POOL;
import static org.tenantnat.config.FieldNames.PREFIXES;

/**
 * Rules on the translation pool: it exists, is usable address space, stays clear of the provider's own
 * addresses and is large enough for every static tenant's blocks and every other tenant's pool block.
 */
final class PoolRules {

    private final RuleContext ctx;
    private final List<Ip4Prefix> pool;

    PoolRules(RuleContext ctx) {
        this.ctx = ctx;
        this.pool = ctx.state().pool();
    }

    /** Applies every pool rule. */
    void check() {
        if (pool.isEmpty()) {
            ctx.error(POOL, "the pool is empty; it needs at least one prefix (the default is %s)",
                      DesiredState.DEFAULT_POOL);
            return;
        }
        checkSpecialRanges();
        boolean disjoint = checkNoOverlap();
        checkClearOfServices();
        if (disjoint) {
            checkCapacity();
        }
    }

    private void checkSpecialRanges() {
        for (int i = 0; i < pool.size(); i++) {
            Ip4Prefix p = pool.get(i);
            int at = i;
            Addresses.specialUse(p).ifPresent(range -> ctx.error(FieldPath.element(POOL, at),
                    "%s overlaps %s; translated sources must be ordinary unicast addresses", p, range));
        }
    }

    private boolean checkNoOverlap() {
        boolean disjoint = true;
        for (int i = 0; i < pool.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (Addresses.overlap(pool.get(i), pool.get(j))) {
                    ctx.error(FieldPath.element(POOL, i), "%s overlaps pool[%d] %s", pool.get(i), j, pool.get(j));
                    disjoint = false;
                    break;
                }
            }
        }
        return disjoint;
    }

    // The service replies to translated sources through its gateway; if its own address or gateway were in the
    // pool it would take those sources for on-link neighbours and never route the replies back.
    private void checkClearOfServices() {
        for (int i = 0; i < pool.size(); i++) {
            for (int s = 0; s < ctx.services().size(); s++) {
                Service service = ctx.services().get(s);
                checkClearOf(ctx, i, service.ip(), ctx.service(s, FieldNames.IP));
                checkClearOf(ctx, i, service.gatewayIp(), ctx.service(s, FieldNames.GATEWAY_IP));
                int prefix = i;
                int at = s;
                service.routerIp().ifPresent(r -> checkClearOf(ctx, prefix, r, ctx.service(at, FieldNames.ROUTER_IP)));
            }
        }
    }

    /**
     * Checks that no pool prefix holds a service's address, gateway or router.
     *
     * @param ctx     the state under review
     * @param service the service
     * @param index   the service's position in the state, for its path
     */
    static void checkClearOf(RuleContext ctx, Service service, int index) {
        List<Ip4Prefix> pool = ctx.state().pool();
        for (int i = 0; i < pool.size(); i++) {
            checkClearOf(ctx, i, service.ip(), ctx.service(index, FieldNames.IP));
            checkClearOf(ctx, i, service.gatewayIp(), ctx.service(index, FieldNames.GATEWAY_IP));
            int at = i;
            service.routerIp().ifPresent(r -> checkClearOf(ctx, at, r, ctx.service(index, FieldNames.ROUTER_IP)));
        }
    }

    private static void checkClearOf(RuleContext ctx, int i, Ip4Address address, String owner) {
        Ip4Prefix p = ctx.state().pool().get(i);
        if (Addresses.contains(p, address)) {
            ctx.error(FieldPath.element(POOL, i), "%s contains %s, the address of %s; the pool must not overlap "
                    + "any service address", p, address, owner);
        }
    }

    private void checkCapacity() {
        long holds = 0;
        for (Ip4Prefix p : pool) {
            holds += Addresses.size(p);
        }
        long needs = 0;
        List<Ip4Prefix> pinned = new ArrayList<>();
        int[] unpinned = new int[Ip4Prefix.MAX_MASK_LENGTH + 1];
        TenantFacts facts = ctx.tenantFacts();
        for (int i = 0; i < ctx.tenants().size(); i++) {
            if (!facts.isStatic(i)) {
                int length = poolBlockLength(ctx.tenants().get(i));
                if (length >= 0) {
                    needs += 1L << (Ip4Prefix.MAX_MASK_LENGTH - length);
                    unpinned[length]++;
                }
                continue;
            }
            int first = facts.firstPrefix(i);
            for (int p = 0; p < facts.firstPrefix(i + 1) - first; p++) {
                int length = facts.length(first + p);
                needs += 1L << (Ip4Prefix.MAX_MASK_LENGTH - length);
                Ip4Prefix pin = facts.hasPins(i) ? usablePin(ctx.tenants().get(i), p) : null;
                if (pin != null) {
                    pinned.add(pin);
                } else {
                    unpinned[length]++;
                }
            }
        }
        if (needs > holds) {
            ctx.error(POOL, "the pool is too small: it holds %d addresses but the static tenants' prefixes "
                    + "and the pool blocks of dynamic and pat tenants need %d", holds, needs);
            return;
        }
        PoolFit.Misfit misfit = PoolFit.firstMisfit(pool, pinned, unpinned);
        if (misfit != null) {
            reportMisfit(misfit);
        }
    }

    // PoolFit counts the unpinned prefixes and pool blocks by length; the one it found no room for is the
    // ordinal-th of its length in document order.
    private void reportMisfit(PoolFit.Misfit misfit) {
        int seen = 0;
        for (int i = 0; i < ctx.tenants().size(); i++) {
            Tenant t = ctx.tenants().get(i);
            if (t.translation().bindsHosts()) {
                if (poolBlockLength(t) == misfit.length && seen++ == misfit.ordinal) {
                    noBlockLeft(misfit.length, FieldPath.child(ctx.tenant(i, FieldNames.TRANSLATION),
                                                               FieldNames.BLOCK_SIZE) + " (the tenant's pool block)");
                    return;
                }
                continue;
            }
            for (int p = 0; p < t.prefixes().size(); p++) {
                Ip4Prefix prefix = t.prefixes().get(p);
                if (prefix.prefixLength() == misfit.length && usablePin(t, p) == null && seen++ == misfit.ordinal) {
                    noBlockLeft(misfit.length, FieldPath.element(ctx.tenant(i, PREFIXES), p) + " " + prefix);
                    return;
                }
            }
        }
    }

    private void noBlockLeft(int length, String what) {
        ctx.error(POOL, "the pool has no free /%d block left for %s: its free space is split into smaller blocks by "
                + "the pool's prefixes and the pinned blocks", length, what);
    }

    // The prefix length of a dynamic or pat tenant's pool block; -1 when blockSize is missing or out of range,
    // which TenantRules reports.
    private static int poolBlockLength(Tenant t) {
        Integer length = t.translation().blockSize().orElse(null);
        return length != null && length >= ConfigValidator.MIN_PREFIX_LENGTH && length <= Ip4Prefix.MAX_MASK_LENGTH
                ? length : -1;
    }

    // A pin that PinRules rejects does not take space; its prefix is counted as unpinned instead.
    private Ip4Prefix usablePin(Tenant t, int p) {
        Ip4Prefix prefix = t.prefixes().get(p);
        Ip4Prefix pin = t.translatedPrefixes().get(prefix);
        boolean usable = pin != null && pin.prefixLength() == prefix.prefixLength()
                && pool.stream().anyMatch(q -> Addresses.contains(q, pin));
        return usable ? pin : null;
    }
}
