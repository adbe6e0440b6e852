package org.tenantnat.alloc;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Allocates the pool block of each dynamic and pat tenant: one aligned block of the length its policy's
 * {@code blockSize} gives, from the same free space as static blocks, whatever the size of its prefixes. A tenant
 * keeps its block while its block size stays the same (its bindings live in it); a new block is the lowest free one
 * in the smallest free block that holds it.
 */
public final class PoolBlockAllocator {

    private static final Comparator<Tenant> LARGEST_FIRST = Comparator
            .comparingInt((Tenant t) -> t.translation().blockSize().orElseThrow()).thenComparing(Tenant::name);

    /**
     * Plans one tenant's pool block against the blocks in force. The index is left as it was.
     *
     * @param tenant the tenant as it is to be
     * @param index  blocks in force and the pool's free space, the tenant's own included
     * @return its pool block, empty for a static tenant
     * @throws AllocationException when no block of its size is free
     */
    public Optional<Ip4Prefix> allocate(Tenant tenant, AllocationIndex index) {
        if (!tenant.translation().bindsHosts()) {
            return Optional.empty();
        }
        int length = tenant.translation().blockSize().orElseThrow();
        Optional<Ip4Prefix> previous = index.poolBlock(tenant.name());
        if (previous.isPresent() && previous.get().prefixLength() == length && index.inPool(previous.get())) {
            return previous;
        }
        previous.ifPresent(index::release);
        try {
            Ip4Prefix block = index.takeAny(length);
            if (block == null) {
                throw noRoom(tenant, length, index.pool(), PoolMath.size(index.pool()), index.allocatedAddresses());
            }
            index.release(block);
            return Optional.of(block);
        } finally {
            previous.ifPresent(index::take);
        }
    }

    /**
     * Plans the pool blocks of a whole desired state.
     *
     * @param desired  desired state, validated
     * @param statics  the static tenants' blocks of that state
     * @param kept     pool blocks kept from before, by tenant ({@link #kept}), already placed around by the static
     *                 allocation
     * @return every dynamic and pat tenant's pool block, by tenant name
     * @throws AllocationException when the pool has no room for one
     */
    public Map<String, Ip4Prefix> allocate(DesiredState desired, Allocation statics, Map<String, Ip4Prefix> kept) {
        FreeBlocks free = new FreeBlocks(PoolMath.normalise(desired.pool()));
        for (Service s : desired.services()) {
            free.take(host(s.ip()));
            free.take(host(s.gatewayIp()));
        }
        long allocated = 0;
        for (TranslatedBlock b : statics.allBlocks()) {
            free.take(b.translated());
            allocated += PoolMath.size(b.translated());
        }
        Map<String, Ip4Prefix> blocks = new TreeMap<>();
        for (Map.Entry<String, Ip4Prefix> e : kept.entrySet()) {
            if (free.take(e.getValue())) {
                blocks.put(e.getKey(), e.getValue());
                allocated += PoolMath.size(e.getValue());
            }
        }
        List<Tenant> unplaced = new ArrayList<>();
        desired.tenants().stream().filter(t -> t.translation().bindsHosts() && !blocks.containsKey(t.name()))
                .forEach(unplaced::add);
        unplaced.sort(LARGEST_FIRST);
        for (Tenant t : unplaced) {
            int length = t.translation().blockSize().orElseThrow();
            Ip4Prefix block = free.takeAny(length);
            if (block == null) {
                throw noRoom(t, length, desired.pool(), PoolMath.size(desired.pool()), allocated);
            }
            blocks.put(t.name(), block);
            allocated += PoolMath.size(block);
        }
        return blocks;
    }

    /**
     * Returns the pool blocks a desired state keeps from before: those of tenants still dynamic or pat with the same
     * block size, still inside the pool.
     *
     * @param desired  the desired state to be
     * @param previous pool blocks in force, by tenant
     * @return kept pool blocks, by tenant
     */
    public static Map<String, Ip4Prefix> kept(DesiredState desired, Map<String, Ip4Prefix> previous) {
        Map<String, Ip4Prefix> kept = new HashMap<>();
        for (Tenant t : desired.tenants()) {
            Ip4Prefix before = previous.get(t.name());
            if (before != null && t.translation().bindsHosts()
                    && t.translation().blockSize().orElse(-1) == before.prefixLength()
                    && desired.pool().stream().anyMatch(p -> p.contains(before))) {
                kept.put(t.name(), before);
            }
        }
        return kept;
    }

    private static AllocationException noRoom(Tenant t, int length, List<Ip4Prefix> pool, long size, long allocated) {
        return new AllocationException("tenants[" + t.name() + "].translation.blockSize", String.format(
                "no free /%d left in pool %s for tenant %s's pool block (%d addresses, %d allocated)", length, pool,
                t.name(), size, allocated));
    }

    private static Ip4Prefix host(Ip4Address address) {
        return Ip4Prefix.valueOf(address, Ip4Prefix.MAX_MASK_LENGTH);
    }
}
