package org.tenantnat.api.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A customer: its attachment, its router, its own prefixes and the services it may reach.
 */
public final class Tenant {

    private final String name;
    private final int id;
    private final Attachment attachment;
    private final Ip4Address routerIp;
    private final MacAddress routerMac;
    private final Ip4Address gatewayIp;
    private final List<Ip4Prefix> prefixes;
    private final TranslationPolicy translation;
    private final List<Access> access;
    private final Map<Ip4Prefix, Ip4Prefix> translatedPrefixes;

    private Tenant(Builder b) {
        this.name = checkNotNull(b.name, "name");
        this.id = b.id;
        this.attachment = checkNotNull(b.attachment, "attachment");
        this.routerIp = checkNotNull(b.routerIp, "routerIp");
        this.routerMac = b.routerMac;
        this.gatewayIp = checkNotNull(b.gatewayIp, "gatewayIp");
        this.prefixes = ImmutableList.copyOf(b.prefixes);
        this.translation = checkNotNull(b.translation, "translation");
        this.access = ImmutableList.copyOf(b.access);
        this.translatedPrefixes = ImmutableMap.copyOf(b.translatedPrefixes);
    }

    /**
     * Returns a new builder.
     *
     * @return builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with this tenant's fields.
     *
     * @return builder
     */
    public Builder toBuilder() {
        return new Builder().name(name).id(id).attachment(attachment).routerIp(routerIp).routerMac(routerMac)
                .gatewayIp(gatewayIp).prefixes(prefixes).translation(translation).access(access)
                .translatedPrefixes(translatedPrefixes);
    }

    /**
     * Returns the tenant's unique name.
     *
     * @return name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the tenant id, the tag that return traffic carries.
     *
     * @return id
     */
    public int id() {
        return id;
    }

    /**
     * Returns the attachment.
     *
     * @return attachment
     */
    public Attachment attachment() {
        return attachment;
    }

    /**
     * Returns the switch the tenant attaches to: its edge.
     *
     * @return edge switch
     */
    public DeviceId edge() {
        return attachment.connectPoint().deviceId();
    }

    /**
     * Returns the customer's next hop on the attachment.
     *
     * @return router address
     */
    public Ip4Address routerIp() {
        return routerIp;
    }

    /**
     * Returns the configured router MAC, empty when it is to be resolved by ARP.
     *
     * @return router MAC
     */
    public Optional<MacAddress> routerMac() {
        return Optional.ofNullable(routerMac);
    }

    /**
     * Returns the provider gateway address on this tenant's attachment.
     *
     * @return gateway address
     */
    public Ip4Address gatewayIp() {
        return gatewayIp;
    }

    /**
     * Returns the customer prefixes whose hosts may use services.
     *
     * @return prefixes, in document order
     */
    public List<Ip4Prefix> prefixes() {
        return prefixes;
    }

    /**
     * Returns the translation policy.
     *
     * @return policy
     */
    public TranslationPolicy translation() {
        return translation;
    }

    /**
     * Returns the access grants.
     *
     * @return accesses, in document order
     */
    public List<Access> access() {
        return access;
    }

    /**
     * Returns the access to a service, if granted.
     *
     * @param service service name
     * @return access
     */
    public Optional<Access> access(String service) {
        return access.stream().filter(a -> a.service().equals(service)).findFirst();
    }

    /**
     * Returns the operator's pinned translated blocks, customer prefix to translated prefix.
     *
     * @return pins
     */
    public Map<Ip4Prefix, Ip4Prefix> translatedPrefixes() {
        return translatedPrefixes;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tenant)) {
            return false;
        }
        Tenant t = (Tenant) o;
        return id == t.id && name.equals(t.name) && attachment.equals(t.attachment) && routerIp.equals(t.routerIp)
                && Objects.equals(routerMac, t.routerMac) && gatewayIp.equals(t.gatewayIp)
                && prefixes.equals(t.prefixes) && translation.equals(t.translation) && access.equals(t.access)
                && translatedPrefixes.equals(t.translatedPrefixes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, attachment, routerIp, routerMac, gatewayIp, prefixes, translation, access,
                            translatedPrefixes);
    }

    @Override
    public String toString() {
        return "Tenant{" + name + " #" + id + " " + attachment + " " + prefixes + "}";
    }

    /**
     * Builds tenants.
     */
    public static final class Builder {
        private String name;
        private int id;
        private Attachment attachment;
        private Ip4Address routerIp;
        private MacAddress routerMac;
        private Ip4Address gatewayIp;
        private List<Ip4Prefix> prefixes = ImmutableList.of();
        private TranslationPolicy translation = TranslationPolicy.STATIC;
        private List<Access> access = ImmutableList.of();
        private Map<Ip4Prefix, Ip4Prefix> translatedPrefixes = ImmutableMap.of();

        private Builder() {
        }

        /**
         * Sets the name.
         *
         * @param name name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the id.
         *
         * @param id id
         * @return this builder
         */
        public Builder id(int id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the attachment.
         *
         * @param attachment attachment
         * @return this builder
         */
        public Builder attachment(Attachment attachment) {
            this.attachment = attachment;
            return this;
        }

        /**
         * Sets the router address.
         *
         * @param routerIp address
         * @return this builder
         */
        public Builder routerIp(Ip4Address routerIp) {
            this.routerIp = routerIp;
            return this;
        }

        /**
         * Sets the router MAC, null to resolve it by ARP.
         *
         * @param routerMac MAC or null
         * @return this builder
         */
        public Builder routerMac(MacAddress routerMac) {
            this.routerMac = routerMac;
            return this;
        }

        /**
         * Sets the gateway address.
         *
         * @param gatewayIp address
         * @return this builder
         */
        public Builder gatewayIp(Ip4Address gatewayIp) {
            this.gatewayIp = gatewayIp;
            return this;
        }

        /**
         * Sets the customer prefixes.
         *
         * @param prefixes prefixes
         * @return this builder
         */
        public Builder prefixes(List<Ip4Prefix> prefixes) {
            this.prefixes = prefixes;
            return this;
        }

        /**
         * Sets the translation policy.
         *
         * @param translation policy
         * @return this builder
         */
        public Builder translation(TranslationPolicy translation) {
            this.translation = translation;
            return this;
        }

        /**
         * Sets the access grants.
         *
         * @param access grants
         * @return this builder
         */
        public Builder access(List<Access> access) {
            this.access = access;
            return this;
        }

        /**
         * Sets the pinned translated blocks.
         *
         * @param translatedPrefixes customer prefix to translated prefix
         * @return this builder
         */
        public Builder translatedPrefixes(Map<Ip4Prefix, Ip4Prefix> translatedPrefixes) {
            this.translatedPrefixes = translatedPrefixes;
            return this;
        }

        /**
         * Builds the tenant.
         *
         * @return tenant
         */
        public Tenant build() {
            return new Tenant(this);
        }
    }
}
