package org.tenantnat.api;

import org.onosproject.net.ConnectPoint;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A link between two switches as tenantnat sees it: where it was learned (declared in the desired state, discovered
 * by LLDP or ONOS, or both), and whether paths may use it, with the reason when they may not. Immutable.
 */
public final class LinkState {

    /** Whether paths may use a link. */
    public enum State {
        /** Both ways usable: paths run over it. */
        UP,
        /** Not usable now (a switch or port is down, or only one way was seen); see the reason. */
        DOWN,
        /** Never used: one end is a tenant's or service's port; see the reason. */
        IGNORED
    }

    private final ConnectPoint src;
    private final ConnectPoint dst;
    private final boolean declared;
    private final boolean discovered;
    private final State state;
    private final String reason;

    /**
     * Creates a link state.
     *
     * @param src        one end (the lower one)
     * @param dst        the other end
     * @param declared   whether the desired state declares it
     * @param discovered whether it was discovered (in at least one direction)
     * @param state      whether paths may use it
     * @param reason     why not, for DOWN and IGNORED
     */
    public LinkState(ConnectPoint src, ConnectPoint dst, boolean declared, boolean discovered, State state,
                     String reason) {
        this.src = checkNotNull(src, "src");
        this.dst = checkNotNull(dst, "dst");
        this.declared = declared;
        this.discovered = discovered;
        this.state = checkNotNull(state, "state");
        this.reason = reason;
    }

    /**
     * Returns one end, the lower of the two.
     *
     * @return switch port
     */
    public ConnectPoint src() {
        return src;
    }

    /**
     * Returns the other end.
     *
     * @return switch port
     */
    public ConnectPoint dst() {
        return dst;
    }

    /**
     * Tells whether the desired state declares the link.
     *
     * @return true when declared
     */
    public boolean declared() {
        return declared;
    }

    /**
     * Tells whether the link was discovered.
     *
     * @return true when seen by discovery
     */
    public boolean discovered() {
        return discovered;
    }

    /**
     * Returns whether paths may use the link.
     *
     * @return state
     */
    public State state() {
        return state;
    }

    /**
     * Returns why paths may not use the link.
     *
     * @return reason, empty when UP
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LinkState)) {
            return false;
        }
        LinkState that = (LinkState) o;
        return declared == that.declared && discovered == that.discovered && src.equals(that.src)
                && dst.equals(that.dst) && state == that.state && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst, declared, discovered, state, reason);
    }

    @Override
    public String toString() {
        return src + "-" + dst + " " + state + (reason == null ? "" : " (" + reason + ")");
    }
}
