package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            }
        }
    }

    /**
     * Checks that no pool prefix holds a service's address or gateway.
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
        long holds = pool.stream().mapToLong(Addresses::size).sum();
        long needs = 0;
        List<Ip4Prefix> pinned = new ArrayList<>();
        List<PoolFit.Demand> unpinned = new ArrayList<>();
        for (int i = 0; i < ctx.tenants().size(); i++) {
            Tenant t = ctx.tenants().get(i);
            if (t.translation().bindsHosts()) {
                Integer length = t.translation().blockSize().orElse(null);
                if (length != null && length >= ConfigValidator.MIN_PREFIX_LENGTH
                        && length <= Ip4Prefix.MAX_MASK_LENGTH) {
                    Ip4Prefix block = Ip4Prefix.valueOf(0, length);
                    needs += Addresses.size(block);
                    int at = i;
                    unpinned.add(new PoolFit.Demand(() -> FieldPath.child(ctx.tenant(at, FieldNames.TRANSLATION),
                                                                          FieldNames.BLOCK_SIZE), block, true));
                }
                continue;
            }
            for (int p = 0; p < t.prefixes().size(); p++) {
                Ip4Prefix prefix = t.prefixes().get(p);
                needs += Addresses.size(prefix);
                Ip4Prefix pin = usablePin(t.translatedPrefixes(), prefix);
                if (pin != null) {
                    pinned.add(pin);
                } else {
                    int at = i;
                    int index = p;
                    unpinned.add(new PoolFit.Demand(() -> FieldPath.element(ctx.tenant(at, PREFIXES), index), prefix));
                }
            }
        }
        if (needs > holds) {
            ctx.error(POOL, "the pool is too small: it holds %d addresses but the static tenants' prefixes "
                    + "and the pool blocks of dynamic and pat tenants need %d", holds, needs);
            return;
        }
        PoolFit.firstMisfit(pool, pinned, unpinned).ifPresent(d -> ctx.error(POOL,
                "the pool has no free /%d block left for %s: its free space is split into smaller blocks "
                        + "by the pool's prefixes and the pinned blocks", d.prefix.prefixLength(), d.described()));
    }

    // A pin that PinRules rejects does not take space; its prefix is counted as unpinned instead.
    private Ip4Prefix usablePin(Map<Ip4Prefix, Ip4Prefix> pins, Ip4Prefix prefix) {
        Ip4Prefix pin = pins.get(prefix);
        boolean usable = pin != null && pin.prefixLength() == prefix.prefixLength()
                && pool.stream().anyMatch(p -> Addresses.contains(p, pin));
        return usable ? pin : null;
    }
}
