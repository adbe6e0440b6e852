package org.tenantnat.alloc;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The translated blocks in force, per tenant and by address, the pool blocks of dynamic and pat tenants, and the
 * pool's free space. Answers lookups of a translated address and which block holds an address in logarithmic time,
 * and is changed tenant by tenant, so a change of one tenant's blocks costs that tenant's blocks only. Not
 * thread-safe: the runtime serialises access.
 */
public final class AllocationIndex {

    private final Map<String, List<TranslatedBlock>> byTenant = new HashMap<>();
    private final TreeMap<Long, TranslatedBlock> byStart = new TreeMap<>();
    private final Map<String, Ip4Prefix> poolBlocks = new HashMap<>();
    private final TreeMap<Long, String> poolBlockByStart = new TreeMap<>();
    private List<Ip4Prefix> pool;
    private FreeBlocks free;
    private long allocated;
    private Allocation snapshot = Allocation.EMPTY;
    private boolean snapshotStale;

    /**
     * Creates an index with nothing allocated.
     *
     * @param pool pool prefixes
     */
    public AllocationIndex(List<Ip4Prefix> pool) {
        this.pool = ImmutableList.copyOf(pool);
        this.free = new FreeBlocks(PoolMath.normalise(pool));
    }

    /**
     * Returns the pool.
     *
     * @return pool prefixes
     */
    public List<Ip4Prefix> pool() {
        return pool;
    }

    /**
     * Returns one tenant's blocks.
     *
     * @param tenant tenant name
     * @return blocks ordered by customer prefix, empty when it holds none
     */
    public List<TranslatedBlock> blocks(String tenant) {
        return byTenant.getOrDefault(tenant, List.of());
    }

    /**
     * Returns the pool block of a dynamic or pat tenant.
     *
     * @param tenant tenant name
     * @return block, empty when it holds none
     */
    public Optional<Ip4Prefix> poolBlock(String tenant) {
        return Optional.ofNullable(poolBlocks.get(tenant));
    }

    /**
     * Returns every pool block of dynamic and pat tenants.
     *
     * @return tenant name to its pool block
     */
    public Map<String, Ip4Prefix> poolBlocks() {
        return Map.copyOf(poolBlocks);
    }

    /**
     * Finds the pool block that shares an address with a given block.
     *
     * @param block block of the pool
     * @return the tenant holding an overlapping pool block
     */
    public Optional<String> poolBlockHolder(Ip4Prefix block) {
        long start = PoolMath.start(block);
        Map.Entry<Long, String> below = poolBlockByStart.floorEntry(start);
        if (below != null && PoolMath.end(poolBlocks.get(below.getValue())) >= start) {
            return Optional.of(below.getValue());
        }
        Map.Entry<Long, String> above = poolBlockByStart.ceilingEntry(start);
        return above != null && above.getKey() <= PoolMath.end(block) ? Optional.of(above.getValue())
                : Optional.empty();
    }

    /**
     * Returns every block as an allocation; built again only after a change.
     *
     * @return allocation
     */
    public Allocation allocation() {
        if (snapshotStale) {
            snapshot = new Allocation(byTenant);
            snapshotStale = false;
        }
        return snapshot;
    }

    /**
     * Looks up a translated address.
     *
     * @param translated an address of the pool
     * @return the tenant and customer host it stands for, empty when no block holds it
     */
    public Optional<Binding> lookup(Ip4Address translated) {
        return holder(Ip4Prefix.valueOf(translated, Ip4Prefix.MAX_MASK_LENGTH))
                .map(b -> new Binding(b.tenant(), b.untranslate(translated), translated));
    }

    /**
     * Finds a block that shares an address with a given one.
     *
     * @param block block of the pool
     * @return a block in force overlapping it
     */
    public Optional<TranslatedBlock> holder(Ip4Prefix block) {
        long start = PoolMath.start(block);
        Map.Entry<Long, TranslatedBlock> below = byStart.floorEntry(start);
        if (below != null && PoolMath.end(below.getValue().translated()) >= start) {
            return Optional.of(below.getValue());
        }
        Map.Entry<Long, TranslatedBlock> above = byStart.ceilingEntry(start);
        return above != null && above.getKey() <= PoolMath.end(block) ? Optional.of(above.getValue())
                : Optional.empty();
    }

    /**
     * Returns how full the pool is.
     *
     * @return usage in total and per tenant
     */
    public PoolUsage usage() {
        Map<String, Long> perTenant = new TreeMap<>();
        byTenant.forEach((tenant, blocks) -> perTenant.put(tenant, blocks.stream()
                .mapToLong(b -> PoolMath.size(b.translated())).sum()));
        poolBlocks.forEach((tenant, block) -> perTenant.merge(tenant, PoolMath.size(block), Long::sum));
        return new PoolUsage(PoolMath.size(pool), allocated, perTenant);
    }

    /**
     * Puts or releases tenants' blocks: all blocks given up first, then all new ones taken, so a block may pass
     * from one tenant to another within one change.
     *
     * @param changes tenant name to its blocks now (empty list or empty optional: none)
     */
    public void apply(Map<String, Optional<List<TranslatedBlock>>> changes) {
        apply(changes, Map.of());
    }

