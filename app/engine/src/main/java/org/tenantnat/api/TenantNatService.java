package org.tenantnat.api;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.config.InvalidConfigException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The operator's view of tenantnat, the same in every host: desired state in, translations and observed state out.
 */
public interface TenantNatService {

    /**
     * Returns the desired state in force.
     *
     * @return desired state
     */
    DesiredState desiredState();

    /**
     * Replaces the whole desired state atomically: validated and allocated first, and when either fails nothing
     * changes.
     *
     * @param next new desired state
     * @return the allocation now in force
     * @throws InvalidConfigException naming every offending field
     */
    Allocation setDesiredState(DesiredState next);

    /**
     * Applies an edit to the desired state atomically, as {@link #setDesiredState} does.
     *
     * @param edit function from the current desired state to the next
     * @return the desired state now in force
     * @throws InvalidConfigException naming every offending field
     */
    DesiredState update(UnaryOperator<DesiredState> edit);

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
     * Returns per-tenant traffic from flow counters.
     *
     * @return tenant name to statistics, for every tenant
     */
    Map<String, TenantStats> stats();
}
