package org.tenantnat.api.model;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;

import java.util.List;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The provider-wide part of the desired state: the translation pool and the MAC every provider gateway answers
 * with. Kept as one record beside the tenants and services.
 */
public final class ProviderSettings {

    /** The settings of an empty desired state. */
    public static final ProviderSettings DEFAULTS =
            new ProviderSettings(DesiredState.EMPTY.pool(), DesiredState.EMPTY.gatewayMac());

    private final List<Ip4Prefix> pool;
    private final MacAddress gatewayMac;

    /**
     * Creates the settings.
     *
     * @param pool       prefixes translated sources are taken from
     * @param gatewayMac MAC the provider gateways answer with
     */
    public ProviderSettings(List<Ip4Prefix> pool, MacAddress gatewayMac) {
        this.pool = ImmutableList.copyOf(pool);
        this.gatewayMac = checkNotNull(gatewayMac, "gatewayMac");
    }

    /**
     * Returns the settings of a desired state.
     *
     * @param state desired state
     * @return its pool and gateway MAC
     */
    public static ProviderSettings of(DesiredState state) {
        return new ProviderSettings(state.pool(), state.gatewayMac());
    }

    /**
     * Returns the translation pool.
     *
     * @return pool prefixes
     */
    public List<Ip4Prefix> pool() {
        return pool;
    }

    /**
     * Returns the MAC of every provider gateway.
     *
     * @return MAC
     */
    public MacAddress gatewayMac() {
        return gatewayMac;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ProviderSettings && pool.equals(((ProviderSettings) o).pool)
                && gatewayMac.equals(((ProviderSettings) o).gatewayMac));
    }

    @Override
    public int hashCode() {
        return Objects.hash(pool, gatewayMac);
    }

    @Override
    public String toString() {
        return "ProviderSettings{pool=" + pool + ", gatewayMac=" + gatewayMac + "}";
    }
}
