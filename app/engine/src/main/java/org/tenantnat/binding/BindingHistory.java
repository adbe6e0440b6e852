package org.tenantnat.binding;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.BindingRecord;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The audit trail of bindings: every dynamic binding, pat port block and static translated block, with tenant,
 * customer address, pool address (and ports), start and end, kept for the host's retention so that "who was
 * 100.64.3.7 port 40123 at 14:02 yesterday" has an answer after the fact. Records are keyed by
 * {@link BindingRecord#key()}: recording a record again (its start, then its end) replaces it, so repeating a
 * batch after a crash changes nothing. The standalone host keeps it as JSON lines in its state directory; the ONOS
 * host in the cluster's store.
 */
public interface BindingHistory {

    /**
     * Records bindings that began (no end time) and that ended.
     *
     * @param records records, in the order they happened
     */
    void record(Collection<BindingRecord> records);

    /**
     * Ends the record that holds a static block, whenever it began.
     *
     * @param tenant     tenant name
     * @param translated the block
     * @param to         when it ended
     */
    void close(String tenant, Ip4Prefix translated, Instant to);

    /**
     * Finds the records that held an address at a time.
     *
     * @param address pool address
     * @param port    transport port, negative for any (a pat address answers one record per port block then)
     * @param at      time
     * @return records, oldest first
     */
    List<BindingRecord> at(Ip4Address address, int port, Instant at);

    /**
     * Returns the records of a tenant (all tenants when null) that overlap a time window.
     *
     * @param tenant tenant name, null for all
     * @param from   window start, inclusive
     * @param to     window end, exclusive
     * @return records, oldest first
     */
    List<BindingRecord> between(String tenant, Instant from, Instant to);

    /**
     * Returns the records that began and have not ended.
     *
     * @return open records
     */
    List<BindingRecord> open();

    /**
     * Drops the records that ended longer ago than the retention.
     *
     * @param now the time now
     * @return how many were dropped
     */
    int prune(Instant now);
}
