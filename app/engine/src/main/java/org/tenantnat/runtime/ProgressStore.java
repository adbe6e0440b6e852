package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.pipeline.RuleOwner;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the progress of programming each switch is kept: the status of every owner's rules on the switch, and the
 * accesses whose rules are being removed from it. The node that programs a switch (in a cluster, its master)
 * writes; every node reads, so each answers the intents' state alike. The standalone host keeps it in memory.
 */
public interface ProgressStore {

    /** An access whose rules are being removed from a switch. */
    final class Withdrawal {
        private final DeviceId device;
        private final String tenant;
        private final Access access;

        /**
         * Creates a withdrawal.
         *
         * @param device switch
         * @param tenant tenant name
         * @param access the access withdrawn
         */
        public Withdrawal(DeviceId device, String tenant, Access access) {
            this.device = device;
            this.tenant = tenant;
            this.access = access;
        }

        /**
         * Returns the switch.
         *
         * @return device id
         */
        public DeviceId device() {
            return device;
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
         * Returns the access.
         *
         * @return service and VIP
         */
        public Access access() {
            return access;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Withdrawal && device.equals(((Withdrawal) o).device)
                    && tenant.equals(((Withdrawal) o).tenant) && access.equals(((Withdrawal) o).access);
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, tenant, access);
        }

        @Override
        public String toString() {
            return tenant + "/" + access.service() + " at " + access.vip() + " from " + device;
        }
    }

    /**
     * Records an owner's status on a switch.
     *
     * @param device switch
     * @param owner  owner
     * @param status status, empty when the owner has nothing on the switch any more
     */
    void setStatus(DeviceId device, RuleOwner owner, Optional<OwnerStatus> status);

    /**
     * Returns an owner's status on a switch.
     *
     * @param device switch
     * @param owner  owner
     * @return status, empty when unknown
     */
    Optional<OwnerStatus> status(DeviceId device, RuleOwner owner);

    /**
     * Records that an access's rules are being removed, or that they are gone.
     *
     * @param withdrawal the access and switch
     * @param pending    true while the removal is unconfirmed, false once it is confirmed
     */
    void setWithdrawal(Withdrawal withdrawal, boolean pending);

    /**
     * Returns the accesses whose rules are being removed.
     *
     * @return withdrawals
     */
    Collection<Withdrawal> withdrawals();
}
