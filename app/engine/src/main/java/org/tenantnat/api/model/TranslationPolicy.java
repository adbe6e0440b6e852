package org.tenantnat.api.model;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a tenant's sources are translated into the pool: static (a same-size block per customer prefix), dynamic
 * (hosts bound 1:1 on their first packet to addresses of one pool block) or pat (hosts given port blocks on the
 * addresses of one pool block, translated by the switch's connection tracker). Fields a mode does not use are
 * unset; the defaults below apply to fields left out.
 */
public final class TranslationPolicy {

    /**
     * Translation modes.
     */
    public enum Mode {
        /** Each customer prefix gets a same-size block of the pool, host bits kept. */
        STATIC,
        /** Hosts are bound 1:1 on their first packet to a free address of the tenant's pool block. */
        DYNAMIC,
        /** Hosts get a block of ports on one address of the tenant's pool block; conntrack translates. */
        PAT
    }

    /** Seconds a binding or port block may be idle before it is released, when not set. */
    public static final int DEFAULT_IDLE_TIMEOUT = 300;
    /** Seconds a released address or port block is kept from reuse, when not set. */
    public static final int DEFAULT_HOLD_DOWN = 60;
    /** Ports in a port block, when not set. */
    public static final int DEFAULT_PORT_BLOCK_SIZE = 512;
    /** Port blocks one host may hold at once, when not set. */
    public static final int DEFAULT_MAX_PORT_BLOCKS = 4;

    /** The default policy: static, 1:1. */
    public static final TranslationPolicy STATIC = builder(Mode.STATIC).build();

    private final Mode mode;
    private final Integer blockSize;
    private final Integer maxHosts;
    private final Integer idleTimeout;
    private final Integer holdDown;
    private final Integer portBlockSize;
    private final Integer maxPortBlocks;

    /**
     * Creates a policy without the port-block fields.
     *
     * @param mode        translation mode
     * @param blockSize   dynamic and pat: prefix length of the tenant's pool block, else null
     * @param maxHosts    dynamic and pat: most hosts bound at once, else null
     * @param idleTimeout dynamic and pat: seconds before an idle binding is released, else null
     */
    public TranslationPolicy(Mode mode, Integer blockSize, Integer maxHosts, Integer idleTimeout) {
        this(builder(mode).blockSize(blockSize).maxHosts(maxHosts).idleTimeout(idleTimeout));
    }

    private TranslationPolicy(Builder b) {
        this.mode = checkNotNull(b.mode, "mode");
        this.blockSize = b.blockSize;
        this.maxHosts = b.maxHosts;
        this.idleTimeout = b.idleTimeout;
        this.holdDown = b.holdDown;
        this.portBlockSize = b.portBlockSize;
        this.maxPortBlocks = b.maxPortBlocks;
    }

    /**
     * Returns a builder of a policy.
     *
     * @param mode translation mode
     * @return builder
     */
    public static Builder builder(Mode mode) {
        return new Builder(mode);
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
     * Tells whether hosts are bound on their first packet (dynamic or pat).
     *
     * @return true for dynamic and pat
     */
    public boolean bindsHosts() {
        return mode != Mode.STATIC;
    }

    /**
     * Returns the prefix length of the tenant's pool block.
     *
     * @return prefix length, empty when unset
     */
    public Optional<Integer> blockSize() {
        return Optional.ofNullable(blockSize);
    }

    /**
     * Returns the host limit.
     *
     * @return limit, empty when unset
     */
    public Optional<Integer> maxHosts() {
        return Optional.ofNullable(maxHosts);
    }

    /**
     * Returns the idle timeout in seconds.
     *
     * @return seconds, empty when unset
     */
    public Optional<Integer> idleTimeout() {
        return Optional.ofNullable(idleTimeout);
    }

    /**
     * Returns the hold-down time in seconds.
     *
     * @return seconds, empty when unset
     */
    public Optional<Integer> holdDown() {
        return Optional.ofNullable(holdDown);
    }

    /**
     * Returns the ports in a port block.
     *
     * @return ports, empty when unset
     */
    public Optional<Integer> portBlockSize() {
        return Optional.ofNullable(portBlockSize);
    }

    /**
     * Returns how many port blocks one host may hold.
     *
     * @return blocks, empty when unset
     */
    public Optional<Integer> maxPortBlocks() {
        return Optional.ofNullable(maxPortBlocks);
    }

    /**
     * Returns the idle timeout in force.
     *
     * @return seconds, the default when unset
     */
    public int idleTimeoutSeconds() {
        return idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    }

    /**
     * Returns the hold-down time in force.
     *
     * @return seconds, the default when unset
     */
    public int holdDownSeconds() {
        return holdDown == null ? DEFAULT_HOLD_DOWN : holdDown;
    }

    /**
     * Returns the port block size in force.
     *
     * @return ports, the default when unset
     */
    public int portsPerBlock() {
        return portBlockSize == null ? DEFAULT_PORT_BLOCK_SIZE : portBlockSize;
    }

    /**
     * Returns the per-host port block limit in force.
     *
     * @return blocks, the default when unset
     */
    public int portBlocksPerHost() {
        return maxPortBlocks == null ? DEFAULT_MAX_PORT_BLOCKS : maxPortBlocks;
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
                && Objects.equals(maxHosts, that.maxHosts) && Objects.equals(idleTimeout, that.idleTimeout)
                && Objects.equals(holdDown, that.holdDown) && Objects.equals(portBlockSize, that.portBlockSize)
                && Objects.equals(maxPortBlocks, that.maxPortBlocks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, blockSize, maxHosts, idleTimeout, holdDown, portBlockSize, maxPortBlocks);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase();
    }

    /**
     * Collects the fields of a policy; unset fields stay null.
     */
    public static final class Builder {
        private final Mode mode;
        private Integer blockSize;
        private Integer maxHosts;
        private Integer idleTimeout;
        private Integer holdDown;
        private Integer portBlockSize;
        private Integer maxPortBlocks;

        private Builder(Mode mode) {
            this.mode = mode;
        }

        /**
         * Sets the pool block's prefix length.
         *
         * @param value prefix length, null for unset
         * @return this builder
         */
        public Builder blockSize(Integer value) {
            blockSize = value;
            return this;
        }

        /**
         * Sets the host limit.
         *
         * @param value hosts, null for unset
         * @return this builder
         */
        public Builder maxHosts(Integer value) {
            maxHosts = value;
            return this;
        }

        /**
         * Sets the idle timeout.
         *
         * @param value seconds, null for unset
         * @return this builder
         */
        public Builder idleTimeout(Integer value) {
            idleTimeout = value;
            return this;
        }

        /**
         * Sets the hold-down time.
         *
         * @param value seconds, null for unset
         * @return this builder
         */
        public Builder holdDown(Integer value) {
            holdDown = value;
            return this;
        }

        /**
         * Sets the port block size.
         *
         * @param value ports, null for unset
         * @return this builder
         */
        public Builder portBlockSize(Integer value) {
            portBlockSize = value;
            return this;
        }

        /**
         * Sets the per-host port block limit.
         *
         * @param value blocks, null for unset
         * @return this builder
         */
        public Builder maxPortBlocks(Integer value) {
            maxPortBlocks = value;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return policy
         */
        public TranslationPolicy build() {
            return new TranslationPolicy(this);
        }
    }
}
