package org.tenantnat.api;

import org.onlab.packet.Ip4Address;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An access intent: a tenant may reach a service at a VIP. Its state reflects the switches, not the request.
 */
public final class AccessIntent {

    /**
     * Life cycle of an access intent.
     */
    public enum State {
        /** Rules sent; not every switch has confirmed them yet. */
        INSTALLING,
        /** Every switch has confirmed the rules. */
        INSTALLED,
        /** The rules could not be installed; see the reason. */
        FAILED,
        /** Deleted; its rules are being removed. */
        WITHDRAWN
    }

    private final String tenant;
    private final String service;
    private final Ip4Address vip;
    private final State state;
    private final String reason;

    /**
     * Creates an intent.
     *
     * @param tenant  tenant name
     * @param service service name
     * @param vip     VIP in the tenant's space
     * @param state   state
     * @param reason  why it failed or waits, or null
     */
    public AccessIntent(String tenant, String service, Ip4Address vip, State state, String reason) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.service = checkNotNull(service, "service");
        this.vip = checkNotNull(vip, "vip");
        this.state = checkNotNull(state, "state");
        this.reason = reason;
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
     * Returns the service name.
     *
     * @return service
     */
    public String service() {
        return service;
    }

    /**
     * Returns the VIP.
     *
     * @return VIP
     */
    public Ip4Address vip() {
        return vip;
    }

    /**
     * Returns the state.
     *
     * @return state
     */
    public State state() {
        return state;
    }

    /**
     * Returns why the intent failed or is still installing.
     *
     * @return reason
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AccessIntent)) {
            return false;
        }
        AccessIntent that = (AccessIntent) o;
        return tenant.equals(that.tenant) && service.equals(that.service) && vip.equals(that.vip)
                && state == that.state && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, service, vip, state, reason);
    }

    @Override
    public String toString() {
        return tenant + "->" + service + "@" + vip + " " + state + (reason == null ? "" : " (" + reason + ")");
    }
}
