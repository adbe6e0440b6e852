package org.tenantnat.alloc;

import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.ValidationError;
import org.tenantnat.state.PinIndex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Allocates the translated blocks of one static-mode tenant against the blocks in force, so that a change of one
 * tenant costs that tenant's prefixes only. It follows {@link StaticAllocator}'s rules for that tenant (pins
 * verbatim, previous blocks kept, new prefixes largest first into the smallest free block that holds them) and
 * refuses with the same errors, so the result is what a full allocation keeping every other tenant's blocks would
 * give.
 */
public final class TenantAllocator {

    // Largest block first, then customer prefix address.
    private static final Comparator<Ip4Prefix> CANONICAL = Comparator.comparingInt(Ip4Prefix::prefixLength)
            .thenComparing(PoolMath.BY_ADDRESS);

    /**
     * Plans a tenant's blocks. The index is left as it was: the plan is applied when its change is committed.
     *
     * @param tenant the tenant as it is to be
     * @param index  blocks in force and the pool's free space, the tenant's own blocks included
     * @param pins   every tenant's pinned blocks, to name the owner of a block a pin collides with
     * @return the tenant's blocks, ordered by customer prefix; empty for a tenant that is not static
     * @throws AllocationException when a pin cannot be honoured or the pool has no room; nothing is planned then
     */
    public List<TranslatedBlock> allocate(Tenant tenant, AllocationIndex index, PinIndex pins) {
        if (tenant.translation().mode() != TranslationPolicy.Mode.STATIC) {
            return List.of();
        }
        Plan plan = new Plan(tenant, index, pins);
        try {
            return plan.run();
        } finally {
            plan.undo();
        }
    }

    // One planning run: every step on the free space is logged so it can be undone.
    private static final class Plan {
        private final Tenant tenant;
        private final AllocationIndex index;
        private final PinIndex pins;
        private final Deque<Ip4Prefix> taken = new ArrayDeque<>();
        private final List<Ip4Prefix> released = new ArrayList<>();
        private final Map<Ip4Prefix, Ip4Prefix> placed = new HashMap<>();

        Plan(Tenant tenant, AllocationIndex index, PinIndex pins) {
            this.tenant = tenant;
            this.index = index;
            this.pins = pins;
        }

        List<TranslatedBlock> run() {
            Map<Ip4Prefix, Ip4Prefix> previous = new HashMap<>();
            for (TranslatedBlock b : index.blocks(tenant.name())) {
                previous.putIfAbsent(b.original(), b.translated());
                index.release(b.translated());
                released.add(b.translated());
            }
            List<Ip4Prefix> requests = distinctPrefixes();
            placePins(requests);
            List<Ip4Prefix> unplaced = keepPrevious(requests, previous);
            allocate(unplaced);
            List<TranslatedBlock> blocks = new ArrayList<>();
            for (Ip4Prefix p : sortedByAddress(requests)) {
                blocks.add(new TranslatedBlock(tenant.name(), p, placed.get(p)));
            }
            return blocks;
        }

        void undo() {
            while (!taken.isEmpty()) {
                index.release(taken.pop());
            }
            released.forEach(index::take);
        }

        private List<Ip4Prefix> distinctPrefixes() {
            Set<Ip4Prefix> seen = new HashSet<>();
            List<Ip4Prefix> requests = new ArrayList<>();
            for (Ip4Prefix p : tenant.prefixes()) {
                if (seen.add(p)) {
                    requests.add(p);
                }
            }
            requests.sort(CANONICAL);
            return requests;
        }

        private boolean take(Ip4Prefix block) {
            if (!index.take(block)) {
                return false;
            }
            taken.push(block);
            return true;
        }

        private void placePins(List<Ip4Prefix> requests) {
            List<ValidationError> errors = new ArrayList<>();
            for (Ip4Prefix original : requests) {
                Ip4Prefix pin = tenant.translatedPrefixes().get(original);
                if (pin == null) {
                    continue;
                }
                String problem = null;
                if (pin.prefixLength() != original.prefixLength()) {
                    problem = "is a /" + pin.prefixLength() + " but customer prefix " + original + " is a /"
                            + original.prefixLength();
                } else if (!index.inPool(pin)) {
                    problem = "is outside pool " + index.pool();
                } else if (!take(pin)) {
                    problem = collision(pin);
                } else {
                    placed.put(original, pin);
                }
                if (problem != null) {
                    errors.add(new ValidationError(pinField(original), "pinned block " + pin + " " + problem));
                }
            }
            throwIfAny(errors);
        }

