package org.tenantnat.binding;

import org.onlab.packet.Ip4Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What this node has seen of each dynamic or pat tenant's pool block: the peak of slots in use, refusals by reason,
 * whether the last request was refused, and whether usage passed the alarm threshold (logged once when it passes,
 * once when it falls back). Counted since the host started. Not thread-safe: the runtime serialises access.
 */
public final class PoolPressure {

    private static final Logger log = LoggerFactory.getLogger(PoolPressure.class);
    private static final int PERCENT = 100;

    private final int alarmPercent;
    private final Map<String, Tenant> tenants = new HashMap<>();

    /**
     * Creates the counters.
     *
     * @param alarmPercent usage, in percent of a pool block's slots, at which its tenant is in alarm
     */
    public PoolPressure(int alarmPercent) {
        checkArgument(alarmPercent > 0 && alarmPercent <= PERCENT, "alarm threshold out of 1..100: %s", alarmPercent);
        this.alarmPercent = alarmPercent;
    }

    /**
     * Returns the alarm threshold.
     *
     * @return percent of a pool block's slots
     */
    public int alarmPercent() {
        return alarmPercent;
    }

    /**
     * Counts a refusal.
     *
     * @param tenant  tenant name
     * @param refusal why
     * @param reason  in the operator's words
     */
    public void refused(String tenant, Refusal refusal, String reason) {
        Tenant t = tenants.computeIfAbsent(tenant, n -> new Tenant());
        t.refusals.merge(refusal, 1L, Long::sum);
        if (t.lastRefusal == null) {
            log.warn("{}", reason);
        }
        t.lastRefusal = reason;
    }

    /**
     * Takes note of a tenant's slots in use after a change: the peak, the alarm, and that a FAILED tenant got
     * room again when a binding was made or released.
     *
     * @param tenant   tenant name
     * @param inUse    slots in use
     * @param capacity slots of its pool block
     * @param progress whether a binding was made or ended for it
     */
    public void observe(String tenant, long inUse, long capacity, boolean progress) {
        Tenant t = tenants.computeIfAbsent(tenant, n -> new Tenant());
        t.peak = Math.max(t.peak, inUse);
        if (progress) {
            t.lastRefusal = null;
        }
        boolean alarm = capacity > 0 && inUse * PERCENT >= capacity * alarmPercent;
        if (alarm != t.alarm) {
            t.alarm = alarm;
            if (alarm) {
                log.warn("tenant {}: {} of {} slots of its pool block in use, at or above the alarm threshold of "
                                 + "{}%", tenant, inUse, capacity, alarmPercent);
            } else {
                log.info("tenant {}: {} of {} slots of its pool block in use, below the alarm threshold again",
                         tenant, inUse, capacity);
            }
        }
    }

    /**
     * Forgets a tenant that is gone or no longer binds hosts.
     *
     * @param tenant tenant name
     */
    public void forget(String tenant) {
        tenants.remove(tenant);
    }

    /**
     * Reports a tenant's usage.
     *
     * @param tenant    tenant name
     * @param mode      dynamic or pat
     * @param poolBlock its pool block
     * @param capacity  slots of the block
     * @param inUse     slots in use
     * @param hosts     hosts bound
     * @param heldDown  slots held down
     * @return usage
     */
    public BindingUsage usage(String tenant, TranslationPolicy.Mode mode, Ip4Prefix poolBlock, long capacity,
                              long inUse, long hosts, long heldDown) {
        Tenant t = tenants.getOrDefault(tenant, new Tenant());
        Map<String, Long> refusals = new TreeMap<>();
        for (Refusal r : Refusal.values()) {
            refusals.put(name(r), t.refusals.getOrDefault(r, 0L));
        }
        boolean alarm = capacity > 0 && inUse * PERCENT >= capacity * alarmPercent;
        BindingUsage.State state = t.lastRefusal != null ? BindingUsage.State.FAILED
                : alarm ? BindingUsage.State.ALARM : BindingUsage.State.OK;
        String reason = t.lastRefusal != null ? t.lastRefusal
                : alarm ? String.format("%d of %d %s in use, at or above the alarm threshold of %d%%", inUse,
                                        capacity, mode == TranslationPolicy.Mode.PAT ? "port blocks" : "addresses",
                                        alarmPercent) : null;
        return new BindingUsage(tenant, mode, poolBlock, capacity, inUse, hosts, heldDown,
                                Math.max(t.peak, inUse), refusals, state, reason);
    }

    /**
     * Returns the name a refusal is counted under.
     *
     * @param refusal refusal
     * @return {@code maxHosts}, {@code poolBlockFull} or {@code maxPortBlocks}
     */
    public static String name(Refusal refusal) {
        switch (refusal) {
            case MAX_HOSTS:
                return "maxHosts";
            case POOL_BLOCK_FULL:
                return "poolBlockFull";
            default:
                return "maxPortBlocks";
        }
    }

    private static final class Tenant {
        private final Map<Refusal, Long> refusals = new EnumMap<>(Refusal.class);
        private long peak;
        private boolean alarm;
        private String lastRefusal;
    }
}
