package org.tenantnat.standalone.http;

import java.time.Duration;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What the standalone host's HTTP server allows a client before it refuses or disconnects it, so that slow or
 * oversized requests cannot tie up the server for the other clients: the size of a request's line and headers
 * (larger is answered 414 or 431), the time to send them (slower is disconnected), the slowest body (slower is
 * answered 408), how long a connection may sit silent, and how many connections are served at once (beyond it,
 * silent connections are dropped sooner).
 */
public final class HttpLimits {

    /** Defaults: 16 KiB of headers sent within 10 s, bodies at 1 KiB/s or more, 30 s silent, 1,000 connections. */
    public static final HttpLimits DEFAULTS = new HttpLimits(16 * 1024, Duration.ofSeconds(10), 1024,
                                                             Duration.ofSeconds(30), 1000, Duration.ofSeconds(2));

    private final int headerBytes;
    private final Duration headerDeadline;
    private final long minBodyBytesPerSecond;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final Duration idleTimeoutAtLimit;

    /**
     * Creates limits.
     *
     * @param headerBytes           largest request line and largest header block, in bytes
     * @param headerDeadline        longest time from a request's first byte to the end of its headers
     * @param minBodyBytesPerSecond slowest average rate a body may arrive at, after its first second
     * @param idleTimeout           longest a connection may stay silent
     * @param maxConnections        most connections served at once; more wait to be accepted
     * @param idleTimeoutAtLimit    longest a connection may stay silent while the server is at its limit
     * @throws IllegalArgumentException when a value is not positive
     */
    public HttpLimits(int headerBytes, Duration headerDeadline, long minBodyBytesPerSecond, Duration idleTimeout,
                      int maxConnections, Duration idleTimeoutAtLimit) {
        checkArgument(headerBytes > 0 && minBodyBytesPerSecond > 0 && maxConnections > 0,
                      "header size, body rate and connections must be positive");
        checkArgument(!headerDeadline.isNegative() && !headerDeadline.isZero() && !idleTimeout.isNegative()
                              && !idleTimeout.isZero() && !idleTimeoutAtLimit.isNegative()
                              && !idleTimeoutAtLimit.isZero(), "timeouts must be positive");
        this.headerBytes = headerBytes;
        this.headerDeadline = headerDeadline;
        this.minBodyBytesPerSecond = minBodyBytesPerSecond;
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
        this.idleTimeoutAtLimit = idleTimeoutAtLimit;
    }

    /**
     * Returns the largest request line and the largest header block.
     *
     * @return bytes
     */
    public int headerBytes() {
        return headerBytes;
    }

    /**
     * Returns the longest time from a request's first byte to the end of its headers.
     *
     * @return duration
     */
    public Duration headerDeadline() {
        return headerDeadline;
    }

    /**
     * Returns the slowest rate a body may arrive at.
     *
     * @return bytes per second
     */
    public long minBodyBytesPerSecond() {
        return minBodyBytesPerSecond;
    }

    /**
     * Returns the longest a connection may stay silent.
     *
     * @return duration
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns the most connections served at once.
     *
     * @return connections
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Returns the longest a connection may stay silent while the server serves its most connections.
     *
     * @return duration
     */
    public Duration idleTimeoutAtLimit() {
        return idleTimeoutAtLimit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpLimits)) {
            return false;
        }
        HttpLimits that = (HttpLimits) o;
        return headerBytes == that.headerBytes && headerDeadline.equals(that.headerDeadline)
                && minBodyBytesPerSecond == that.minBodyBytesPerSecond && idleTimeout.equals(that.idleTimeout)
                && maxConnections == that.maxConnections && idleTimeoutAtLimit.equals(that.idleTimeoutAtLimit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerBytes, headerDeadline, minBodyBytesPerSecond, idleTimeout, maxConnections,
                            idleTimeoutAtLimit);
    }
}
