package org.tenantnat.runtime;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.DeviceId;
import org.tenantnat.pipeline.RuleOwner;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress of programming kept in this JVM: the standalone host's, where one node programs every switch.
 */
public final class LocalProgressStore implements ProgressStore {

    private final Map<Key, OwnerStatus> statuses = new ConcurrentHashMap<>();
    private final Set<Withdrawal> withdrawals = ConcurrentHashMap.newKeySet();

    @Override
    public void setStatus(DeviceId device, RuleOwner owner, Optional<OwnerStatus> status) {
        Key key = new Key(device, owner);
        if (status.isPresent()) {
            statuses.put(key, status.get());
        } else {
            statuses.remove(key);
        }
    }

    @Override
    public Optional<OwnerStatus> status(DeviceId device, RuleOwner owner) {
        return Optional.ofNullable(statuses.get(new Key(device, owner)));
    }

    @Override
    public void setWithdrawal(Withdrawal withdrawal, boolean pending) {
        if (pending) {
            withdrawals.add(withdrawal);
        } else {
            withdrawals.remove(withdrawal);
        }
    }

    @Override
    public Collection<Withdrawal> withdrawals() {
        return ImmutableList.copyOf(withdrawals);
    }

    private static final class Key {
        private final DeviceId device;
        private final RuleOwner owner;

        Key(DeviceId device, RuleOwner owner) {
            this.device = device;
            this.owner = owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && device.equals(((Key) o).device) && owner.equals(((Key) o).owner);
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, owner);
        }
    }
}
