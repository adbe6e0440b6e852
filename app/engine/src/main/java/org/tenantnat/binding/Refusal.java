package org.tenantnat.binding;

/**
 * Why a host was refused a binding or another port block. Each is counted per tenant.
 */
public enum Refusal {
    /** The tenant has as many hosts bound as its {@code maxHosts}. */
    MAX_HOSTS,
    /** Every address (dynamic) or port block (pat) of the tenant's pool block is in use or held down. */
    POOL_BLOCK_FULL,
    /** The host holds as many port blocks as the tenant's {@code maxPortBlocks}. */
    MAX_PORT_BLOCKS
}
