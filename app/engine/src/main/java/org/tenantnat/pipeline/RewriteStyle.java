package org.tenantnat.pipeline;

/**
 * How a switch expresses an address translation.
 */
public enum RewriteStyle {
    /**
     * One rule rewrites a whole prefix: only the network bits of the address are loaded, the host bits are kept
     * (Open vSwitch: Nicira reg_load, ONOS's NICIRA_LOAD extension).
     */
    PREFIX,
    /**
     * One exact set_field rule per host: any OpenFlow 1.3 switch. Limited to prefixes no larger than
     * {@link PipelineSettings#perHostMinPrefixLength()}.
     */
    PER_HOST
}
