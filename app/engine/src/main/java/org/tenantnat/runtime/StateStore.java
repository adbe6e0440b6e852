package org.tenantnat.runtime;

import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.arp.LearnedMac;

import java.util.List;
import java.util.Optional;

/**
 * Where the desired state and its allocation are kept, together, so a restart changes no allocation (and the MACs
 * learned by ARP, so a restart programs the return path at once). The ONOS host
 * keeps them in a distributed ConsistentMap; the standalone host in a local directory.
 */
public interface StateStore {

    /**
     * The desired state with the allocation computed for it, and the router and service MACs learned by ARP.
     */
    final class Snapshot {
        private final DesiredState desiredState;
        private final Allocation allocation;
        private final List<LearnedMac> learnedMacs;

        /**
         * Creates a snapshot with no learned MAC.
         *
         * @param desiredState desired state
         * @param allocation   its allocation
         */
        public Snapshot(DesiredState desiredState, Allocation allocation) {
            this(desiredState, allocation, List.of());
        }

        /**
         * Creates a snapshot.
         *
         * @param desiredState desired state
         * @param allocation   its allocation
         * @param learnedMacs  MACs learned by ARP
         */
        public Snapshot(DesiredState desiredState, Allocation allocation, List<LearnedMac> learnedMacs) {
            this.desiredState = desiredState;
            this.allocation = allocation;
            this.learnedMacs = List.copyOf(learnedMacs);
        }

        /**
         * Returns the MACs learned by ARP.
         *
         * @return learned MACs
         */
        public List<LearnedMac> learnedMacs() {
            return learnedMacs;
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
