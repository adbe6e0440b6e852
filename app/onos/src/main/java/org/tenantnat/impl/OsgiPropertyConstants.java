package org.tenantnat.impl;

/**
 * Names and defaults of the components' configuration properties ({@code cfg get
 * org.tenantnat.impl.TenantNatManager}, {@code cfg get org.tenantnat.impl.DistributedChangeHistory}). The
 * defaults are literals because onos-maven-plugin copies them into the .cfgdef from source; tests keep them equal
 * to {@link org.tenantnat.pipeline.PipelineSettings#DEFAULTS} and {@link org.tenantnat.history.Retention#DEFAULT}.
 */
public final class OsgiPropertyConstants {

    private OsgiPropertyConstants() {
    }

    /** Priority of tenantnat's rules; its default-drop rules sit just below. */
    public static final String FLOW_PRIORITY = "flowPriority";
    /** Default rule priority. */
    public static final int FLOW_PRIORITY_DEFAULT = 40000;

    /** Id of the first of the pipeline's six tables (the classifier). */
    public static final String FIRST_TABLE = "firstTable";
    /** Default first table. */
    public static final int FIRST_TABLE_DEFAULT = 0;

    /** Shortest customer prefix length that a per-host switch may translate, one rule per host. */
    public static final String PER_HOST_MIN_PREFIX_LENGTH = "perHostMinPrefixLength";
    /** Default per-host limit: a /24. */
    public static final int PER_HOST_MIN_PREFIX_LENGTH_DEFAULT = 24;

    /** Whether ARP for gateway addresses and VIPs is answered and router/service MACs are learned. */
    public static final String ARP_HANDLING = "arpHandling";
    /** Default: ARP handling on. */
    public static final boolean ARP_HANDLING_DEFAULT = true;

    /** Days the audit trail keeps bindings and blocks that ended. */
    public static final String BINDING_RETENTION_DAYS = "bindingRetentionDays";
    /** Default retention: 30 days. */
    public static final int BINDING_RETENTION_DAYS_DEFAULT = 30;

    /** Usage, in percent of a dynamic or pat tenant's pool block, that raises its alarm. */
    public static final String POOL_ALARM_PERCENT = "poolAlarmPercent";
    /** Default alarm threshold: 80 %. */
    public static final int POOL_ALARM_PERCENT_DEFAULT = 80;

    /**
     * How long the history of changes is kept ({@code cfg get org.tenantnat.impl.DistributedChangeHistory}):
     * {@code DAYSd}, {@code COUNT} or both, e.g. {@code 365d,10000}.
     */
    public static final String HISTORY_RETENTION = "historyRetention";
    /** Default retention: a year, at most 10,000 changes (equal to {@code Retention.DEFAULT}, kept so by a test). */
    public static final String HISTORY_RETENTION_DEFAULT = "365d,10000";
}
