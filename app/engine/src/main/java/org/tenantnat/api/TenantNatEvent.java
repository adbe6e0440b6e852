package org.tenantnat.api;

import org.onosproject.event.AbstractEvent;
import org.tenantnat.store.StateChange;

/**
 * The state in force changed: a change was committed and applied on this node, whichever node or front end made
 * it. Front ends that mirror the state (ONOS network config) or record its history listen to these.
 */
public final class TenantNatEvent extends AbstractEvent<TenantNatEvent.Type, StateChange> {

    /** What happened. */
    public enum Type {
        /** A change of the records was applied. */
        STATE_CHANGED
    }

    private final long revision;

    /**
     * Creates an event.
     *
     * @param revision revision of the change
     * @param change   the records it put and removed, with its origin
     */
    public TenantNatEvent(long revision, StateChange change) {
        super(Type.STATE_CHANGED, change);
        this.revision = revision;
    }

    /**
     * Returns the revision of the change.
     *
     * @return revision
     */
    public long revision() {
        return revision;
    }
}
