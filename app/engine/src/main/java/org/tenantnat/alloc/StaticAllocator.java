package org.tenantnat.alloc;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.ValidationError;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Allocates the translated blocks of static-mode tenants: every customer prefix gets one aligned block of the pool of
 * the same length, translated 1:1 with host bits kept.
 * <p>
 * The allocation is a pure function of the desired state and the previous allocation:
 * <ol>
 * <li>service addresses and service gateway addresses inside the pool are never handed out;</li>
 * <li>a pinned prefix ({@code translatedPrefixes}) gets its pin verbatim;</li>
 * <li>a prefix the same tenant already held keeps its previous block, whatever else changed in the document, unless
 * that block has left the pool; a new pin that overlaps such a block is rejected rather than moving the holder;</li>
 * <li>every other prefix gets a free block, in canonical order: longest block first (shortest prefix length), then
 * tenant name, then customer prefix. Blocks are power-of-two sized and aligned, so taking them largest first, each
 * from the smallest free block that can hold it, packs without holes: from an empty allocation it fails only when
 * the blocks of some size and larger need more room than the pool has in free aligned blocks of that size, never for
 * want of contiguity. Name and prefix break ties so that document order changes nothing.</li>
 * </ol>
 * Blocks of removed tenants and prefixes, and of tenants no longer static, are released. The pool blocks of dynamic
 * and pat tenants are {@link PoolBlockAllocator}'s; those kept are passed here as reserved.
 */
public final class StaticAllocator {

    // Longest block first, then tenant name, then customer prefix address (unique within a tenant and length).
    private static final Comparator<Request> CANONICAL = (a, b) -> {
        int c = Integer.compare(a.length, b.length);
        if (c == 0) {
            c = a.tenant.compareTo(b.tenant);
        }
        return c != 0 ? c : Long.compare(a.start, b.start);
    };

    // The order of blocks in the result: by tenant, then customer prefix.
    private static final Comparator<Request> BY_TENANT_AND_PREFIX = (a, b) -> {
        int c = a.tenant.compareTo(b.tenant);
        if (c == 0) {
            c = Long.compare(a.start, b.start);
        }
        return c != 0 ? c : Integer.compare(a.length, b.length);
    };

    /**
     * Allocates translated blocks for every prefix of every static-mode tenant.
     *
     * @param desired  desired state, validated
     * @param previous the allocation in force, {@link Allocation#EMPTY} on first run
     * @return the new allocation; each tenant's blocks ordered by customer prefix
     * @throws AllocationException when the pool is exhausted or a pin cannot be honoured; nothing is allocated then
     */
    public Allocation allocate(DesiredState desired, Allocation previous) {
        return allocate(desired, previous, Map.of());
    }

    /**
     * Allocates translated blocks for every prefix of every static-mode tenant around pool blocks that dynamic and
     * pat tenants keep.
     *
     * @param desired  desired state, validated
     * @param previous the allocation in force, {@link Allocation#EMPTY} on first run
     * @param reserved pool blocks kept, by tenant name: never handed out
     * @return the new allocation; each tenant's blocks ordered by customer prefix
     * @throws AllocationException when the pool is exhausted or a pin cannot be honoured; nothing is allocated then
     */
    public Allocation allocate(DesiredState desired, Allocation previous, Map<String, Ip4Prefix> reserved) {
        checkNotNull(desired, "desired");
        checkNotNull(previous, "previous");
        return new Pass(desired, checkNotNull(reserved, "reserved")).run(previous);
    }

    // One customer prefix of one tenant, in need of a block; sort keys are computed once.
    private static final class Request {
        private final String tenant;
        private final int index;
        private final Ip4Prefix original;
        private final long start;
        private final int length;
        private final Ip4Prefix pin;
        private Ip4Prefix translated;

        private Request(String tenant, int index, Ip4Prefix original, Ip4Prefix pin) {
            this.tenant = tenant;
            this.index = index;
            this.original = original;
            this.start = PoolMath.start(original);
            this.length = original.prefixLength();
            this.pin = pin;
        }

