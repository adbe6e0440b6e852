package org.tenantnat.pipeline;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Tunables of the compiled pipeline: where its tables start, its priorities, and the per-host rewrite limit.
 */
public final class PipelineSettings {

    /** Default first table: the classifier sits in table 0. */
    public static final int DEFAULT_FIRST_TABLE = 0;
    /** Default priority of our rules; default-drop rules sit below it. */
    public static final int DEFAULT_PRIORITY = 40000;
    /** Default per-host limit: a /24 (256 rules per direction) is the largest prefix rewritten host by host. */
    public static final int DEFAULT_PER_HOST_MIN_PREFIX_LENGTH = 24;
    /** Number of tables the pipeline uses, starting at the first table. */
    public static final int TABLE_COUNT = 7;

    /** The defaults. */
    public static final PipelineSettings DEFAULTS =
            new PipelineSettings(DEFAULT_FIRST_TABLE, DEFAULT_PRIORITY, DEFAULT_PER_HOST_MIN_PREFIX_LENGTH);

    private final int firstTable;
    private final int priority;
    private final int perHostMinPrefixLength;
    private final boolean arpHandling;

    /**
     * Creates settings.
     *
     * @param firstTable             id of the classifier table; the others follow it
     * @param priority               priority of our rules (default drops use a lower one)
     * @param perHostMinPrefixLength shortest prefix length a per-host switch may translate
     */
    public PipelineSettings(int firstTable, int priority, int perHostMinPrefixLength) {
        this(firstTable, priority, perHostMinPrefixLength, true);
    }

    /**
     * Creates settings.
     *
     * @param firstTable             id of the classifier table; the others follow it
     * @param priority               priority of our rules (default drops use a lower one)
     * @param perHostMinPrefixLength shortest prefix length a per-host switch may translate
     * @param arpHandling            whether ARP for gateways and VIPs goes to the controller; off when every
     *                               router and service MAC is configured and customers use static ARP
     */
    public PipelineSettings(int firstTable, int priority, int perHostMinPrefixLength, boolean arpHandling) {
        checkArgument(firstTable >= 0 && firstTable + TABLE_COUNT <= 254, "firstTable out of range: %s", firstTable);
        checkArgument(priority > 10 && priority <= 65535 - 10, "priority out of range: %s", priority);
        checkArgument(perHostMinPrefixLength >= 16 && perHostMinPrefixLength <= 32,
                      "perHostMinPrefixLength out of range 16..32: %s", perHostMinPrefixLength);
        this.firstTable = firstTable;
        this.priority = priority;
        this.perHostMinPrefixLength = perHostMinPrefixLength;
        this.arpHandling = arpHandling;
    }

    /**
     * Returns the id of the classifier table.
     *
     * @return table id
     */
    public int firstTable() {
        return firstTable;
    }

    /**
     * Returns the priority of our rules.
     *
     * @return priority
     */
    public int priority() {
        return priority;
    }

    /**
     * Returns the shortest prefix length a per-host switch may translate.
     *
     * @return prefix length
     */
    public int perHostMinPrefixLength() {
        return perHostMinPrefixLength;
    }

    /**
     * Tells whether ARP for gateways and VIPs is sent to the controller.
     *
     * @return true when the controller answers ARP
     */
    public boolean arpHandling() {
        return arpHandling;
    }

    /**
     * Returns the id of one of the pipeline's tables.
     *
     * @param table table
     * @return table id
     */
    public int tableId(PipelineTable table) {
        return firstTable + table.ordinal();
    }
}
