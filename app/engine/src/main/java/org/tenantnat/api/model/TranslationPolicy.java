package org.tenantnat.api.model;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a tenant's sources are translated into the pool.
 */
public final class TranslationPolicy {

    /**
     * Translation modes.
     */
    public enum Mode {
        /** Each customer prefix gets a same-size block of the pool, host bits kept. */
        STATIC,
        /** Hosts are bound on first packet inside a per-tenant block (not implemented yet). */
        DYNAMIC
    }

    /** The default policy: static, 1:1. */
    public static final TranslationPolicy STATIC = new TranslationPolicy(Mode.STATIC, null, null, null);

    private final Mode mode;
    private final Integer blockSize;
    private final Integer maxHosts;
    private final Integer idleTimeout;

    /**
     * Creates a policy.
     *
     * @param mode        translation mode
     * @param blockSize   dynamic mode: prefix length of the tenant's block, else null
     * @param maxHosts    dynamic mode: most hosts bound at once, else null
     * @param idleTimeout dynamic mode: seconds before an idle binding is released, else null
     */
    public TranslationPolicy(Mode mode, Integer blockSize, Integer maxHosts, Integer idleTimeout) {
        this.mode = checkNotNull(mode, "mode");
        this.blockSize = blockSize;
        this.maxHosts = maxHosts;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Returns the mode.
     *
     * @return mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * Returns the dynamic block's prefix length.
     *
     * @return prefix length, empty when unset
     */
    public Optional<Integer> blockSize() {
        return Optional.ofNullable(blockSize);
    }

    /**
     * Returns the dynamic host limit.
     *
     * @return limit, empty when unset
     */
    public Optional<Integer> maxHosts() {
        return Optional.ofNullable(maxHosts);
    }

    /**
     * Returns the dynamic idle timeout in seconds.
     *
     * @return seconds, empty when unset
     */
    public Optional<Integer> idleTimeout() {
        return Optional.ofNullable(idleTimeout);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TranslationPolicy)) {
            return false;
        }
        TranslationPolicy that = (TranslationPolicy) o;
        return mode == that.mode && Objects.equals(blockSize, that.blockSize)
                && Objects.equals(maxHosts, that.maxHosts) && Objects.equals(idleTimeout, that.idleTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, blockSize, maxHosts, idleTimeout);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase();
    }
}
