package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessIntent.State;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.Service;
import org.tenantnat.pipeline.FabricRoutes;
import org.tenantnat.pipeline.PipelineInput;
import org.tenantnat.pipeline.RuleOwner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The observed state of access intents, from the progress every switch's programmer recorded: installed only when
 * the switch holding the tenant's attachment confirmed both the tenant's and the access's rules and, for a service
 * on another switch, every switch on the path there and back confirmed its part of the routes.
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
    List<AccessIntent> intents(EngineState state) {
        List<AccessIntent> result = new ArrayList<>();
        FabricRoutes routes = new FabricRoutes(state);
        for (Tenant t : state.desired().tenants()) {
            for (Access a : t.access()) {
                result.add(intent(t, a, state, routes));
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
    AccessIntent intent(Tenant tenant, Access access, PipelineInput state) {
        return intent(tenant, access, state, new FabricRoutes(state));
    }

    private AccessIntent intent(Tenant tenant, Access access, PipelineInput state, FabricRoutes routes) {
        DeviceId device = tenant.edge();
        if (!available.test(device)) {
            return intent(tenant, access, State.FAILED, "switch " + device + " is not connected");
        }
        Optional<Service> service = state.service(access.service());
        List<FabricRoutes.Placement> placements = service.map(s -> routes.placements(tenant, access, s))
                .orElse(List.of(new FabricRoutes.Placement(device, RuleOwner.tenant(tenant.name())),
                                new FabricRoutes.Placement(device, RuleOwner.access(tenant.name(),
                                                                                    access.service()))));
        Optional<String> unreachable = service.flatMap(s -> routes.unreachable(tenant, s));
        if (unreachable.isPresent()) {
            return intent(tenant, access, State.FAILED, unreachable.get());
        }
        for (FabricRoutes.Placement p : placements) {
            if (!available.test(p.device())) {
                return intent(tenant, access, State.FAILED, "switch " + p.device() + " on the path to service "
                        + access.service() + " is not connected");
            }
        }
        List<Optional<OwnerStatus>> owners = new ArrayList<>();
        placements.forEach(p -> owners.add(progress.status(p.device(), p.owner())));
        for (OwnerStatus.State worst : List.of(OwnerStatus.State.FAILED, OwnerStatus.State.PENDING)) {
            for (Optional<OwnerStatus> status : owners) {
                if (status.isPresent() && status.get().state() == worst) {
                    return intent(tenant, access, worst == OwnerStatus.State.FAILED ? State.FAILED
                            : State.INSTALLING, status.get().reason().orElse(null));
                }
            }
        }
        for (int i = 0; i < owners.size(); i++) {
            Optional<OwnerStatus> status = owners.get(i);
            if (status.isEmpty() || status.get().state() != OwnerStatus.State.INSTALLED) {
                return intent(tenant, access, State.INSTALLING, "waiting for " + placements.get(i).device()
                        + " to confirm");
            }
        }
        return intent(tenant, access, State.INSTALLED, null);
    }

    private static AccessIntent intent(Tenant tenant, Access access, State state, String reason) {
        return new AccessIntent(tenant.name(), access.service(), access.vip(), state, reason);
    }
}
