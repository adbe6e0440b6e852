package org.tenantnat.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.SetMultimap;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.pipeline.RuleOwner;

import java.util.List;
import java.util.Set;

/**
 * The rule owners a change may have changed, per switch and on every switch (routes between switches), and the
 * accesses it withdrew; or everything, when the provider settings changed.
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
    private final Set<RuleOwner> everywhere;
    private final List<Withdrawal> withdrawals;

    private Touched(Builder b) {
        this.everything = b.everything;
        this.owners = b.owners.build();
        this.everywhere = b.everywhere.build();
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

    /** Returns the owners touched on every switch. */
    Set<RuleOwner> everywhere() {
        return everywhere;
    }

    /** Returns the owners touched on one switch, those touched everywhere included. */
    Set<RuleOwner> on(DeviceId device) {
        if (everywhere.isEmpty()) {
            return owners.get(device);
        }
        return ImmutableSet.<RuleOwner>builder().addAll(owners.get(device)).addAll(everywhere).build();
    }

    /** Tells whether nothing was touched. */
    boolean isEmpty() {
        return !everything && owners.isEmpty() && everywhere.isEmpty() && withdrawals.isEmpty();
    }

    /** Returns the accesses withdrawn. */
    List<Withdrawal> withdrawals() {
        return withdrawals;
    }

    static final class Builder {
        private boolean everything;
        private final ImmutableSetMultimap.Builder<DeviceId, RuleOwner> owners = ImmutableSetMultimap.builder();
        private final ImmutableSet.Builder<RuleOwner> everywhere = ImmutableSet.builder();
        private final ImmutableList.Builder<Withdrawal> withdrawals = ImmutableList.builder();

        void everything() {
            everything = true;
        }

        void owner(DeviceId device, RuleOwner owner) {
            owners.put(device, owner);
        }

        void everywhere(RuleOwner owner) {
            everywhere.add(owner);
        }

        void withdrawn(Tenant before, Access access) {
            withdrawals.add(new Withdrawal(before.name(), access, before.edge()));
        }

        Touched build() {
            return new Touched(this);
        }
    }
}
