package org.tenantnat.state;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.HashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Multiset;
import com.google.common.collect.SetMultimap;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.store.StateChange;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The desired state in force, record by record, with the indexes that let a change be validated and compiled
 * without scanning every tenant: tenants by name, id, attachment, port and switch; services by name, address, port
 * and switch; which tenants use each service, and on which switches; pinned blocks by address; declared links by
 * name and by end. Not thread-safe: the runtime serialises access.
 */
public final class DesiredStateIndex {

    private ProviderSettings settings = ProviderSettings.DEFAULTS;
    private final TreeMap<String, Tenant> tenants = new TreeMap<>();
    private final TreeMap<String, Service> services = new TreeMap<>();
    private final Map<Integer, String> tenantById = new HashMap<>();
    private final Map<Attachment, String> tenantByAttachment = new HashMap<>();
    private final SetMultimap<ConnectPoint, String> tenantsByPort = HashMultimap.create();
    private final SetMultimap<DeviceId, String> tenantsByDevice = HashMultimap.create();
    private final SetMultimap<String, String> tenantsByService = HashMultimap.create();
    private final Map<String, Multiset<DeviceId>> edgesByService = new HashMap<>();
    private final SetMultimap<ConnectPoint, String> servicesByPort = HashMultimap.create();
    private final Map<Ip4Address, String> serviceByIp = new HashMap<>();
    private final SetMultimap<DeviceId, String> servicesByDevice = HashMultimap.create();
    private final PinIndex pins = new PinIndex();
    private final TreeMap<String, FabricLink> links = new TreeMap<>();
    private final Map<ConnectPoint, String> linkByPort = new HashMap<>();
    private DesiredState document = DesiredState.EMPTY;
    private boolean documentStale;

    /**
     * Returns the provider settings.
     *
     * @return pool and gateway MAC
     */
    public ProviderSettings settings() {
        return settings;
    }

    /**
     * Returns the whole desired state as a document; built again only after a change.
     *
     * @return desired state, tenants and services ordered by name
     */
    public DesiredState document() {
        if (documentStale) {
            document = new DesiredState(settings.pool(), settings.gatewayMac(), ImmutableList.copyOf(services.values()),
                                        ImmutableList.copyOf(tenants.values()), ImmutableList.copyOf(links.values()));
            documentStale = false;
        }
        return document;
    }

    /**
     * Finds a tenant.
     *
     * @param name tenant name
     * @return tenant
     */
    public Optional<Tenant> tenant(String name) {
        return Optional.ofNullable(tenants.get(name));
    }

    /**
     * Returns every tenant.
     *
     * @return tenants ordered by name
     */
    public Collection<Tenant> tenants() {
        return tenants.values();
    }

    /**
     * Finds a service.
     *
     * @param name service name
     * @return service
     */
    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /**
     * Returns every service.
     *
     * @return services ordered by name
     */
    public Collection<Service> services() {
        return services.values();
    }

    /**
     * Finds the tenant with an id.
     *
     * @param id tenant id
     * @return tenant name
     */
    public Optional<String> tenantWithId(int id) {
        return Optional.ofNullable(tenantById.get(id));
    }

    /**
     * Finds the tenant attached at a port and VLAN.
     *
     * @param attachment attachment
     * @return tenant name
     */
    public Optional<String> tenantAt(Attachment attachment) {
        return Optional.ofNullable(tenantByAttachment.get(attachment));
    }

    /**
     * Returns the tenants attached to a port, on any VLAN.
     *
     * @param port switch port
     * @return tenant names
     */
    public Set<String> tenantsOnPort(ConnectPoint port) {
        return ImmutableSet.copyOf(tenantsByPort.get(port));
    }

    /**
     * Returns the tenants attached to a switch.
     *
     * @param device switch
     * @return tenant names
     */
    public Set<String> tenantsOn(DeviceId device) {
        return ImmutableSet.copyOf(tenantsByDevice.get(device));
    }

    /**
     * Tells whether any tenant is attached to a switch.
     *
     * @param device switch
     * @return true when at least one is
     */
    public boolean hasTenantsOn(DeviceId device) {
        return tenantsByDevice.containsKey(device);
    }

    /**
     * Returns the tenants granted access to a service.
     *
     * @param service service name
     * @return tenant names
     */
    public Set<String> tenantsUsing(String service) {
        return ImmutableSet.copyOf(tenantsByService.get(service));
    }

    /**
     * Returns the switches where the tenants granted access to a service attach.
     *
     * @param service service name
     * @return switches
     */
    public Set<DeviceId> edgesUsing(String service) {
        Multiset<DeviceId> edges = edgesByService.get(service);
        return edges == null ? ImmutableSet.of() : ImmutableSet.copyOf(edges.elementSet());
    }

    /**
     * Returns the services on a port: a provider subnet may hold several.
     *
     * @param port switch port
     * @return service names
     */
    public Set<String> servicesAt(ConnectPoint port) {
        return ImmutableSet.copyOf(servicesByPort.get(port));
    }

    /**
     * Returns the links declared between switches.
     *
     * @return links ordered by name
     */
    public Collection<FabricLink> links() {
        return links.values();
    }

    /**
     * Finds a declared link by its name.
     *
     * @param key the link's {@link FabricLink#key()}
     * @return link
     */
    public Optional<FabricLink> link(String key) {
        return Optional.ofNullable(links.get(key));
    }

    /**
     * Finds the declared link that ends at a port.
     *
     * @param port switch port
     * @return link
     */
    public Optional<FabricLink> linkAt(ConnectPoint port) {
        return Optional.ofNullable(linkByPort.get(port)).map(links::get);
    }

