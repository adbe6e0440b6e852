package org.tenantnat.api;

import com.google.common.collect.ImmutableList;
import org.onosproject.event.AbstractEvent;
import org.tenantnat.store.StateChange;

import java.util.List;

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
    private final List<String> summary;
    private final boolean committedHere;

    /**
     * Creates an event.
     *
     * @param revision      revision of the change
     * @param change        the records it put and removed, with its origin
     * @param summary       what it changed in the desired state, in the operator's words (see
     *                      {@link org.tenantnat.history.ChangeSummary})
     * @param committedHere whether this node committed the change (in the verb still running), rather than
     *                      another node, or a load of the stored state
     */
    public TenantNatEvent(long revision, StateChange change, List<String> summary, boolean committedHere) {
        super(Type.STATE_CHANGED, change);
        this.revision = revision;
        this.summary = ImmutableList.copyOf(summary);
        this.committedHere = committedHere;
    }

    /**
     * Returns the revision of the change.
     *
     * @return revision
     */
    public long revision() {
        return revision;
    }

    /**
     * Returns what the change did to the desired state, one item per line (e.g. {@code tenant acme added}); empty
     * when it changed only allocations or learned MACs, or changed nothing.
     *
     * @return summary
     */
    public List<String> summary() {
        return summary;
    }

    /**
     * Tells whether this node committed the change: listeners hear it before the verb that made it returns, so
     * whatever they do then is done before the change is acknowledged.
     *
     * @return true on the committing node
     */
    public boolean committedHere() {
        return committedHere;
    }
}
