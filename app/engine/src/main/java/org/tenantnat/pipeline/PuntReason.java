package org.tenantnat.pipeline;

/**
 * Why a rule sends packets to the controller. Each reason may have a meter of its own on a switch, so a flood of one
 * kind (ICMP errors from a tenant) cannot starve the other (the ARP the controller learns MACs from).
 */
public enum PuntReason {
    /** ARP for gateway addresses and VIPs, or the replies and gratuitous ARP the controller learns from. */
    ARP,
    /** ICMP errors the controller translates. */
    ICMP_ERROR,
    /**
     * Packets that ask for a binding: the first packet of a dynamic or pat tenant's host that has none, and a pat
     * host's packet that found its port blocks used up.
     */
    BINDING
}