    /**
     * Finds the service with an address.
     *
     * @param ip service address
     * @return service name
     */
    public Optional<String> serviceWithIp(Ip4Address ip) {
        return Optional.ofNullable(serviceByIp.get(ip));
    }

    /**
     * Returns the services on a switch.
     *
     * @param device switch
     * @return service names
     */
    public Set<String> servicesOn(DeviceId device) {
        return ImmutableSet.copyOf(servicesByDevice.get(device));
    }

    /**
     * Returns the switches holding a tenant or a service.
     *
     * @return switches
     */
    public Set<DeviceId> devices() {
        return ImmutableSet.<DeviceId>builder().addAll(tenantsByDevice.keySet()).addAll(servicesByDevice.keySet())
                .build();
    }

    /**
     * Returns the pinned blocks.
     *
     * @return pins by address
     */
    public PinIndex pins() {
        return pins;
    }

    /**
     * Finds the tenant whose router a neighbour is.
     *
     * @param neighbour neighbour
     * @return tenant
     */
    public Optional<Tenant> tenantRoutedBy(Neighbour neighbour) {
        return tenantAt(neighbour.attachment()).map(tenants::get)
                .filter(t -> t.routerIp().equals(neighbour.ip()));
    }

    /**
     * Returns the services a neighbour is the next hop of: the service itself, or the provider router several
     * services may sit behind.
     *
     * @param neighbour neighbour
     * @return services, ordered by name
     */
    public List<Service> servicesReachedVia(Neighbour neighbour) {
        if (neighbour.attachment().isTagged()) {
            return List.of();
        }
        return servicesByPort.get(neighbour.port()).stream().sorted().map(services::get)
                .filter(s -> s.nextHopIp().equals(neighbour.ip())).collect(Collectors.toList());
    }

    /**
     * Applies the desired-state records of a change (settings, services, tenants, links).
     *
     * @param change change
     * @return what it changed, with the records as they were before
     */
    public DesiredChanges apply(StateChange change) {
        DesiredChanges.Builder changed = DesiredChanges.builder();
        change.settings().filter(s -> !s.equals(settings)).ifPresent(s -> {
            changed.settings(settings);
            settings = s;
        });
        change.services().forEach((name, next) -> {
            Optional<Service> before = Optional.ofNullable(services.get(name));
            if (!before.equals(next)) {
                before.ifPresent(this::unindex);
                next.ifPresent(this::index);
                changed.service(name, before);
            }
        });
        change.tenants().forEach((name, next) -> {
            Optional<Tenant> before = Optional.ofNullable(tenants.get(name));
            if (!before.equals(next)) {
                before.ifPresent(this::unindex);
                next.ifPresent(this::index);
                changed.tenant(name, before);
            }
        });
        change.links().forEach((key, next) -> {
            Optional<FabricLink> before = Optional.ofNullable(links.get(key));
            if (!before.equals(next)) {
                before.ifPresent(this::unindex);
                next.ifPresent(this::index);
                changed.link(key, before);
            }
        });
        DesiredChanges result = changed.build();
        documentStale |= !result.isEmpty();
        return result;
    }

    private void index(Service s) {
        services.put(s.name(), s);
        servicesByPort.put(s.connectPoint(), s.name());
        serviceByIp.put(s.ip(), s.name());
        servicesByDevice.put(s.connectPoint().deviceId(), s.name());
    }

    private void unindex(Service s) {
        services.remove(s.name());
        servicesByPort.remove(s.connectPoint(), s.name());
        serviceByIp.remove(s.ip(), s.name());
        servicesByDevice.remove(s.connectPoint().deviceId(), s.name());
    }

    private void index(FabricLink l) {
        links.put(l.key(), l);
        linkByPort.put(l.src(), l.key());
        linkByPort.put(l.dst(), l.key());
    }

    private void unindex(FabricLink l) {
        links.remove(l.key());
        linkByPort.remove(l.src(), l.key());
        linkByPort.remove(l.dst(), l.key());
    }

    private void index(Tenant t) {
        tenants.put(t.name(), t);
        tenantById.put(t.id(), t.name());
        tenantByAttachment.put(t.attachment(), t.name());
        tenantsByPort.put(t.attachment().connectPoint(), t.name());
        tenantsByDevice.put(t.edge(), t.name());
        for (Access a : t.access()) {
            tenantsByService.put(a.service(), t.name());
            edgesByService.computeIfAbsent(a.service(), x -> HashMultiset.create())
                    .add(t.edge());
        }
        for (Map.Entry<Ip4Prefix, Ip4Prefix> pin : t.translatedPrefixes().entrySet()) {
            pins.add(t.name(), pin.getKey(), pin.getValue());
        }
    }

    private void unindex(Tenant t) {
        tenants.remove(t.name());
        tenantById.remove(t.id(), t.name());
        tenantByAttachment.remove(t.attachment(), t.name());
        tenantsByPort.remove(t.attachment().connectPoint(), t.name());
        tenantsByDevice.remove(t.edge(), t.name());
        for (Access a : t.access()) {
            tenantsByService.remove(a.service(), t.name());
            Multiset<DeviceId> edges = edgesByService.get(a.service());
            edges.remove(t.edge());
            if (edges.isEmpty()) {
                edgesByService.remove(a.service());
            }
        }
        for (Map.Entry<Ip4Prefix, Ip4Prefix> pin : t.translatedPrefixes().entrySet()) {
            pins.remove(t.name(), pin.getKey(), pin.getValue());
        }
    }
}
