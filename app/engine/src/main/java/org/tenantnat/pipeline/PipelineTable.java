package org.tenantnat.pipeline;

/**
 * The tables of the compiled pipeline, in the order a packet meets them. Table ids are
 * {@link PipelineSettings#firstTable()} plus the ordinal.
 */
public enum PipelineTable {
    /**
     * Port (+VLAN) to tenant: writes the tenant id into metadata and pops the VLAN; the service port goes to
     * {@link #RETURN_CLASSIFIER}; ARP for gateway addresses and VIPs is answered (by a flow where the switch can,
     * else by the controller); ICMP errors a tenant sends to a VIP go to the controller.
     */
    CLASSIFIER,
    /** Per tenant: source in the tenant's prefixes to its translated block (anti-spoofing: anything else drops). */
    SOURCE_TRANSLATION,
    /** Per tenant VRF: VIP to the service's real address, out to the service port. */
    SERVICE_ACCESS,
    /**
     * From the service: destination in a translated block identifies the tenant, tagged into metadata; ICMP errors
     * to any pool address go to the controller on a switch with tenants.
     */
    RETURN_CLASSIFIER,
    /** Per tenant: the service's real address back to the VIP the tenant used. */
    RETURN_ACCESS,
    /** Per tenant: translated destination back to the customer host, out to the tenant's router. */
    RETURN_TRANSLATION,
    /**
     * Between switches, routed by destination and never translated: a service's real address toward the service's
     * switch (delivered to its port there), a tenant's translated blocks toward the tenant's edge switch. Reached
     * from {@link #SERVICE_ACCESS} for a service on another switch, and from {@link #RETURN_CLASSIFIER} for what
     * belongs to no tenant of this switch; only switches with links to others have rules here.
     */
    FABRIC
}
