package org.tenantnat.api.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which translated blocks each tenant holds. Immutable; keyed by tenant name.
 */
public final class Allocation {

    /** No tenant holds anything. */
    public static final Allocation EMPTY = new Allocation(ImmutableSortedMap.of());

    private final Map<String, List<TranslatedBlock>> byTenant;
    // Translated block start -> block, for lookups of a translated address.
    private final TreeMap<Integer, TranslatedBlock> byTranslatedStart = new TreeMap<>(Integer::compareUnsigned);

    /**
     * Creates an allocation.
     *
     * @param byTenant tenant name to its blocks
     */
    public Allocation(Map<String, List<TranslatedBlock>> byTenant) {
        ImmutableSortedMap.Builder<String, List<TranslatedBlock>> b = ImmutableSortedMap.naturalOrder();
        byTenant.forEach((t, blocks) -> b.put(t, ImmutableList.copyOf(blocks)));
        this.byTenant = b.build();
        this.byTenant.values().forEach(blocks -> blocks.forEach(
                block -> byTranslatedStart.put(block.translated().address().toInt(), block)));
    }

    /**
     * Builds an allocation from a flat collection of blocks.
     *
     * @param blocks blocks of any tenants
     * @return allocation
     */
    public static Allocation of(Collection<TranslatedBlock> blocks) {
        return new Allocation(blocks.stream().collect(Collectors.groupingBy(TranslatedBlock::tenant)));
    }

    /**
     * Returns every tenant's blocks, tenants sorted by name.
     *
     * @return map of tenant name to blocks
     */
    public Map<String, List<TranslatedBlock>> byTenant() {
        return byTenant;
    }

    /**
     * Returns one tenant's blocks.
     *
     * @param tenant tenant name
     * @return blocks, empty when it holds none
     */
    public List<TranslatedBlock> blocks(String tenant) {
        return byTenant.getOrDefault(tenant, ImmutableList.of());
    }

    /**
     * Returns all blocks.
     *
     * @return blocks, ordered by tenant name
     */
    public List<TranslatedBlock> allBlocks() {
        return byTenant.values().stream().flatMap(List::stream).collect(Collectors.toList());
    }

    /**
     * Returns the block that translates a customer prefix of a tenant.
     *
     * @param tenant   tenant name
     * @param original customer prefix
     * @return block
     */
    public Optional<TranslatedBlock> block(String tenant, Ip4Prefix original) {
        return blocks(tenant).stream().filter(b -> b.original().equals(original)).findFirst();
    }

    /**
     * Looks up a translated address: which tenant's host it stands for.
     *
     * @param translated an address of the pool
     * @return binding, empty when no block holds the address
     */
    public Optional<Binding> lookup(Ip4Address translated) {
        Map.Entry<Integer, TranslatedBlock> e = byTranslatedStart.floorEntry(translated.toInt());
        if (e == null || !e.getValue().translated().contains(translated)) {
            return Optional.empty();
        }
        TranslatedBlock block = e.getValue();
        return Optional.of(new Binding(block.tenant(), block.untranslate(translated), translated));
    }

    /**
     * Returns the number of translated addresses held.
     *
     * @return address count
     */
    public long allocatedAddresses() {
        return byTenant.values().stream().flatMap(List::stream)
                .mapToLong(b -> 1L << (32 - b.translated().prefixLength())).sum();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Allocation && byTenant.equals(((Allocation) o).byTenant));
    }

    @Override
    public int hashCode() {
        return byTenant.hashCode();
    }

    @Override
    public String toString() {
        return "Allocation" + byTenant;
    }
}
