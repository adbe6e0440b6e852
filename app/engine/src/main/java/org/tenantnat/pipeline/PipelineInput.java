package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.fabric.Fabric;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the compiler reads: the desired state, the translated blocks, the pool blocks and bindings of dynamic and pat
 * tenants, the MACs learned for neighbours and the fabric of links between switches. The runtime answers from its
 * indexes, so compiling one owner never scans every tenant.
 */
public interface PipelineInput {

    /**
     * Returns the MAC every provider gateway answers with.
     *
     * @return gateway MAC
     */
    MacAddress gatewayMac();

    /**
     * Returns the translation pool.
     *
     * @return pool prefixes
     */
    List<Ip4Prefix> pool();

    /**
     * Finds a service.
     *
     * @param name service name
     * @return service
     */
    Optional<Service> service(String name);

    /**
     * Returns the services attached to a switch.
     *
     * @param device switch
     * @return services
     */
    Collection<Service> servicesOn(DeviceId device);

    /**
     * Returns the tenants attached to a switch.
     *
     * @param device switch
     * @return tenants
     */
    Collection<Tenant> tenantsOn(DeviceId device);

    /**
     * Returns a tenant's translated blocks.
     *
     * @param tenant tenant name
     * @return blocks, empty when it holds none
     */
    List<TranslatedBlock> blocks(String tenant);

    /**
     * Returns the MAC learned for a neighbour.
     *
     * @param neighbour router or service
     * @return MAC, empty when not (yet) resolved
     */
    Optional<MacAddress> learnedMac(Neighbour neighbour);

    /**
     * Returns every service.
     *
     * @return services
     */
    Collection<Service> services();

    /**
     * Returns every tenant.
     *
     * @return tenants
     */
    Collection<Tenant> tenants();

    /**
     * Returns the switches where the tenants granted access to a service attach.
     *
     * @param service service name
     * @return switches
     */
    Set<DeviceId> edgesUsing(String service);

    /**
     * Returns the links between switches and the paths over them.
     *
     * @return fabric, {@link Fabric#NONE} when every switch stands alone
     */
    Fabric fabric();

    /**
     * Returns the pool block of a dynamic or pat tenant.
     *
     * @param tenant tenant name
     * @return block, empty when it holds none
     */
    default Optional<Ip4Prefix> poolBlock(String tenant) {
        return Optional.empty();
    }

    /**
     * Returns the hosts of a dynamic or pat tenant with bindings in force.
     *
     * @param tenant tenant name
     * @return hosts
     */
    default Collection<Ip4Address> boundHosts(String tenant) {
        return List.of();
    }

    /**
     * Returns the bindings in force of one host, oldest first.
     *
     * @param tenant tenant name
     * @param host   customer host
     * @return bindings, empty when it has none
     */
    default List<Binding> bindings(String tenant, Ip4Address host) {
        return List.of();
    }

    /**
     * Reads a whole desired-state document and its allocation, e.g. for a full compile in tests; every switch
     * stands alone.
     *
     * @param state      desired state
     * @param allocation its translated blocks
     * @param neighbours learned MACs
     * @return compiler input
     */
    static PipelineInput of(DesiredState state, Allocation allocation, Neighbours neighbours) {
        return of(state, allocation, neighbours, Fabric.NONE);
    }

    /**
     * Reads a whole desired-state document, its allocation and the fabric between the switches.
     *
     * @param state      desired state
     * @param allocation its translated blocks
     * @param neighbours learned MACs
     * @param fabric     links and paths between switches
     * @return compiler input
     */
    static PipelineInput of(DesiredState state, Allocation allocation, Neighbours neighbours, Fabric fabric) {
        return new PipelineInput() {
            @Override
            public MacAddress gatewayMac() {
                return state.gatewayMac();
            }

            @Override
            public List<Ip4Prefix> pool() {
                return state.pool();
            }

            @Override
            public Optional<Service> service(String name) {
                return state.service(name);
            }

            @Override
            public Collection<Service> servicesOn(DeviceId device) {
                return state.services().stream().filter(s -> s.connectPoint().deviceId().equals(device))
                        .collect(Collectors.toList());
            }

            @Override
            public Collection<Tenant> tenantsOn(DeviceId device) {
                return state.tenants().stream()
                        .filter(t -> t.edge().equals(device))
                        .collect(Collectors.toList());
            }

            @Override
            public List<TranslatedBlock> blocks(String tenant) {
                return allocation.blocks(tenant);
            }

            @Override
            public Optional<MacAddress> learnedMac(Neighbour neighbour) {
                return neighbours.macOf(neighbour);
            }

            @Override
            public Collection<Service> services() {
                return state.services();
            }

            @Override
            public Collection<Tenant> tenants() {
                return state.tenants();
            }

            @Override
            public Set<DeviceId> edgesUsing(String service) {
                return state.tenants().stream().filter(t -> t.access(service).isPresent())
                        .map(Tenant::edge).collect(Collectors.toSet());
            }

            @Override
            public Fabric fabric() {
                return fabric;
            }
        };
    }
}
