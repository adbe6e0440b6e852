package org.tenantnat.api;

import com.google.common.collect.ImmutableSortedMap;

import java.util.Map;

/**
 * How full the translation pool is.
 */
public final class PoolUsage {

    private final long size;
    private final long allocated;
    private final Map<String, Long> perTenant;

    /**
     * Creates pool usage.
     *
     * @param size      addresses in the pool
     * @param allocated addresses held by translated blocks
     * @param perTenant addresses held per tenant name
     */
    public PoolUsage(long size, long allocated, Map<String, Long> perTenant) {
        this.size = size;
        this.allocated = allocated;
        this.perTenant = ImmutableSortedMap.copyOf(perTenant);
    }

    /**
     * Returns the pool size in addresses.
     *
     * @return size
     */
    public long size() {
        return size;
    }

    /**
     * Returns the addresses held by translated blocks.
     *
     * @return count
     */
    public long allocated() {
        return allocated;
    }

    /**
     * Returns the free addresses.
     *
     * @return count
     */
    public long free() {
        return size - allocated;
    }

    /**
     * Returns the addresses held per tenant, sorted by tenant name.
     *
     * @return map of tenant to address count
     */
    public Map<String, Long> perTenant() {
        return perTenant;
    }

    @Override
    public String toString() {
        return "PoolUsage{" + allocated + "/" + size + "}";
    }
}
