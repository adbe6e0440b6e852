package org.tenantnat.store;

import org.onosproject.event.AbstractEvent;

/**
 * A change another writer committed to a shared store (another node of a cluster), delivered to the store's
 * delegate in revision order so every node applies the same changes in the same order.
 */
public final class StateEvent extends AbstractEvent<StateEvent.Type, StateChange> {

    /** What happened. */
    public enum Type {
        /** A change was committed. */
        COMMITTED
    }

    private final long revision;

    /**
     * Creates an event.
     *
     * @param revision revision the change was committed as
     * @param change   the change
     */
    public StateEvent(long revision, StateChange change) {
        super(Type.COMMITTED, change);
        this.revision = revision;
    }

    /**
     * Returns the revision the change was committed as.
     *
     * @return revision
     */
    public long revision() {
        return revision;
    }
}
