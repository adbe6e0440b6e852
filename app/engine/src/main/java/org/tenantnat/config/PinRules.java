package org.tenantnat.config;

import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.tenantnat.config.FieldNames.TRANSLATED_PREFIXES;

/**
 * Rules on pinned translated blocks ({@code translatedPrefixes}): each pins one of the tenant's own prefixes
 * to a same-size block inside the pool, and no two pinned blocks share an address.
 */
final class PinRules {

    /** A pinned block, who pinned it and for which prefix. */
    private static final class Pin {
        final String owner;
        final Ip4Prefix original;
        final Ip4Prefix block;

        Pin(String owner, Ip4Prefix original, Ip4Prefix block) {
            this.owner = owner;
            this.original = original;
            this.block = block;
        }
    }

    private final RuleContext ctx;
    private final List<Pin> seen = new ArrayList<>();

    PinRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    /** Applies every pin rule. */
    void check() {
        TenantFacts facts = ctx.tenantFacts();
        for (int i = 0; i < ctx.tenants().size(); i++) {
            if (!facts.hasPins(i)) {
                continue;
            }
            Tenant t = ctx.tenants().get(i);
            if (t.translation().bindsHosts()) {
                // TenantRules refuses pins on such a tenant; their blocks would not be taken anyway.
                continue;
            }
            for (Map.Entry<Ip4Prefix, Ip4Prefix> e : t.translatedPrefixes().entrySet()) {
                String field = FieldPath.element(ctx.tenant(i, TRANSLATED_PREFIXES), e.getKey());
                checkPinsOwnPrefix(field, t, e.getKey());
                checkSameLength(field, e.getKey(), e.getValue());
                checkInsidePool(field, e.getValue());
                checkNoOverlap(field, new Pin(ctx.tenant(i), e.getKey(), e.getValue()));
            }
        }
    }

    private void checkPinsOwnPrefix(String field, Tenant t, Ip4Prefix original) {
        if (!t.prefixes().contains(original)) {
            ctx.error(field, "%s is not one of the tenant's prefixes %s", original, t.prefixes());
        }
    }

    private void checkSameLength(String field, Ip4Prefix original, Ip4Prefix block) {
        if (block.prefixLength() != original.prefixLength()) {
            ctx.error(field, "pinned block %s must be a /%d like %s (translation keeps the host bits)", block,
                      original.prefixLength(), original);
        }
    }

    private void checkInsidePool(String field, Ip4Prefix block) {
        List<Ip4Prefix> pool = ctx.state().pool();
        // An empty pool is reported once by PoolRules, not again for every pin.
        if (!pool.isEmpty() && pool.stream().noneMatch(p -> Addresses.contains(p, block))) {
            ctx.error(field, "pinned block %s is not inside the pool %s", block, pool);
        }
    }

    private void checkNoOverlap(String field, Pin pin) {
        for (Pin other : seen) {
            if (Addresses.overlap(pin.block, other.block)) {
                ctx.error(field, "pinned block %s overlaps %s, pinned by %s for %s", pin.block, other.block,
                          other.owner, other.original);
                break;
            }
        }
        seen.add(pin);
    }
}
