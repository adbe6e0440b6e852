package org.tenantnat.standalone.auth;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Exponential back-off of failed logins per client address. The first {@value #FREE_FAILURES} consecutive failures
 * cost nothing; each one after that locks the address out for twice as long as the one before, from 1 s up to
 * 5 minutes. While locked out, an address gets no answer to its credentials at all (the HTTP filter answers 429
 * with Retry-After), so guessing is held to a few attempts per lockout. A successful login clears the address;
 * an address that stops failing is forgotten an hour after its last failure.
 */
public final class LoginThrottle {

    /** Consecutive failures an address may have before it is locked out. */
    public static final int FREE_FAILURES = 5;
    /** Lockout after the first failure beyond the free ones; doubles with each further failure. */
    public static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);
    /** Longest lockout. */
    public static final Duration MAX_LOCKOUT = Duration.ofMinutes(5);

    private static final long FORGET_AFTER_MINUTES = 60;
    private static final int MAX_ADDRESSES = 100_000;

    private final Ticker ticker;
    private final Cache<String, Failures> failures;

    /**
     * Creates a throttle on the system clock.
     */
    public LoginThrottle() {
        this(Ticker.systemTicker());
    }

    /**
     * Creates a throttle on a given clock.
     *
     * @param ticker nanosecond clock
     */
    public LoginThrottle(Ticker ticker) {
        this.ticker = checkNotNull(ticker, "ticker");
        this.failures = CacheBuilder.newBuilder().ticker(ticker)
                .expireAfterWrite(FORGET_AFTER_MINUTES, TimeUnit.MINUTES)
                .maximumSize(MAX_ADDRESSES).build();
    }

    /**
     * Tells how long an address is still locked out.
     *
     * @param address client address
     * @return the time left, empty when it may try
     */
    public Optional<Duration> lockedOut(String address) {
        Failures f = failures.getIfPresent(address);
        if (f == null) {
            return Optional.empty();
        }
        synchronized (f) {
            long left = f.lockedUntil - ticker.read();
            return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
        }
    }

    /**
     * Records a failed login.
     *
     * @param address client address
     * @return consecutive failures of the address so far, and the lockout this one starts (zero when none)
     */
    public Failure failed(String address) {
        Failures f;
        synchronized (failures) {
            f = failures.getIfPresent(address);
            if (f == null) {
                f = new Failures();
            }
            // Written again on every failure: an address is forgotten an hour after its last one.
            failures.put(address, f);
        }
        synchronized (f) {
            f.count++;
            Duration lockout = lockout(f.count);
            f.lockedUntil = ticker.read() + lockout.toNanos();
            return new Failure(f.count, lockout);
        }
    }

    /**
     * Records a successful login: the address starts again with a clean slate.
     *
     * @param address client address
     */
    public void succeeded(String address) {
        failures.invalidate(address);
    }

    private static Duration lockout(int failures) {
        if (failures <= FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - FREE_FAILURES - 1, 30);
        Duration lockout = FIRST_LOCKOUT.multipliedBy(1L << doublings);
        return lockout.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lockout;
    }

    /** Failures of one address. */
    private static final class Failures {
        private int count;
        private long lockedUntil;
    }

    /**
     * One failed login as the throttle saw it.
     */
    public static final class Failure {
        private final int consecutive;
        private final Duration lockout;

        Failure(int consecutive, Duration lockout) {
            this.consecutive = consecutive;
            this.lockout = lockout;
        }

        /**
         * Returns the consecutive failures of the address, this one included.
         *
         * @return count
         */
        public int consecutive() {
            return consecutive;
        }

        /**
         * Returns the lockout this failure starts.
         *
         * @return lockout, zero when none
         */
        public Duration lockout() {
            return lockout;
        }
    }
}
