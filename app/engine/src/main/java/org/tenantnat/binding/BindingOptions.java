package org.tenantnat.binding;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongConsumer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a host keeps bindings: where the audit trail goes, the clock bindings are timed by, the usage at which a
 * tenant's pool block is in alarm, and who hears how long each first packet's setup took.
 */
public final class BindingOptions {

    /** Default retention of the audit trail. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Default alarm threshold, in percent of a pool block's slots. */
    public static final int DEFAULT_ALARM_PERCENT = 80;

    private final BindingHistory history;
    private final Clock clock;
    private final int alarmPercent;
    private final LongConsumer setupObserver;

    /**
     * Creates options.
     *
     * @param history      the audit trail
     * @param clock        the clock bindings are timed by
     * @param alarmPercent usage, in percent of a pool block's slots, at which its tenant is in alarm
     */
    public BindingOptions(BindingHistory history, Clock clock, int alarmPercent) {
        this(history, clock, alarmPercent, nanos -> { });
    }

    private BindingOptions(BindingHistory history, Clock clock, int alarmPercent, LongConsumer setupObserver) {
        checkArgument(alarmPercent > 0 && alarmPercent <= 100, "alarm threshold out of 1..100: %s", alarmPercent);
        this.history = checkNotNull(history, "history");
        this.clock = checkNotNull(clock, "clock");
        this.alarmPercent = alarmPercent;
        this.setupObserver = checkNotNull(setupObserver, "setupObserver");
    }

    /**
     * Returns the same options with an observer of first-packet setup times.
     *
     * @param observer hears, for every packet released after its binding, the nanoseconds from the packet reaching
     *                 the host to its release through the switch's pipeline (after the switch confirmed its host's
     *                 rules); called on the switch's thread, so it must be quick
     * @return options
     */
    public BindingOptions observingSetup(LongConsumer observer) {
        return new BindingOptions(history, clock, alarmPercent, observer);
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

    /**
     * Returns the observer of first-packet setup times (nanoseconds).
     *
     * @return observer; by default one that ignores them
     */
    public LongConsumer setupObserver() {
        return setupObserver;
    }
}