        // Why a pin could not be taken: another tenant pinned or holds part of it.
        private String collision(Ip4Prefix pin) {
            Optional<PinIndex.Pin> other = pins.overlapping(pin, tenant.name());
            if (other.isPresent()) {
                return "overlaps " + other.get().block() + ", pinned for tenant " + other.get().tenant() + "'s "
                        + other.get().original();
            }
            Optional<String> poolHolder = index.poolBlockHolder(pin).filter(t -> !t.equals(tenant.name()));
            if (poolHolder.isPresent()) {
                return String.format("overlaps %s, the pool block of tenant %s; pin a free block",
                                     index.poolBlock(poolHolder.get()).orElseThrow(), poolHolder.get());
            }
            Optional<TranslatedBlock> holder = index.holder(pin).filter(b -> !b.tenant().equals(tenant.name()));
            if (holder.isPresent()) {
                TranslatedBlock h = holder.get();
                return String.format("of tenant %s overlaps %s, which tenant %s holds for %s; pin a free block or "
                        + "remove %s's %s first", tenant.name(), h.translated(), h.tenant(), h.original(),
                        h.tenant(), h.original());
            }
            return "overlaps another of the tenant's own pinned blocks";
        }

        // Keeps the previous block of each unpinned prefix where it still fits; returns the prefixes left to place.
        private List<Ip4Prefix> keepPrevious(List<Ip4Prefix> requests, Map<Ip4Prefix, Ip4Prefix> previous) {
            List<ValidationError> errors = new ArrayList<>();
            List<Ip4Prefix> unplaced = new ArrayList<>();
            for (Ip4Prefix original : requests) {
                if (placed.containsKey(original)) {
                    continue;
                }
                Ip4Prefix old = previous.get(original);
                if (old == null || !index.inPool(old)) {
                    unplaced.add(original);
                } else if (take(old)) {
                    placed.put(original, old);
                } else {
                    ownPinOver(old).ifPresentOrElse(pinned -> errors.add(new ValidationError(pinField(pinned),
                            String.format("pinned block %s of tenant %s overlaps %s, which tenant %s holds for %s; "
                                    + "pin a free block or remove %s's %s first",
                                    tenant.translatedPrefixes().get(pinned), tenant.name(), old, tenant.name(),
                                    original, tenant.name(), original))),
                            () -> unplaced.add(original));
                }
            }
            throwIfAny(errors);
            return unplaced;
        }

        private Optional<Ip4Prefix> ownPinOver(Ip4Prefix block) {
            return tenant.translatedPrefixes().entrySet().stream()
                    .filter(e -> e.getValue().contains(block.address()) || block.contains(e.getValue().address()))
                    .map(Map.Entry::getKey).findFirst();
        }

        private void allocate(List<Ip4Prefix> unplaced) {
            List<Ip4Prefix> failed = new ArrayList<>();
            for (Ip4Prefix original : unplaced) {
                Ip4Prefix block = index.takeAny(original.prefixLength());
                if (block == null) {
                    failed.add(original);
                } else {
                    taken.push(block);
                    placed.put(original, block);
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            Ip4Prefix first = failed.get(0);
            String message = String.format("no free /%d left in pool %s for tenant %s's %s (%d addresses, %d "
                    + "allocated)", first.prefixLength(), index.pool(), tenant.name(), first,
                    PoolMath.size(index.pool()), index.allocatedAddresses());
            if (failed.size() == 2) {
                message += "; 1 more prefix does not fit either";
            } else if (failed.size() > 2) {
                message += "; " + (failed.size() - 1) + " more prefixes do not fit either";
            }
            throw new AllocationException(prefixField(first), message);
        }

        private List<Ip4Prefix> sortedByAddress(List<Ip4Prefix> requests) {
            List<Ip4Prefix> sorted = new ArrayList<>(requests);
            sorted.sort(PoolMath.BY_ADDRESS);
            return sorted;
        }

        private String prefixField(Ip4Prefix original) {
            return "tenants[" + tenant.name() + "].prefixes[" + tenant.prefixes().indexOf(original) + "]";
        }

        private String pinField(Ip4Prefix original) {
            return "tenants[" + tenant.name() + "].translatedPrefixes[" + original + "]";
        }

        private static void throwIfAny(List<ValidationError> errors) {
            if (!errors.isEmpty()) {
                throw new AllocationException(errors);
            }
        }
    }
}
