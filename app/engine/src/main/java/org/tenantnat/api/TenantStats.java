package org.tenantnat.api;

import java.util.Objects;

/**
 * Traffic of one tenant, summed from the counters of its flow rules.
 */
public final class TenantStats {

    private final String tenant;
    private final long packetsFromTenant;
    private final long bytesFromTenant;
    private final long packetsToTenant;
    private final long bytesToTenant;

    /**
     * Creates tenant statistics.
     *
     * @param tenant            tenant name
     * @param packetsFromTenant packets translated on the way to a service
     * @param bytesFromTenant   bytes translated on the way to a service
     * @param packetsToTenant   packets translated back on the way to the tenant
     * @param bytesToTenant     bytes translated back on the way to the tenant
     */
    public TenantStats(String tenant, long packetsFromTenant, long bytesFromTenant,
                       long packetsToTenant, long bytesToTenant) {
        this.tenant = Objects.requireNonNull(tenant);
        this.packetsFromTenant = packetsFromTenant;
        this.bytesFromTenant = bytesFromTenant;
        this.packetsToTenant = packetsToTenant;
        this.bytesToTenant = bytesToTenant;
    }

    /**
     * Returns the tenant name.
     *
     * @return tenant
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns packets from the tenant.
     *
     * @return count
     */
    public long packetsFromTenant() {
        return packetsFromTenant;
    }

    /**
     * Returns bytes from the tenant.
     *
     * @return count
     */
    public long bytesFromTenant() {
        return bytesFromTenant;
    }

    /**
     * Returns packets to the tenant.
     *
     * @return count
     */
    public long packetsToTenant() {
        return packetsToTenant;
    }

    /**
     * Returns bytes to the tenant.
     *
     * @return count
     */
    public long bytesToTenant() {
        return bytesToTenant;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TenantStats)) {
            return false;
        }
        TenantStats that = (TenantStats) o;
        return tenant.equals(that.tenant) && packetsFromTenant == that.packetsFromTenant
                && bytesFromTenant == that.bytesFromTenant && packetsToTenant == that.packetsToTenant
                && bytesToTenant == that.bytesToTenant;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, packetsFromTenant, bytesFromTenant, packetsToTenant, bytesToTenant);
    }

    @Override
    public String toString() {
        return tenant + " out " + packetsFromTenant + "p/" + bytesFromTenant + "B in " + packetsToTenant + "p/"
                + bytesToTenant + "B";
    }
}
