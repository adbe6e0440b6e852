package org.tenantnat.api;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.BindingRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bindings of dynamic and pat tenants as one host sees them: those in force, how full each tenant's pool block
 * is, and the audit trail that answers who held a pool address (and port) at a time, also after the fact and also
 * for static blocks. Read-only: bindings are made by first packets and ended by idle time or by changes of the
 * desired state.
 */
public interface BindingService {

    /**
     * Returns the bindings in force.
     *
     * @param tenant only this tenant's, all when empty
     * @return bindings, by tenant, host and start
     */
    List<Binding> bindings(Optional<String> tenant);

    /**
     * Answers who held a pool address at a time: from the audit trail, so also for bindings that have ended, and
     * for static blocks.
     *
     * @param translated pool address
     * @param port       transport port of a pat port block, negative for any
     * @param at         time
     * @return the tenant, customer host, ports and times of each record that held it then; empty when none did
     */
    List<Binding> lookup(Ip4Address translated, int port, Instant at);

    /**
     * Returns the audit trail records that overlap a time window.
     *
     * @param tenant only this tenant's, all when empty
     * @param from   window start
     * @param to     window end
     * @return records, oldest first
     */
    List<BindingRecord> history(Optional<String> tenant, Instant from, Instant to);

    /**
     * Returns how full each dynamic and pat tenant's pool block is.
     *
     * @return usage, by tenant name
     */
    List<BindingUsage> usage();
}
