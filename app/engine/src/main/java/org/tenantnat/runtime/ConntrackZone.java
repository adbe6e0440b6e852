package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pat tenant's conntrack zone on its edge switch (the zone is the tenant's id).
 */
final class ConntrackZone {

    private final DeviceId device;
    private final int zone;

    ConntrackZone(DeviceId device, int zone) {
        this.device = device;
        this.zone = zone;
    }

    /**
     * The zones a change ends: of each pat tenant it removes, turns to another mode, gives another id or moves to
     * another switch. Read before the change is applied.
     *
     * @param before the desired state before the change
     * @param change the change
     * @return the zones whose connections are no one's once the change is on the switches
     */
    static List<ConntrackZone> endedBy(DesiredStateIndex before, StateChange change) {
        List<ConntrackZone> ended = new ArrayList<>();
        for (Map.Entry<String, Optional<Tenant>> e : change.tenants().entrySet()) {
            Optional<Tenant> was = before.tenant(e.getKey()).filter(ConntrackZone::tracked);
            if (was.isEmpty()) {
                continue;
            }
            Tenant old = was.get();
            boolean kept = e.getValue().filter(ConntrackZone::tracked)
                    .filter(now -> now.id() == old.id() && now.edge().equals(old.edge())).isPresent();
            if (!kept) {
                ended.add(new ConntrackZone(old.edge(), old.id()));
            }
        }
        return ended;
    }

    private static boolean tracked(Tenant t) {
        return t.translation().mode() == TranslationPolicy.Mode.PAT;
    }

    DeviceId device() {
        return device;
    }

    int zone() {
        return zone;
    }
}
