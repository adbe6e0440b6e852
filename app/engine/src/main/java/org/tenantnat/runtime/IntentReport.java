package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessIntent.State;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.state.DesiredStateIndex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The observed state of access intents, from the progress every switch's programmer recorded: installed only when
 * the switch holding the tenant's attachment confirmed both the tenant's and the access's rules.
 */
final class IntentReport {

    private final ProgressStore progress;
    private final Predicate<DeviceId> available;

    /**
     * Creates the report.
     *
     * @param progress  where programmers record progress
     * @param available tells whether a switch is connected (to any node of a cluster)
     */
    IntentReport(ProgressStore progress, Predicate<DeviceId> available) {
        this.progress = progress;
        this.available = available;
    }

    /** Returns every intent of the desired state, and the withdrawn ones still being removed. */
    List<AccessIntent> intents(DesiredStateIndex state) {
        List<AccessIntent> result = new ArrayList<>();
        for (Tenant t : state.tenants()) {
            for (Access a : t.access()) {
                result.add(intent(t, a));
            }
        }
        for (ProgressStore.Withdrawal w : progress.withdrawals()) {
            if (available.test(w.device())) {
                result.add(new AccessIntent(w.tenant(), w.access().service(), w.access().vip(), State.WITHDRAWN,
                                            "removing its rules from " + w.device()));
            }
        }
        result.sort(Comparator.comparing(AccessIntent::tenant).thenComparing(AccessIntent::service)
                            .thenComparing(i -> i.state().ordinal()));
        return result;
    }

    /** Returns the state of one access of a tenant. */
    AccessIntent intent(Tenant tenant, Access access) {
        DeviceId device = EngineState.deviceOf(tenant);
        if (!available.test(device)) {
            return intent(tenant, access, State.FAILED, "switch " + device + " is not connected");
        }
        List<Optional<OwnerStatus>> owners = List.of(
                progress.status(device, RuleOwner.tenant(tenant.name())),
                progress.status(device, RuleOwner.access(tenant.name(), access.service())));
        for (OwnerStatus.State worst : List.of(OwnerStatus.State.FAILED, OwnerStatus.State.PENDING)) {
            for (Optional<OwnerStatus> status : owners) {
                if (status.isPresent() && status.get().state() == worst) {
                    return intent(tenant, access, worst == OwnerStatus.State.FAILED ? State.FAILED
                            : State.INSTALLING, status.get().reason().orElse(null));
                }
            }
        }
        boolean confirmed = owners.stream()
                .allMatch(s -> s.isPresent() && s.get().state() == OwnerStatus.State.INSTALLED);
        return confirmed ? intent(tenant, access, State.INSTALLED, null)
                : intent(tenant, access, State.INSTALLING, "waiting for " + device + " to confirm");
    }

    private static AccessIntent intent(Tenant tenant, Access access, State state, String reason) {
        return new AccessIntent(tenant.name(), access.service(), access.vip(), state, reason);
    }
}
