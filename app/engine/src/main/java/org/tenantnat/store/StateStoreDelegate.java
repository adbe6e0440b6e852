package org.tenantnat.store;

import org.onosproject.store.StoreDelegate;

/**
 * Hears of changes committed to a state store by other writers.
 */
public interface StateStoreDelegate extends StoreDelegate<StateEvent> {
}