        private String field() {
            return "tenants[" + tenant + "].prefixes[" + index + "]";
        }

        private TranslatedBlock block() {
            return new TranslatedBlock(tenant, original, translated);
        }
    }

    // The state of one allocation run.
    private static final class Pass {
        private final DesiredState desired;
        private final Map<String, Ip4Prefix> reserved;
        private final TreeMap<Long, Ip4Prefix> pool = new TreeMap<>();
        private final FreeBlocks free;
        private final TreeMap<Long, Request> pinned = new TreeMap<>();
        private final List<Request> placed = new ArrayList<>();
        private long placedAddresses;

        private Pass(DesiredState desired, Map<String, Ip4Prefix> reserved) {
            this.desired = desired;
            this.reserved = reserved;
            List<Ip4Prefix> disjoint = PoolMath.normalise(desired.pool());
            disjoint.forEach(p -> pool.put(PoolMath.start(p), p));
            this.free = new FreeBlocks(disjoint);
        }

        private Allocation run(Allocation previous) {
            for (Service s : desired.services()) {
                free.take(host(s.ip()));
                free.take(host(s.gatewayIp()));
            }
            reserved.values().forEach(free::take);
            List<Request> requests = requests();
            placePins(requests);
            List<Request> unplaced = keepPrevious(requests, previous);
            allocate(unplaced);
            placed.sort(BY_TENANT_AND_PREFIX);
            return Allocation.of(placed.stream().map(Request::block).collect(Collectors.toList()));
        }

        private void place(Request r, Ip4Prefix translated) {
            r.translated = translated;
            placed.add(r);
            placedAddresses += PoolMath.size(translated);
        }

        // Every distinct prefix of every static tenant, in canonical order.
        private List<Request> requests() {
            List<Request> requests = new ArrayList<>();
            for (Tenant t : desired.tenants()) {
                if (t.translation().mode() != TranslationPolicy.Mode.STATIC) {
                    continue;
                }
                Set<Ip4Prefix> seen = new HashSet<>();
                for (int i = 0; i < t.prefixes().size(); i++) {
                    Ip4Prefix p = t.prefixes().get(i);
                    if (seen.add(p)) {
                        requests.add(new Request(t.name(), i, p, t.translatedPrefixes().get(p)));
                    }
                }
            }
            requests.sort(CANONICAL);
            return requests;
        }

        private void placePins(List<Request> requests) {
            List<ValidationError> errors = new ArrayList<>();
            for (Request r : requests) {
                if (r.pin == null) {
                    continue;
                }
                String problem = null;
                if (r.pin.prefixLength() != r.length) {
                    problem = "is a /" + r.pin.prefixLength() + " but customer prefix " + r.original
                            + " is a /" + r.length;
                } else if (!inPool(r.pin)) {
                    problem = "is outside pool " + desired.pool();
                } else if (!free.take(r.pin)) {
                    Request other = overlapping(r.pin);
                    String poolHolder = reservedHolder(r.pin);
                    problem = other != null
                            ? "overlaps " + other.pin + ", pinned for tenant " + other.tenant + "'s " + other.original
                            : poolHolder != null ? "overlaps " + reserved.get(poolHolder) + ", the pool block of "
                            + "tenant " + poolHolder + "; pin a free block"
                            : "holds the address of a service or its gateway: " + servicesIn(r.pin);
                } else {
                    pinned.put(PoolMath.start(r.pin), r);
                    place(r, r.pin);
                }
                if (problem != null) {
                    errors.add(new ValidationError(pinField(r.tenant, r.original),
                                                   "pinned block " + r.pin + " " + problem));
                }
            }
            throwIfAny(errors);
        }