    /**
     * Puts or releases tenants' blocks and pool blocks: all given up first, then all new ones taken, so space may
     * pass from one tenant to another, or from a static block to a pool block, within one change.
     *
     * @param changes    tenant name to its blocks now (empty list or empty optional: none)
     * @param poolChanges tenant name to its pool block now (empty: none)
     */
    public void apply(Map<String, Optional<List<TranslatedBlock>>> changes,
                      Map<String, Optional<Ip4Prefix>> poolChanges) {
        Map<String, List<TranslatedBlock>> next = changed(changes);
        Map<String, Optional<Ip4Prefix>> nextPool = changedPoolBlocks(poolChanges);
        for (String tenant : next.keySet()) {
            for (TranslatedBlock b : byTenant.getOrDefault(tenant, List.of())) {
                free.release(b.translated());
            }
        }
        nextPool.keySet().forEach(tenant -> poolBlock(tenant).ifPresent(free::release));
        next.values().forEach(blocks -> blocks.forEach(b -> {
            if (!free.take(b.translated())) {
                throw new IllegalStateException("block " + b + " overlaps another block or leaves the pool");
            }
        }));
        nextPool.forEach((tenant, block) -> block.ifPresent(b -> {
            if (!free.take(b)) {
                throw new IllegalStateException("pool block " + b + " of " + tenant + " overlaps another block or "
                                                        + "leaves the pool");
            }
        }));
        index(next);
        indexPoolBlocks(nextPool);
    }

    /**
     * Moves to another pool with tenants' blocks changed at the same time (the allocator moved those that left the
     * pool): the free space is built again around every block in force.
     *
     * @param nextPool new pool prefixes
     * @param changes  tenant name to its blocks now
     */
    public void apply(List<Ip4Prefix> nextPool, Map<String, Optional<List<TranslatedBlock>>> changes) {
        apply(nextPool, changes, Map.of());
    }

    /**
     * Moves to another pool with tenants' blocks and pool blocks changed at the same time: the free space is built
     * again around every block in force.
     *
     * @param nextPool    new pool prefixes
     * @param changes     tenant name to its blocks now
     * @param poolChanges tenant name to its pool block now
     */
    public void apply(List<Ip4Prefix> nextPool, Map<String, Optional<List<TranslatedBlock>>> changes,
                      Map<String, Optional<Ip4Prefix>> poolChanges) {
        index(changed(changes));
        indexPoolBlocks(changedPoolBlocks(poolChanges));
        pool = ImmutableList.copyOf(nextPool);
        free = new FreeBlocks(PoolMath.normalise(nextPool));
        byStart.values().forEach(b -> {
            if (!free.take(b.translated())) {
                throw new IllegalStateException("block " + b + " overlaps another block or leaves pool " + nextPool);
            }
        });
        poolBlocks.forEach((tenant, b) -> {
            if (!free.take(b)) {
                throw new IllegalStateException("pool block " + b + " of " + tenant + " overlaps another block or "
                                                        + "leaves pool " + nextPool);
            }
        });
        snapshotStale = true;
    }

    private Map<String, Optional<Ip4Prefix>> changedPoolBlocks(Map<String, Optional<Ip4Prefix>> changes) {
        Map<String, Optional<Ip4Prefix>> next = new HashMap<>();
        changes.forEach((tenant, block) -> {
            if (!poolBlock(tenant).equals(block)) {
                next.put(tenant, block);
            }
        });
        return next;
    }

    private void indexPoolBlocks(Map<String, Optional<Ip4Prefix>> next) {
        next.forEach((tenant, block) -> {
            Ip4Prefix before = poolBlocks.remove(tenant);
            if (before != null) {
                poolBlockByStart.remove(PoolMath.start(before), tenant);
                allocated -= PoolMath.size(before);
            }
            block.ifPresent(b -> {
                poolBlocks.put(tenant, b);
                poolBlockByStart.put(PoolMath.start(b), tenant);
                allocated += PoolMath.size(b);
            });
        });
    }

    private Map<String, List<TranslatedBlock>> changed(Map<String, Optional<List<TranslatedBlock>>> changes) {
        Map<String, List<TranslatedBlock>> next = new HashMap<>();
        changes.forEach((tenant, blocks) -> {
            List<TranslatedBlock> now = blocks.orElse(List.of());
            if (!byTenant.getOrDefault(tenant, List.of()).equals(now)) {
                next.put(tenant, now);
            }
        });
        return next;
    }

    // Replaces the blocks of the tenants given in the maps by tenant and by address (not in the free space).
    private void index(Map<String, List<TranslatedBlock>> next) {
        for (String tenant : next.keySet()) {
            for (TranslatedBlock b : byTenant.getOrDefault(tenant, List.of())) {
                byStart.remove(PoolMath.start(b.translated()), b);
                allocated -= PoolMath.size(b.translated());
            }
        }
        next.forEach((tenant, blocks) -> {
            for (TranslatedBlock b : blocks) {
                byStart.put(PoolMath.start(b.translated()), b);
                allocated += PoolMath.size(b.translated());
            }
            if (blocks.isEmpty()) {
                byTenant.remove(tenant);
            } else {
                byTenant.put(tenant, ImmutableList.copyOf(blocks));
            }
        });
        snapshotStale |= !next.isEmpty();
    }

    /**
     * Tries to take a block of the free space, for an allocation being planned.
     *
     * @param block block
     * @return true when taken
     */
    boolean take(Ip4Prefix block) {
        return free.take(block);
    }

    /**
     * Takes any free block of a length, for an allocation being planned.
     *
     * @param length prefix length
     * @return the block, null when none is left
     */
    Ip4Prefix takeAny(int length) {
        return free.takeAny(length);
    }

    /**
     * Gives a block back to the free space, undoing a planning step.
     *
     * @param block block
     */
    void release(Ip4Prefix block) {
        free.release(block);
    }

    /**
     * Tells whether a block lies inside the pool.
     *
     * @param block block
     * @return true when one pool prefix contains it
     */
    boolean inPool(Ip4Prefix block) {
        return pool.stream().anyMatch(p -> p.contains(block));
    }

    /**
     * Returns the number of addresses held.
     *
     * @return allocated addresses
     */
    long allocatedAddresses() {
        return allocated;
    }
}
