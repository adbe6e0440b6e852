package org.tenantnat.api;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.DeviceId;

import java.util.List;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The switches tenantnat knows and the links between them, as it routes over them now: what {@code GET /topology}
 * answers. Immutable.
 */
public final class FabricView {

    /** A switch: whether it is connected, and what attaches to it. */
    public static final class Switch {
        private final DeviceId id;
        private final boolean connected;
        private final int tenants;
        private final int services;

        /**
         * Creates a switch entry.
         *
         * @param id        switch
         * @param connected whether it is connected (to any node)
         * @param tenants   tenants attached to it
         * @param services  services attached to it
         */
        public Switch(DeviceId id, boolean connected, int tenants, int services) {
            this.id = checkNotNull(id, "id");
            this.connected = connected;
            this.tenants = tenants;
            this.services = services;
        }

        /**
         * Returns the switch.
         *
         * @return device id
         */
        public DeviceId id() {
            return id;
        }

        /**
         * Tells whether the switch is connected.
         *
         * @return true when connected
         */
        public boolean connected() {
            return connected;
        }

        /**
         * Returns how many tenants attach to the switch.
         *
         * @return tenant count
         */
        public int tenants() {
            return tenants;
        }

        /**
         * Returns how many services attach to the switch.
         *
         * @return service count
         */
        public int services() {
            return services;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Switch && id.equals(((Switch) o).id) && connected == ((Switch) o).connected
                    && tenants == ((Switch) o).tenants && services == ((Switch) o).services;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, connected, tenants, services);
        }

        @Override
        public String toString() {
            return id + (connected ? "" : " (not connected)");
        }
    }

    private final List<Switch> switches;
    private final List<LinkState> links;

    /**
     * Creates a view.
     *
     * @param switches switches, ordered by id
     * @param links    links, ordered by their ends
     */
    public FabricView(List<Switch> switches, List<LinkState> links) {
        this.switches = ImmutableList.copyOf(switches);
        this.links = ImmutableList.copyOf(links);
    }

    /**
     * Returns the switches.
     *
     * @return switches ordered by id
     */
    public List<Switch> switches() {
        return switches;
    }

    /**
     * Returns the links.
     *
     * @return links ordered by their ends
     */
    public List<LinkState> links() {
        return links;
    }

    @Override
    public String toString() {
        return "FabricView{" + switches.size() + " switches, " + links.size() + " links}";
    }
}
