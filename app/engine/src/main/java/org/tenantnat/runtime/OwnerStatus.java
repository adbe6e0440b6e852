package org.tenantnat.runtime;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How far the rules of one owner (a tenant, or one access) got on one switch, as the node programming that switch
 * knows it. Immutable.
 */
public final class OwnerStatus {

    /** Where an owner's rules are. */
    public enum State {
        /** Sent; the switch has not confirmed them yet. */
        INSTALLING,
        /** The switch confirmed every rule. */
        INSTALLED,
        /** Some rules wait for a neighbour's MAC; see the reason. */
        PENDING,
        /** The rules could not be compiled or the switch rejected them; see the reason. */
        FAILED
    }

    /** Rules sent, not yet confirmed. */
    public static final OwnerStatus INSTALLING = new OwnerStatus(State.INSTALLING, null);
    /** Rules confirmed. */
    public static final OwnerStatus INSTALLED = new OwnerStatus(State.INSTALLED, null);

    private final State state;
    private final String reason;

    /**
     * Creates a status.
     *
     * @param state  state
     * @param reason why, for PENDING and FAILED
     */
    public OwnerStatus(State state, String reason) {
        this.state = checkNotNull(state, "state");
        this.reason = reason;
    }

    /**
     * Returns the state.
     *
     * @return state
     */
    public State state() {
        return state;
    }

    /**
     * Returns why the owner is pending or failed.
     *
     * @return reason
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OwnerStatus && state == ((OwnerStatus) o).state
                && Objects.equals(reason, ((OwnerStatus) o).reason));
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, reason);
    }

    @Override
    public String toString() {
        return reason == null ? state.name() : state + ": " + reason;
    }
}
