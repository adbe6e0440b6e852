package org.tenantnat.runtime;

import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;

import java.util.Optional;

/**
 * Where the desired state and its allocation are kept, together, so a restart changes no allocation. The ONOS host
 * keeps them in a distributed ConsistentMap; the standalone host in a local directory.
 */
public interface StateStore {

    /**
     * The desired state with the allocation computed for it.
     */
    final class Snapshot {
        private final DesiredState desiredState;
        private final Allocation allocation;

        /**
         * Creates a snapshot.
         *
         * @param desiredState desired state
         * @param allocation   its allocation
         */
        public Snapshot(DesiredState desiredState, Allocation allocation) {
            this.desiredState = desiredState;
            this.allocation = allocation;
        }

        /**
         * Returns the desired state.
         *
         * @return desired state
         */
        public DesiredState desiredState() {
            return desiredState;
        }

        /**
         * Returns the allocation.
         *
         * @return allocation
         */
        public Allocation allocation() {
            return allocation;
        }
    }

    /**
     * Loads the last saved snapshot.
     *
     * @return snapshot, empty when none was ever saved
     */
    Optional<Snapshot> load();

    /**
     * Saves a snapshot atomically: a crash leaves either the old or the new one.
     *
     * @param snapshot snapshot
     */
    void save(Snapshot snapshot);
}
