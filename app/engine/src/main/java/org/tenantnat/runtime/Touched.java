package org.tenantnat.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.SetMultimap;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.pipeline.RuleOwner;

import java.util.List;

/**
 * The rule owners a change may have changed, per switch, and the accesses it withdrew; or everything, when the
 * provider settings changed.
 */
final class Touched {

    /** An access removed from a tenant, with the switch its rules are removed from. */
    static final class Withdrawal {
        private final String tenant;
        private final Access access;
        private final DeviceId device;

        Withdrawal(String tenant, Access access, DeviceId device) {
            this.tenant = tenant;
            this.access = access;
            this.device = device;
        }

        String tenant() {
            return tenant;
        }

        Access access() {
            return access;
        }

        DeviceId device() {
            return device;
        }
    }

    private final boolean everything;
    private final SetMultimap<DeviceId, RuleOwner> owners;
    private final List<Withdrawal> withdrawals;

    private Touched(Builder b) {
        this.everything = b.everything;
        this.owners = b.owners.build();
        this.withdrawals = b.withdrawals.build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Tells whether every owner of every switch must be compiled again. */
    boolean everything() {
        return everything;
    }

    /** Returns the owners touched, per switch. */
    SetMultimap<DeviceId, RuleOwner> owners() {
        return owners;
    }

    /** Returns the accesses withdrawn. */
    List<Withdrawal> withdrawals() {
        return withdrawals;
    }

    static final class Builder {
        private boolean everything;
        private final ImmutableSetMultimap.Builder<DeviceId, RuleOwner> owners = ImmutableSetMultimap.builder();
        private final ImmutableList.Builder<Withdrawal> withdrawals = ImmutableList.builder();

        void everything() {
            everything = true;
        }

        void owner(DeviceId device, RuleOwner owner) {
            owners.put(device, owner);
        }

        void withdrawn(Tenant before, Access access) {
            withdrawals.add(new Withdrawal(before.name(), access, EngineState.deviceOf(before)));
        }

        Touched build() {
            return new Touched(this);
        }
    }
}
