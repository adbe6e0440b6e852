package org.tenantnat.api;

import org.onlab.packet.Ip4Address;
import org.onosproject.event.ListenerService;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's view of tenantnat, the same in every host: domain verbs that change the desired state, and the
 * translations and observed state that follow from it.
 * <p>
 * Every verb is atomic: it validates what it touches, allocates, and changes the host's single source of truth
 * (the standalone host's state directory, or the ONOS cluster's store), or it throws and nothing changes. Front
 * ends (REST, CLI, network config, GUI) call these verbs and keep no edit logic of their own.
 */
public interface TenantNatService extends ListenerService<TenantNatEvent, TenantNatListener> {

    /**
     * Returns the desired state in force.
     *
     * @return desired state
     */
    DesiredState desiredState();

    /**
     * Returns the translated blocks in force.
     *
     * @return allocation
     */
    Allocation allocation();

    /**
     * Returns every access intent with its state, withdrawn ones included until their rules are gone.
     *
     * @return intents, sorted by tenant then service
     */
    List<AccessIntent> intents();

    /**
     * Looks up a translated address.
     *
     * @param translated an address of the pool
     * @return the tenant and customer host it stands for, empty when free
     */
    Optional<Binding> lookup(Ip4Address translated);

    /**
     * Returns how full the pool is.
     *
     * @return usage
     */
    PoolUsage poolUsage();

    /**
     * Returns the switches and the links between them as tenantnat routes over them now.
     *
     * @return switches and links, each link with whether paths use it and why not
     * @throws UnsupportedOperationException from a host that does not track links between switches
     */
    default FabricView topology() {
        throw new UnsupportedOperationException("this host does not report the links between switches");
    }

    /**
     * Returns per-tenant traffic from flow counters.
     *
     * @return tenant name to statistics, for every tenant
     */
    Map<String, TenantStats> stats();

    /**
     * Replaces the whole desired state.
     *
     * @param origin who asks
     * @param next   new desired state
     * @return the desired state now in force
     * @throws org.tenantnat.config.InvalidConfigException naming every offending field
     */
    DesiredState replaceState(Origin origin, DesiredState next);

    /**
     * Adds a tenant.
     *
     * @param origin who asks
     * @param tenant the tenant
     * @return the tenant as stored
     * @throws ConflictingChangeException when a tenant of that name exists
     * @throws org.tenantnat.config.InvalidConfigException naming every offending field
     */
    Tenant addTenant(Origin origin, Tenant tenant);

    /**
     * Replaces a tenant of the same name.
     *
     * @param origin who asks
     * @param tenant the tenant's new definition
     * @return the tenant as stored
     * @throws UnknownItemException when no tenant has that name
     * @throws org.tenantnat.config.InvalidConfigException naming every offending field
     */
    Tenant replaceTenant(Origin origin, Tenant tenant);

    /**
     * Removes a tenant, its translated blocks and its access.
     *
     * @param origin who asks
     * @param name   tenant name
     * @throws UnknownItemException when no tenant has that name
     */
    void removeTenant(Origin origin, String name);

    /**
     * Adds a service.
     *
     * @param origin  who asks
     * @param service the service
     * @return the service as stored
     * @throws ConflictingChangeException when a service of that name exists
     * @throws org.tenantnat.config.InvalidConfigException naming every offending field
     */
    Service addService(Origin origin, Service service);

    /**
     * Removes a service no tenant has access to.
     *
     * @param origin who asks
     * @param name   service name
     * @throws UnknownItemException       when no service has that name
     * @throws ConflictingChangeException naming the tenants whose access still uses it
     */
    void removeService(Origin origin, String name);

    /**
     * Grants a tenant access to a service at a VIP of the tenant's own address space.
     *
     * @param origin who asks
     * @param tenant tenant name
     * @param access service and VIP
     * @return the access intent and its state
     * @throws UnknownItemException       for an unknown tenant or service
     * @throws ConflictingChangeException when the tenant already has access to the service
     * @throws org.tenantnat.config.InvalidConfigException naming every offending field
     */
    AccessIntent grantAccess(Origin origin, String tenant, Access access);

    /**
     * Revokes a tenant's access to a service; the intent is listed WITHDRAWN until its rules are gone.
     *
     * @param origin  who asks
     * @param tenant  tenant name
     * @param service service name
     * @throws UnknownItemException for an unknown tenant, or when it has no access to the service
     */
    void revokeAccess(Origin origin, String tenant, String service);
}
