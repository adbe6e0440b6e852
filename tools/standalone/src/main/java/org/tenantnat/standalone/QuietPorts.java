package org.tenantnat.standalone;

import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.Multiset;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.TenantNatEvent;
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.store.StateChange;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The switch ports LLDP must not probe: where customers and services attach (a probe would reach them) and the ends
 * of the links the desired state declares (their switches are not to be probed). Kept up to date change by change,
 * so the prober asks it without ever waiting for the runtime.
 */
final class QuietPorts implements Predicate<ConnectPoint>, TenantNatListener {

    private final Multiset<ConnectPoint> quiet = ConcurrentHashMultiset.create();
    private final Map<String, List<ConnectPoint>> byRecord = new ConcurrentHashMap<>();

    /**
     * Takes the whole desired state, e.g. at start.
     *
     * @param state desired state
     */
    void seed(DesiredState state) {
        state.tenants().forEach(t -> put("tenant/" + t.name(), Optional.of(List.of(t.attachment().connectPoint()))));
        state.services().forEach(s -> put("service/" + s.name(), Optional.of(List.of(s.connectPoint()))));
        state.links().forEach(l -> put("link/" + l.key(), Optional.of(List.of(l.src(), l.dst()))));
    }

    /** Tells whether LLDP may probe a port. */
    @Override
    public boolean test(ConnectPoint port) {
        return !quiet.contains(port);
    }

    @Override
    public void event(TenantNatEvent event) {
        StateChange change = event.subject();
        change.tenants().forEach((name, t) -> put("tenant/" + name, t.map(Tenant::attachment)
                .map(a -> List.of(a.connectPoint()))));
        change.services().forEach((name, s) -> put("service/" + name, s.map(Service::connectPoint).map(List::of)));
        change.links().forEach((key, l) -> put("link/" + key, l.map(x -> List.of(x.src(), x.dst()))));
    }

    private synchronized void put(String record, Optional<List<ConnectPoint>> ports) {
        List<ConnectPoint> before = byRecord.remove(record);
        if (before != null) {
            before.forEach(quiet::remove);
        }
        ports.ifPresent(p -> {
            byRecord.put(record, p);
            quiet.addAll(p);
        });
    }
}
