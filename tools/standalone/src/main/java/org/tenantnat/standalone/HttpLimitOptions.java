package org.tenantnat.standalone;

import org.tenantnat.standalone.http.HttpLimits;

import java.time.Duration;

/**
 * Command-line options for what the HTTP server allows a client ({@link HttpLimits}): header size, the time to send
 * the headers, the slowest body, how long a connection may stay silent, and how many connections are served at once.
 * Each falls back to {@link HttpLimits#DEFAULTS}.
 */
final class HttpLimitOptions {

    static final String HEADER_BYTES = "--http-max-header-bytes";
    static final String HEADER_TIMEOUT = "--http-header-timeout";
    static final String MIN_BODY_RATE = "--http-min-body-rate";
    static final String IDLE_TIMEOUT = "--http-idle-timeout";
    static final String MAX_CONNECTIONS = "--http-max-connections";
    static final String IDLE_TIMEOUT_AT_LIMIT = "--http-idle-timeout-at-limit";

    /** Smallest header limit: below 1 KiB a browser's ordinary request (cookies, credentials) would be refused. */
    static final int MIN_HEADER_BYTES = 1024;
    /** Largest header limit: 1 MiB, Jetty allocates buffers of this size per connection. */
    static final int MAX_HEADER_BYTES = 1024 * 1024;
    /** Longest of the timeouts, in seconds: a day. */
    static final int MAX_TIMEOUT_SECONDS = 24 * 3600;
    /** Most connections served at once. */
    static final int MAX_CONNECTIONS_LIMIT = 100_000;
    /** Fastest body rate that may be required: 1 GiB/s. */
    static final int MAX_BODY_RATE = 1024 * 1024 * 1024;

    /** Indent of a flag's description in --help, as in the production options. */
    private static final String INDENT = "                             ";

    static final String USAGE = String.join("\n",
        "  " + HEADER_BYTES + " BYTES",
        INDENT + "largest request line and header block; larger is answered 414 or 431",
        INDENT + "(default " + HttpLimits.DEFAULTS.headerBytes() + ", " + MIN_HEADER_BYTES + ".." + MAX_HEADER_BYTES
                + ")",
        "  " + HEADER_TIMEOUT + " S",
        INDENT + "seconds from a request's first byte to the end of its headers; slower is",
        INDENT + "disconnected (default " + HttpLimits.DEFAULTS.headerDeadline().getSeconds() + ")",
        "  " + MIN_BODY_RATE + " BYTES/S",
        INDENT + "slowest average rate of a body after its first second; slower is answered 408",
        INDENT + "(default " + HttpLimits.DEFAULTS.minBodyBytesPerSecond() + ")",
        "  " + IDLE_TIMEOUT + " S",
        INDENT + "seconds a connection may stay silent (default " + HttpLimits.DEFAULTS.idleTimeout().getSeconds()
                + ")",
        "  " + MAX_CONNECTIONS + " N",
        INDENT + "connections served at once; more wait to be accepted (default "
                + HttpLimits.DEFAULTS.maxConnections() + ")",
        "  " + IDLE_TIMEOUT_AT_LIMIT + " S",
        INDENT + "seconds a connection may stay silent while the server serves its most",
        INDENT + "connections; at most " + IDLE_TIMEOUT + " (default "
                + HttpLimits.DEFAULTS.idleTimeoutAtLimit().getSeconds() + ")",
        "");

    private int headerBytes = HttpLimits.DEFAULTS.headerBytes();
    private Duration headerTimeout = HttpLimits.DEFAULTS.headerDeadline();
    private long minBodyRate = HttpLimits.DEFAULTS.minBodyBytesPerSecond();
    private Duration idleTimeout = HttpLimits.DEFAULTS.idleTimeout();
    private int maxConnections = HttpLimits.DEFAULTS.maxConnections();
    private Duration idleTimeoutAtLimit = HttpLimits.DEFAULTS.idleTimeoutAtLimit();

    /**
     * Records an option with a value.
     *
     * @param flag  the flag
     * @param value its value
     * @return true when it is one of these options
     * @throws IllegalArgumentException naming the flag when the value is not a number in its range
     */
    boolean accept(String flag, String value) {
        switch (flag) {
            case HEADER_BYTES: headerBytes = StandaloneOptions.number(flag, value, MIN_HEADER_BYTES, MAX_HEADER_BYTES); return true;
            case HEADER_TIMEOUT: headerTimeout = seconds(flag, value); return true;
            case MIN_BODY_RATE: minBodyRate = StandaloneOptions.number(flag, value, 1, MAX_BODY_RATE); return true;
            case IDLE_TIMEOUT: idleTimeout = seconds(flag, value); return true;
            case MAX_CONNECTIONS: maxConnections = StandaloneOptions.number(flag, value, 1, MAX_CONNECTIONS_LIMIT); return true;
            case IDLE_TIMEOUT_AT_LIMIT: idleTimeoutAtLimit = seconds(flag, value); return true;
            default: return false;
        }
    }

    /**
     * Returns the limits the options ask for.
     *
     * @return limits
     * @throws IllegalArgumentException naming the flag when the silence allowed at the limit is longer than the
     *                                  silence allowed otherwise
     */
    HttpLimits limits() {
        if (idleTimeoutAtLimit.compareTo(idleTimeout) > 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: %d s is longer than %s (%d s); at the limit silent connections are closed sooner",
                    IDLE_TIMEOUT_AT_LIMIT, idleTimeoutAtLimit.getSeconds(), IDLE_TIMEOUT, idleTimeout.getSeconds()));
        }
        return new HttpLimits(headerBytes, headerTimeout, minBodyRate, idleTimeout, maxConnections,
                              idleTimeoutAtLimit);
    }

    private static Duration seconds(String flag, String value) {
        return Duration.ofSeconds(StandaloneOptions.number(flag, value, 1, MAX_TIMEOUT_SECONDS));
    }
}
