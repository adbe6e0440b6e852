package org.tenantnat.pipeline;

import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.LinkState;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.fabric.ShortestPathTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where routes run between switches. A tenant's packets are translated on its edge switch and then routed, by the
 * service's real address, along the shortest path toward the service's switch; the replies are routed, by the
 * tenant's translated destination, along the shortest path toward the tenant's edge switch. So a switch carries
 * a service's route when it is on the path from some user's edge to the service, and a tenant's route when it is
 * on the path from one of the tenant's services back to the tenant's edge. Every path to one switch is a branch of
 * one {@link ShortestPathTree}, so the routes of every switch agree hop by hop.
 */
public final class FabricRoutes {

    private final PipelineInput in;
    private final Fabric fabric;

    /**
     * Creates the routes of a state.
     *
     * @param in desired state and fabric
     */
    public FabricRoutes(PipelineInput in) {
        this.in = in;
        this.fabric = in.fabric();
    }

    /**
     * Tells why a tenant cannot reach a service on another switch.
     *
     * @param tenant  tenant
     * @param service service
     * @return reason, empty when the service is on the tenant's switch or a path joins the two
     */
    public Optional<String> unreachable(Tenant tenant, Service service) {
        DeviceId edge = tenant.edge();
        DeviceId home = service.connectPoint().deviceId();
        if (edge.equals(home) || fabric.toward(home).reaches(edge)) {
            return Optional.empty();
        }
        long up = fabric.links().stream().filter(l -> l.state() == LinkState.State.UP).count();
        return Optional.of("service " + service.name() + " on " + home + " is unreachable from tenant "
                                   + tenant.name() + " on " + edge + ": no path over the " + up + " links up");
    }

    /**
     * Returns the switches a tenant's packets to a service cross.
     *
     * @param tenant  tenant
     * @param service service
     * @return the tenant's edge first, the service's switch last; one switch when both are on it; empty when
     *         unreachable
     */
    public List<DeviceId> forwardPath(Tenant tenant, Service service) {
        DeviceId edge = tenant.edge();
        DeviceId home = service.connectPoint().deviceId();
        return edge.equals(home) ? List.of(edge) : fabric.toward(home).path(edge);
    }

    /**
     * Returns the switches a service's replies to a tenant cross.
     *
     * @param tenant  tenant
     * @param service service
     * @return the service's switch first, the tenant's edge last; one switch when both are on it; empty when
     *         unreachable
     */
    public List<DeviceId> returnPath(Tenant tenant, Service service) {
        DeviceId edge = tenant.edge();
        DeviceId home = service.connectPoint().deviceId();
        return edge.equals(home) ? List.of(edge) : fabric.toward(edge).path(home);
    }

    /**
     * Returns the port a switch routes a service's address out of, toward the service's switch.
     *
     * @param service service
     * @param here    switch
     * @return port, empty when the switch carries no route for the service, or is the service's own switch
     */
    public Optional<PortNumber> serviceNextHop(Service service, DeviceId here) {
        DeviceId home = service.connectPoint().deviceId();
        if (here.equals(home)) {
            return Optional.empty();
        }
        ShortestPathTree tree = fabric.toward(home);
        for (DeviceId edge : in.edgesUsing(service.name())) {
            if (!edge.equals(home) && tree.crosses(edge, here)) {
                return tree.nextHop(here);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether a switch delivers a service's address to the service's port for users on other switches.
     *
     * @param service service
     * @param here    switch
     * @return true on the service's switch when a user on another switch has a path to it
     */
    public boolean deliversRemote(Service service, DeviceId here) {
        DeviceId home = service.connectPoint().deviceId();
        if (!here.equals(home)) {
            return false;
        }
        ShortestPathTree tree = fabric.toward(home);
        return in.edgesUsing(service.name()).stream().anyMatch(edge -> !edge.equals(home) && tree.reaches(edge));
    }

    /**
     * Returns the port a switch routes a tenant's translated blocks out of, toward the tenant's edge.
     *
     * @param tenant tenant
     * @param here   switch
     * @return port, empty when no reply from the tenant's services crosses the switch on its way to the edge
     */
    public Optional<PortNumber> tenantNextHop(Tenant tenant, DeviceId here) {
        DeviceId edge = tenant.edge();
        if (here.equals(edge)) {
            return Optional.empty();
        }
        ShortestPathTree tree = fabric.toward(edge);
        for (Access a : tenant.access()) {
            Optional<Service> service = in.service(a.service());
            if (service.isPresent() && tree.crosses(service.get().connectPoint().deviceId(), here)) {
                return tree.nextHop(here);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether any route between switches crosses a switch or ends on it, so that it must take packets from
     * its links.
     *
     * @param here switch
     * @return true when some user of some service on another switch has a path through or to it
     */
    public boolean carriesRoutes(DeviceId here) {
        if (fabric.fabricPorts(here).isEmpty()) {
            return false;
        }
        for (Service s : in.services()) {
            DeviceId home = s.connectPoint().deviceId();
            for (DeviceId edge : in.edgesUsing(s.name())) {
                if (!edge.equals(home) && (fabric.toward(home).crosses(edge, here)
                        || fabric.toward(edge).crosses(home, here))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns every switch and rule owner whose rules one access needs: on the tenant's edge its own and the
     * access's, then the service's route on every switch from the edge to the service, and the tenant's route on
     * every switch from the service back to (not including) the edge.
     *
     * @param tenant  tenant
     * @param access  one of its accesses
     * @param service the service it reaches
     * @return switches and owners, the edge's first; only the edge's when the path is unknown
     */
    public List<Placement> placements(Tenant tenant, Access access, Service service) {
        DeviceId edge = tenant.edge();
        List<Placement> placements = new ArrayList<>();
        placements.add(new Placement(edge, RuleOwner.tenant(tenant.name())));
        placements.add(new Placement(edge, RuleOwner.access(tenant.name(), access.service())));
        if (service.connectPoint().deviceId().equals(edge)) {
            return placements;
        }
        RuleOwner serviceRoute = RuleOwner.serviceRoute(service.name());
        forwardPath(tenant, service).forEach(d -> placements.add(new Placement(d, serviceRoute)));
        RuleOwner tenantRoute = RuleOwner.tenantRoute(tenant.name());
        returnPath(tenant, service).stream().filter(d -> !d.equals(edge))
                .forEach(d -> placements.add(new Placement(d, tenantRoute)));
        return placements;
    }

    /** A rule owner on one switch. */
    public static final class Placement {
        private final DeviceId device;
        private final RuleOwner owner;

        /**
         * Creates a placement.
         *
         * @param device switch
         * @param owner  owner
         */
        public Placement(DeviceId device, RuleOwner owner) {
            this.device = device;
            this.owner = owner;
        }

        /**
         * Returns the switch.
         *
         * @return device id
         */
        public DeviceId device() {
            return device;
        }

        /**
         * Returns the owner.
         *
         * @return owner
         */
        public RuleOwner owner() {
            return owner;
        }

        @Override
        public String toString() {
            return owner + "@" + device;
        }
    }
}
