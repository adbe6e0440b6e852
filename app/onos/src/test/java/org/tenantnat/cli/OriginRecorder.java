package org.tenantnat.cli;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.Origin;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenantnat service that passes every call to a real one and remembers the origin of each change, so a test can
 * tell whom a command named as the author.
 */
final class OriginRecorder implements TenantNatService {

    private final TenantNatService service;
    private final List<String> changes = new ArrayList<>();

    OriginRecorder(TenantNatService service) {
        this.service = service;
    }

    /** Returns each change made so far, as {@code verb by origin}. */
    List<String> changes() {
        return changes;
    }

    private void record(String verb, Origin origin) {
        changes.add(verb + " by " + origin);
    }

    @Override
    public void addListener(TenantNatListener listener) {
        service.addListener(listener);
    }

    @Override
    public void removeListener(TenantNatListener listener) {
        service.removeListener(listener);
    }

    @Override
    public DesiredState desiredState() {
        return service.desiredState();
    }

    @Override
    public Allocation allocation() {
        return service.allocation();
    }

    @Override
    public List<AccessIntent> intents() {
        return service.intents();
    }

    @Override
    public Optional<Binding> lookup(Ip4Address translated) {
        return service.lookup(translated);
    }

    @Override
    public PoolUsage poolUsage() {
        return service.poolUsage();
    }

    @Override
    public Map<String, TenantStats> stats() {
        return service.stats();
    }

    @Override
    public DesiredState replaceState(Origin origin, DesiredState next) {
        record("replaceState", origin);
        return service.replaceState(origin, next);
    }

    @Override
    public Tenant addTenant(Origin origin, Tenant tenant) {
        record("addTenant " + tenant.name(), origin);
        return service.addTenant(origin, tenant);
    }

    @Override
    public Tenant replaceTenant(Origin origin, Tenant tenant) {
        record("replaceTenant " + tenant.name(), origin);
        return service.replaceTenant(origin, tenant);
    }

    @Override
    public void removeTenant(Origin origin, String name) {
        record("removeTenant " + name, origin);
        service.removeTenant(origin, name);
    }

    @Override
    public Service addService(Origin origin, Service s) {
        record("addService " + s.name(), origin);
        return service.addService(origin, s);
    }

    @Override
    public void removeService(Origin origin, String name) {
        record("removeService " + name, origin);
        service.removeService(origin, name);
    }

    @Override
    public AccessIntent grantAccess(Origin origin, String tenant, Access access) {
        record("grantAccess " + tenant + " " + access.service(), origin);
        return service.grantAccess(origin, tenant, access);
    }

    @Override
    public void revokeAccess(Origin origin, String tenant, String s) {
        record("revokeAccess " + tenant + " " + s, origin);
        service.revokeAccess(origin, tenant, s);
    }
}
