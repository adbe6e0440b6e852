package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One customer host and the translated address the service sees for it.
 */
public final class Binding {

    private final String tenant;
    private final Ip4Address original;
    private final Ip4Address translated;

    /**
     * Creates a binding.
     *
     * @param tenant     tenant name
     * @param original   customer host
     * @param translated translated address
     */
    public Binding(String tenant, Ip4Address original, Ip4Address translated) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.original = checkNotNull(original, "original");
        this.translated = checkNotNull(translated, "translated");
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
     * Returns the customer host.
     *
     * @return address
     */
    public Ip4Address original() {
        return original;
    }

    /**
     * Returns the translated address.
     *
     * @return address
     */
    public Ip4Address translated() {
        return translated;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Binding)) {
            return false;
        }
        Binding that = (Binding) o;
        return tenant.equals(that.tenant) && original.equals(that.original) && translated.equals(that.translated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, original, translated);
    }

    @Override
    public String toString() {
        return tenant + ":" + original + "=" + translated;
    }
}
