package org.tenantnat.store;

import org.onosproject.store.Store;

/**
 * The single source of truth of one host: the desired state and what follows from it, kept as records (provider
 * settings, one per service, one per tenant, one per tenant's translated blocks, one per learned neighbour MAC).
 * A commit writes only the records its change touches. The standalone host keeps them in its state directory; the
 * ONOS host in the cluster's distributed store.
 * <p>
 * Every commit gets the next revision. A writer computes its change on the revision it has applied and commits it
 * against that revision; a store shared by several writers refuses a change computed on an older revision, so two
 * nodes never commit conflicting changes (e.g. overlapping translated blocks). Changes committed by other writers
 * reach the delegate as {@link StateEvent}s, in revision order; a writer applies its own commits itself, so it
 * never hears them back.
 */
public interface StateStore extends Store<StateEvent, StateStoreDelegate> {

    /**
     * Reads every record.
     *
     * @return records and the latest revision
     * @throws StateStoreException when the stored records cannot be read
     */
    StoredState load();

    /**
     * Commits a change atomically and durably: when this returns, a restart (or another node) sees all of it;
     * when it throws, none of it.
     *
     * @param base   the revision the change was computed on
     * @param change records to put and remove
     * @return the revision the change was committed as, {@code base + 1}
     * @throws ConcurrentChangeException when another writer committed after {@code base}
     * @throws StateStoreException       when the store cannot keep the change
     */
    long commit(long base, StateChange change);
}
