package org.tenantnat.api;

import com.google.common.collect.ImmutableSortedMap;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How full one dynamic or pat tenant's pool block is: its slots (addresses, or port blocks of its addresses) in
 * use, held down and the peak since the host started, the refusals counted by reason, and whether usage passed the
 * alarm threshold. FAILED, with the reason, while the last request was refused for want of a slot or because of
 * the host limit and nothing has been released since.
 */
public final class BindingUsage {

    /** How the tenant's pool block stands. */
    public enum State {
        /** Below the alarm threshold. */
        OK,
        /** At or above the alarm threshold. */
        ALARM,
        /** The last request was refused: the tenant is out of addresses, port blocks or hosts. */
        FAILED
    }

    private final String tenant;
    private final TranslationPolicy.Mode mode;
    private final Ip4Prefix poolBlock;
    private final long capacity;
    private final long inUse;
    private final long hosts;
    private final long heldDown;
    private final long peak;
    private final Map<String, Long> refusals;
    private final State state;
    private final String reason;

    /**
     * Creates usage.
     *
     * @param tenant    tenant name
     * @param mode      dynamic or pat
     * @param poolBlock the tenant's pool block
     * @param capacity  slots of the block: addresses (dynamic) or port blocks (pat)
     * @param inUse     slots bindings in force hold
     * @param hosts     hosts with a binding in force
     * @param heldDown  slots released and not yet reusable
     * @param peak      most slots in use at once since the host started
     * @param refusals  refusals since the host started, by reason ({@code maxHosts}, {@code poolBlockFull},
     *                  {@code maxPortBlocks})
     * @param state     how the block stands
     * @param reason    why it is FAILED or ALARM, null when OK
     */
    public BindingUsage(String tenant, TranslationPolicy.Mode mode, Ip4Prefix poolBlock, long capacity, long inUse,
                        long hosts, long heldDown, long peak, Map<String, Long> refusals, State state,
                        String reason) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.mode = checkNotNull(mode, "mode");
        this.poolBlock = checkNotNull(poolBlock, "poolBlock");
        this.capacity = capacity;
        this.inUse = inUse;
        this.hosts = hosts;
        this.heldDown = heldDown;
        this.peak = peak;
        this.refusals = ImmutableSortedMap.copyOf(refusals);
        this.state = checkNotNull(state, "state");
        this.reason = reason;
    }

    /**
     * Returns the tenant.
     *
     * @return tenant name
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the translation mode.
     *
     * @return dynamic or pat
     */
    public TranslationPolicy.Mode mode() {
        return mode;
    }

    /**
     * Returns the tenant's pool block.
     *
     * @return block
     */
    public Ip4Prefix poolBlock() {
        return poolBlock;
    }

    /**
     * Returns the slots of the block.
     *
     * @return addresses (dynamic) or port blocks (pat)
     */
    public long capacity() {
        return capacity;
    }

    /**
     * Returns the slots in use.
     *
     * @return slots bindings in force hold
     */
    public long inUse() {
        return inUse;
    }

    /**
     * Returns the hosts bound.
     *
     * @return hosts with a binding in force
     */
    public long hosts() {
        return hosts;
    }

    /**
     * Returns the slots held down.
     *
     * @return slots released and not yet reusable
     */
    public long heldDown() {
        return heldDown;
    }

    /**
     * Returns the peak.
     *
     * @return most slots in use at once since the host started
     */
    public long peak() {
        return peak;
    }

    /**
     * Returns the refusals by reason.
     *
     * @return reason to count, sorted
     */
    public Map<String, Long> refusals() {
        return refusals;
    }

    /**
     * Returns how the block stands.
     *
     * @return state
     */
    public State state() {
        return state;
    }

    /**
     * Returns why the block is FAILED or in ALARM.
     *
     * @return reason, empty when OK
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BindingUsage)) {
            return false;
        }
        BindingUsage that = (BindingUsage) o;
        return capacity == that.capacity && inUse == that.inUse && hosts == that.hosts && heldDown == that.heldDown
                && peak == that.peak && tenant.equals(that.tenant) && mode == that.mode
                && poolBlock.equals(that.poolBlock) && refusals.equals(that.refusals) && state == that.state
                && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, mode, poolBlock, capacity, inUse, hosts, heldDown, peak, refusals, state, reason);
    }

    @Override
    public String toString() {
        return tenant + ": " + inUse + "/" + capacity + " " + state + (reason == null ? "" : " (" + reason + ")");
    }
}