        // Keeps the previous block of each unpinned prefix where it still fits; returns the prefixes left to place.
        private List<Request> keepPrevious(List<Request> requests, Allocation previous) {
            Map<String, Map<Ip4Prefix, Ip4Prefix>> held = new HashMap<>();
            List<ValidationError> errors = new ArrayList<>();
            List<Request> unplaced = new ArrayList<>();
            for (Request r : requests) {
                if (r.pin != null) {
                    continue;
                }
                Ip4Prefix old = held.computeIfAbsent(r.tenant, t -> byOriginal(previous.blocks(t))).get(r.original);
                if (old == null || !inPool(old)) {
                    unplaced.add(r);
                    continue;
                }
                Request pin = overlapping(old);
                if (pin != null) {
                    errors.add(new ValidationError(pinField(pin.tenant, pin.original), String.format(
                            "pinned block %s of tenant %s overlaps %s, which tenant %s holds for %s; "
                                    + "pin a free block or remove %s's %s first",
                            pin.pin, pin.tenant, old, r.tenant, r.original, r.tenant, r.original)));
                } else if (free.take(old)) {
                    place(r, old);
                } else {
                    // It now holds a service address, or the previous allocation overlapped itself.
                    unplaced.add(r);
                }
            }
            throwIfAny(errors);
            return unplaced;
        }

        private void allocate(List<Request> unplaced) {
            List<Request> failed = new ArrayList<>();
            for (Request r : unplaced) {
                Ip4Prefix block = free.takeAny(r.length);
                if (block == null) {
                    failed.add(r);
                } else {
                    place(r, block);
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            Request first = failed.get(0);
            String message = String.format("no free /%d left in pool %s for tenant %s's %s (%d addresses, %d allocated)",
                                           first.length, desired.pool(), first.tenant, first.original,
                                           PoolMath.size(desired.pool()), placedAddresses);
            if (failed.size() == 2) {
                message += "; 1 more prefix does not fit either";
            } else if (failed.size() > 2) {
                message += "; " + (failed.size() - 1) + " more prefixes do not fit either";
            }
            throw new AllocationException(first.field(), message);
        }

        private String reservedHolder(Ip4Prefix block) {
            return reserved.entrySet().stream().filter(e -> e.getValue().contains(block.address())
                    || block.contains(e.getValue().address())).map(Map.Entry::getKey).findFirst().orElse(null);
        }

        private boolean inPool(Ip4Prefix block) {
            Map.Entry<Long, Ip4Prefix> e = pool.floorEntry(PoolMath.start(block));
            return e != null && e.getValue().contains(block);
        }

        // The pinned prefix whose block overlaps the given one, null when none does.
        private Request overlapping(Ip4Prefix block) {
            Map.Entry<Long, Request> e = pinned.floorEntry(PoolMath.start(block));
            if (e != null && PoolMath.end(e.getValue().pin) >= PoolMath.start(block)) {
                return e.getValue();
            }
            e = pinned.ceilingEntry(PoolMath.start(block));
            return e != null && e.getKey() <= PoolMath.end(block) ? e.getValue() : null;
        }

        private static Map<Ip4Prefix, Ip4Prefix> byOriginal(List<TranslatedBlock> blocks) {
            Map<Ip4Prefix, Ip4Prefix> map = new HashMap<>();
            blocks.forEach(b -> map.putIfAbsent(b.original(), b.translated()));
            return map;
        }

        private List<String> servicesIn(Ip4Prefix block) {
            return desired.services().stream()
                    .filter(s -> block.contains(s.ip()) || block.contains(s.gatewayIp()))
                    .map(Service::name).collect(Collectors.toList());
        }

        private static Ip4Prefix host(Ip4Address address) {
            return Ip4Prefix.valueOf(address, Ip4Prefix.MAX_MASK_LENGTH);
        }

        private static String pinField(String tenant, Ip4Prefix original) {
            return "tenants[" + tenant + "].translatedPrefixes[" + original + "]";
        }

        private static void throwIfAny(List<ValidationError> errors) {
            if (!errors.isEmpty()) {
                throw new AllocationException(errors);
            }
        }
    }
}
