package org.tenantnat.store;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The records one change of the state puts or removes, committed together: the provider settings, services,
 * tenants, links declared between switches, each tenant's translated blocks, the pool blocks of dynamic and pat
 * tenants, the bindings made in them (one record per host address or port block), and MACs learned for
 * neighbours. A record mapped to {@link Optional#empty()} is removed. Immutable.
 * <p>
 * Stores persist exactly these records, one by one; the runtime applies them to its indexes and recompiles only
 * the rules of what they touch.
 */
public final class StateChange {

    /** Orders neighbours by address, then switch port, then VLAN. */
    public static final Comparator<Neighbour> NEIGHBOUR_ORDER = Comparator
            .comparingLong((Neighbour n) -> n.ip().toInt() & 0xffffffffL)
            .thenComparing(n -> n.port().toString())
            .thenComparingInt(n -> n.vlan().toShort());

    private final Origin origin;
    private final Optional<ProviderSettings> settings;
    private final Map<String, Optional<Service>> services;
    private final Map<String, Optional<Tenant>> tenants;
    private final Map<String, Optional<List<TranslatedBlock>>> blocks;
    private final Map<Neighbour, Optional<MacAddress>> neighbours;
    private final Map<String, Optional<FabricLink>> links;
    private final Map<String, Optional<Ip4Prefix>> poolBlocks;
    private final Map<String, Optional<Binding>> bindings;

    private StateChange(Builder b) {
        this.origin = b.origin;
        this.settings = b.settings;
        this.services = ImmutableSortedMap.copyOf(b.services);
        this.tenants = ImmutableSortedMap.copyOf(b.tenants);
        this.blocks = ImmutableSortedMap.copyOf(b.blocks);
        this.neighbours = ImmutableSortedMap.copyOf(b.neighbours, NEIGHBOUR_ORDER);
        this.links = ImmutableSortedMap.copyOf(b.links);
        this.poolBlocks = ImmutableSortedMap.copyOf(b.poolBlocks);
        this.bindings = ImmutableSortedMap.copyOf(b.bindings);
    }

    /**
     * Returns a builder of a change.
     *
     * @param origin who made it
     * @return builder
     */
    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /**
     * Returns who made the change.
     *
     * @return origin
     */
    public Origin origin() {
        return origin;
    }

    /**
     * Returns the new provider settings, empty when unchanged.
     *
     * @return settings
     */
    public Optional<ProviderSettings> settings() {
        return settings;
    }

    /**
     * Returns the services put (present) or removed (empty), by name.
     *
     * @return services
     */
    public Map<String, Optional<Service>> services() {
        return services;
    }

    /**
     * Returns the tenants put (present) or removed (empty), by name.
     *
     * @return tenants
     */
    public Map<String, Optional<Tenant>> tenants() {
        return tenants;
    }

    /**
     * Returns each tenant's translated blocks as they are now (present) or released (empty), by tenant name.
     *
     * @return blocks
     */
    public Map<String, Optional<List<TranslatedBlock>>> blocks() {
        return blocks;
    }

    /**
     * Returns the MACs learned (present) or forgotten (empty), by neighbour.
     *
     * @return neighbour MACs
     */
    public Map<Neighbour, Optional<MacAddress>> neighbours() {
        return neighbours;
    }

    /**
     * Returns the links declared between switches put (present) or removed (empty), by {@link FabricLink#key()}.
     *
     * @return links
     */
    public Map<String, Optional<FabricLink>> links() {
        return links;
    }

    /**
     * Returns the pool blocks of dynamic and pat tenants as they are now (present) or released (empty), by tenant
     * name.
     *
     * @return pool blocks
     */
    public Map<String, Optional<Ip4Prefix>> poolBlocks() {
        return poolBlocks;
    }

    /**
     * Returns the bindings made (present) or ended (empty), by the slot of the pool they hold
     * ({@link Binding#slot()}).
     *
     * @return bindings
     */
    public Map<String, Optional<Binding>> bindings() {
        return bindings;
    }

    /**
     * Tells whether the change holds only bindings: what a host's first packet or its idle expiry commits.
     *
     * @return true when it holds bindings and nothing else
     */
    public boolean onlyBindings() {
        return !bindings.isEmpty() && size() == bindings.size();
    }

    /**
     * Tells whether the change touches no record.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return settings.isEmpty() && services.isEmpty() && tenants.isEmpty() && blocks.isEmpty()
                && neighbours.isEmpty() && links.isEmpty() && poolBlocks.isEmpty() && bindings.isEmpty();
    }

    /**
     * Returns the number of records the change puts or removes.
     *
     * @return record count
     */
    public int size() {
        return (settings.isPresent() ? 1 : 0) + services.size() + tenants.size() + blocks.size() + neighbours.size()
                + links.size() + poolBlocks.size() + bindings.size();
    }

    /**
     * Returns this change followed by a later one: where both touch a record, the later one wins.
     *
     * @param later the later change
     * @return combined change, attributed to the later one's origin
     */
    public StateChange then(StateChange later) {
        Builder b = new Builder(later.origin);
        b.settings = later.settings.isPresent() ? later.settings : settings;
        b.services.putAll(services);
        b.services.putAll(later.services);
        b.tenants.putAll(tenants);
        b.tenants.putAll(later.tenants);
        b.blocks.putAll(blocks);
        b.blocks.putAll(later.blocks);
        b.neighbours.putAll(neighbours);
        b.neighbours.putAll(later.neighbours);
        b.links.putAll(links);
        b.links.putAll(later.links);
        b.poolBlocks.putAll(poolBlocks);
        b.poolBlocks.putAll(later.poolBlocks);
        b.bindings.putAll(bindings);
        b.bindings.putAll(later.bindings);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StateChange)) {
            return false;
        }
        StateChange that = (StateChange) o;
        return origin.equals(that.origin) && settings.equals(that.settings) && services.equals(that.services)
                && tenants.equals(that.tenants) && blocks.equals(that.blocks) && neighbours.equals(that.neighbours)
                && links.equals(that.links) && poolBlocks.equals(that.poolBlocks) && bindings.equals(that.bindings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, settings, services, tenants, blocks, neighbours, links, poolBlocks, bindings);
    }

    @Override
    public String toString() {
        return "StateChange{by " + origin + ": " + (settings.isPresent() ? "settings, " : "") + services.size()
                + " services, " + tenants.size() + " tenants, " + blocks.size() + " allocations, "
                + neighbours.size() + " neighbours" + (links.isEmpty() ? "" : ", " + links.size() + " links")
                + (poolBlocks.isEmpty() ? "" : ", " + poolBlocks.size() + " pool blocks")
                + (bindings.isEmpty() ? "" : ", " + bindings.size() + " bindings") + "}";
    }

    /**
     * Collects the records of a change.
     */
    public static final class Builder {
        private final Origin origin;
        private Optional<ProviderSettings> settings = Optional.empty();
        private final Map<String, Optional<Service>> services = new TreeMap<>();
        private final Map<String, Optional<Tenant>> tenants = new TreeMap<>();
        private final Map<String, Optional<List<TranslatedBlock>>> blocks = new TreeMap<>();
        private final Map<Neighbour, Optional<MacAddress>> neighbours = new TreeMap<>(NEIGHBOUR_ORDER);
        private final Map<String, Optional<FabricLink>> links = new TreeMap<>();
        private final Map<String, Optional<Ip4Prefix>> poolBlocks = new TreeMap<>();
        private final Map<String, Optional<Binding>> bindings = new TreeMap<>();

        private Builder(Origin origin) {
            this.origin = checkNotNull(origin, "origin");
        }

        /**
         * Sets new provider settings.
         *
         * @param value settings
         * @return this builder
         */
        public Builder settings(ProviderSettings value) {
            settings = Optional.of(value);
            return this;
        }

        /**
         * Puts a service.
         *
         * @param service service
         * @return this builder
         */
        public Builder putService(Service service) {
            services.put(service.name(), Optional.of(service));
            return this;
        }

        /**
         * Removes a service.
         *
         * @param name service name
         * @return this builder
         */
        public Builder removeService(String name) {
            services.put(name, Optional.empty());
            return this;
        }

        /**
         * Puts a tenant.
         *
         * @param tenant tenant
         * @return this builder
         */
        public Builder putTenant(Tenant tenant) {
            tenants.put(tenant.name(), Optional.of(tenant));
            return this;
        }

        /**
         * Removes a tenant.
         *
         * @param name tenant name
         * @return this builder
         */
        public Builder removeTenant(String name) {
            tenants.put(name, Optional.empty());
            return this;
        }

        /**
         * Puts a tenant's translated blocks.
         *
         * @param tenant tenant name
         * @param held   its blocks, ordered by customer prefix
         * @return this builder
         */
        public Builder putBlocks(String tenant, List<TranslatedBlock> held) {
            blocks.put(tenant, Optional.of(ImmutableList.copyOf(held)));
            return this;
        }

        /**
         * Releases a tenant's translated blocks.
         *
         * @param tenant tenant name
         * @return this builder
         */
        public Builder removeBlocks(String tenant) {
            blocks.put(tenant, Optional.empty());
            return this;
        }

        /**
         * Records or forgets a neighbour's MAC.
         *
         * @param neighbour router or service
         * @param mac       its MAC, empty to forget it
         * @return this builder
         */
        public Builder neighbour(Neighbour neighbour, Optional<MacAddress> mac) {
            neighbours.put(neighbour, mac);
            return this;
        }

        /**
         * Puts a link declared between switches.
         *
         * @param link link
         * @return this builder
         */
        public Builder putLink(FabricLink link) {
            links.put(link.key(), Optional.of(link));
            return this;
        }

        /**
         * Puts the pool block of a dynamic or pat tenant.
         *
         * @param tenant tenant name
         * @param block  its pool block
         * @return this builder
         */
        public Builder putPoolBlock(String tenant, Ip4Prefix block) {
            poolBlocks.put(tenant, Optional.of(block));
            return this;
        }

        /**
         * Removes a declared link.
         *
         * @param key the link's {@link FabricLink#key()}
         * @return this builder
         */
        public Builder removeLink(String key) {
            links.put(key, Optional.empty());
            return this;
        }

        /**
         * Releases the pool block of a tenant.
         *
         * @param tenant tenant name
         * @return this builder
         */
        public Builder removePoolBlock(String tenant) {
            poolBlocks.put(tenant, Optional.empty());
            return this;
        }

        /**
         * Puts a binding, under its slot.
         *
         * @param binding binding in force, with the time it began
         * @return this builder
         */
        public Builder putBinding(Binding binding) {
            bindings.put(binding.slot(), Optional.of(binding));
            return this;
        }

        /**
         * Ends the binding that holds a slot.
         *
         * @param slot {@link Binding#slot()} of the binding
         * @return this builder
         */
        public Builder removeBinding(String slot) {
            bindings.put(slot, Optional.empty());
            return this;
        }

        /**
         * Builds the change.
         *
         * @return change
         */
        public StateChange build() {
            return new StateChange(this);
        }
    }
}
