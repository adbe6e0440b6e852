package org.tenantnat.binding;

import java.time.Clock;
import java.time.Duration;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a host keeps bindings: where the audit trail goes, the clock bindings are timed by, and the usage at which a
 * tenant's pool block is in alarm.
 */
public final class BindingOptions {

    /** Default retention of the audit trail. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Default alarm threshold, in percent of a pool block's slots. */
    public static final int DEFAULT_ALARM_PERCENT = 80;

    private final BindingHistory history;
    private final Clock clock;
    private final int alarmPercent;

    /**
     * Creates options.
     *
     * @param history      the audit trail
     * @param clock        the clock bindings are timed by
     * @param alarmPercent usage, in percent of a pool block's slots, at which its tenant is in alarm
     */
    public BindingOptions(BindingHistory history, Clock clock, int alarmPercent) {
        checkArgument(alarmPercent > 0 && alarmPercent <= 100, "alarm threshold out of 1..100: %s", alarmPercent);
        this.history = checkNotNull(history, "history");
        this.clock = checkNotNull(clock, "clock");
        this.alarmPercent = alarmPercent;
    }

    /**
     * Options with an audit trail held in memory (lost on restart), the system clock and the default threshold.
     *
     * @return options
     */
    public static BindingOptions inMemory() {
        return new BindingOptions(new MemoryBindingHistory(DEFAULT_RETENTION), Clock.systemUTC(),
                                  DEFAULT_ALARM_PERCENT);
    }

    /**
     * Returns the audit trail.
     *
     * @return history
     */
    public BindingHistory history() {
        return history;
    }

    /**
     * Returns the clock.
     *
     * @return clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the alarm threshold.
     *
     * @return percent
     */
    public int alarmPercent() {
        return alarmPercent;
    }
}
