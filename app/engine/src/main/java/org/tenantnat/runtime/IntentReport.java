package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessIntent.State;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.RuleOwner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observed state of every access intent, from what each switch has confirmed: installed only when the switch
 * holding the tenant's attachment confirmed both the tenant's and the access's rules.
 */
final class IntentReport {

    private final Map<DeviceId, DeviceProgress> devices;
    private final List<WithdrawnAccess> withdrawn;

    IntentReport(Map<DeviceId, DeviceProgress> devices, List<WithdrawnAccess> withdrawn) {
        this.devices = devices;
        this.withdrawn = withdrawn;
    }

    List<AccessIntent> intents(DesiredState state) {
        List<AccessIntent> result = new ArrayList<>();
        for (Tenant t : state.tenants()) {
            for (Access a : t.access()) {
                result.add(intent(t, a));
            }
        }
        for (WithdrawnAccess w : withdrawn) {
            result.add(new AccessIntent(w.tenant(), w.access().service(), w.access().vip(), State.WITHDRAWN,
                                        "removing its rules from " + w.device()));
        }
        result.sort(Comparator.comparing(AccessIntent::tenant).thenComparing(AccessIntent::service)
                            .thenComparing(i -> i.state().ordinal()));
        return result;
    }

    private AccessIntent intent(Tenant tenant, Access access) {
        DeviceId device = tenant.attachment().connectPoint().deviceId();
        DeviceProgress progress = devices.get(device);
        if (progress == null) {
            return intent(tenant, access, State.FAILED, "switch " + device + " is not connected");
        }
        RuleOwner[] owners = {RuleOwner.tenant(tenant.name()), RuleOwner.access(tenant.name(), access.service())};
        CompiledPipeline pipeline = progress.programmed();
        for (RuleOwner owner : owners) {
            Optional<String> reason = Optional.ofNullable(pipeline.failures().get(owner))
                    .or(() -> progress.failure(owner));
            if (reason.isPresent()) {
                return intent(tenant, access, State.FAILED, reason.get());
            }
        }
        for (RuleOwner owner : owners) {
            String pending = pipeline.pending().get(owner);
            if (pending != null) {
                return intent(tenant, access, State.INSTALLING, pending);
            }
        }
        for (RuleOwner owner : owners) {
            if (!progress.isConfirmed(owner)) {
                return intent(tenant, access, State.INSTALLING, "waiting for " + device + " to confirm");
            }
        }
        return intent(tenant, access, State.INSTALLED, null);
    }

    private static AccessIntent intent(Tenant tenant, Access access, State state, String reason) {
        return new AccessIntent(tenant.name(), access.service(), access.vip(), state, reason);
    }
}
