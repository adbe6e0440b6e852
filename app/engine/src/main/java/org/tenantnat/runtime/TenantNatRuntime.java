package org.tenantnat.runtime;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.alloc.PoolMath;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.ConflictingChangeException;
import org.tenantnat.api.Origin;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.arp.ArpNeighbour;
import org.tenantnat.arp.ArpResponder;
import org.tenantnat.arp.NeighbourTable;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.icmp.IcmpErrorTranslator;
import org.tenantnat.icmp.StateNatContext;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.runtime.StateStore.Snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The host-neutral core of tenantnat: takes the desired state through validation, allocation and compilation,
 * programs the switches a host offers through its {@link Southbound}, and reports the observed state. The ONOS host
 * and the standalone host each wrap one of these around their own southbound and store.
 */
public final class TenantNatRuntime implements TenantNatService {

    private static final Logger log = LoggerFactory.getLogger(TenantNatRuntime.class);
    private static final long ARP_RETRY_SECONDS = 2;
    /** Where flows answer ARP, asking known neighbours again is how a silently changed MAC is noticed. */
    private static final long ARP_REFRESH_SECONDS = 60;
    private static final String NAME = "name";
    private static final String TENANT = "tenant";
    private static final String SERVICE = "service";

    private final Southbound southbound;
    private final StateStore store;
    private final PipelineCompiler compiler;
    private final PipelineSettings settings;
    private final ConfigValidator validator = new ConfigValidator();
    private final StaticAllocator allocator = new StaticAllocator();
    private final NeighbourTable neighbours = new NeighbourTable();
    private final Map<DeviceId, DeviceProgress> devices = new HashMap<>();
    private final List<WithdrawnAccess> withdrawn = new ArrayList<>();
    private final IntentReport intentReport;

    private Snapshot current = new Snapshot(DesiredState.EMPTY, Allocation.EMPTY);
    private ScheduledExecutorService arpTimer;

    /**
     * Creates a runtime.
     *
     * @param appId      application id our rules carry
     * @param settings   pipeline tunables
     * @param southbound the switches
     * @param store      where desired state and allocation persist
     */
    public TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound, StateStore store) {
        this.southbound = southbound;
        this.store = store;
        this.settings = settings;
        this.compiler = new PipelineCompiler(appId, settings);
        this.intentReport = new IntentReport(devices, withdrawn);
    }

    /**
     * Loads the stored state, programs the switches already connected and starts resolving neighbours.
     */
    public synchronized void start() {
        store.load().ifPresent(s -> {
            current = s;
            neighbours.restore(s.learnedMacs());
        });
        log.info("started with {} tenants, {} services", current.desiredState().tenants().size(),
                 current.desiredState().services().size());
        southbound.switches().forEach(this::switchConnected);
        arpTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenantnat-arp");
            t.setDaemon(true);
            return t;
        });
        arpTimer.scheduleWithFixedDelay(this::resolveNeighbours, 0, ARP_RETRY_SECONDS, TimeUnit.SECONDS);
        arpTimer.scheduleWithFixedDelay(() -> askNeighbours(n -> true), ARP_REFRESH_SECONDS, ARP_REFRESH_SECONDS,
                                        TimeUnit.SECONDS);
    }

    /**
     * Stops resolving neighbours. Rules stay on the switches.
     */
    public synchronized void stop() {
        if (arpTimer != null) {
            arpTimer.shutdownNow();
            arpTimer = null;
        }
    }

    @Override
    public synchronized DesiredState desiredState() {
        return current.desiredState();
    }

    @Override
    public synchronized Allocation allocation() {
        return current.allocation();
    }

    @Override
    public synchronized DesiredState replaceState(Origin origin, DesiredState next) {
        commit(next);
        return next;
    }

    @Override
    public synchronized Tenant addTenant(Origin origin, Tenant tenant) {
        if (current.desiredState().tenant(tenant.name()).isPresent()) {
            throw new ConflictingChangeException(NAME, "tenant %s already exists (PUT /tenants/%s replaces it)",
                                                 tenant.name(), tenant.name());
        }
        commit(current.desiredState().withTenant(tenant));
        return tenant;
    }

    @Override
    public synchronized Tenant replaceTenant(Origin origin, Tenant tenant) {
        existingTenant(NAME, tenant.name());
        commit(current.desiredState().withTenant(tenant));
        return tenant;
    }

    @Override
    public synchronized void removeTenant(Origin origin, String name) {
        existingTenant(NAME, name);
        commit(current.desiredState().withoutTenant(name));
    }

    @Override
    public synchronized Service addService(Origin origin, Service service) {
        if (current.desiredState().service(service.name()).isPresent()) {
            throw new ConflictingChangeException(NAME, "service %s already exists", service.name());
        }
        commit(current.desiredState().withService(service));
        return service;
    }

    @Override
    public synchronized void removeService(Origin origin, String name) {
        DesiredState state = current.desiredState();
        if (state.service(name).isEmpty()) {
            throw new UnknownItemException(NAME, "no service named %s", name);
        }
        List<String> users = state.tenants().stream().filter(t -> t.access(name).isPresent()).map(Tenant::name)
                .collect(Collectors.toList());
        if (!users.isEmpty()) {
            throw new ConflictingChangeException(NAME, "service %s is still used by tenants %s; revoke their access"
                    + " first (DELETE /intents/{tenant}/%s)", name, String.join(", ", users), name);
        }
        commit(state.withoutService(name));
    }

    @Override
    public synchronized AccessIntent grantAccess(Origin origin, String tenant, Access access) {
        Tenant t = existingTenant(TENANT, tenant);
        if (current.desiredState().service(access.service()).isEmpty()) {
            throw new UnknownItemException(SERVICE, "no service named %s", access.service());
        }
        t.access(access.service()).ifPresent(a -> {
            throw new ConflictingChangeException(SERVICE, "tenant %s already reaches service %s at %s (revoke "
                    + "that access first to move the VIP)", tenant, a.service(), a.vip());
        });
        List<Access> granted = ImmutableList.<Access>builder().addAll(t.access()).add(access).build();
        commit(current.desiredState().withTenant(t.toBuilder().access(granted).build()));
        return intents().stream()
                .filter(i -> i.tenant().equals(tenant) && i.service().equals(access.service())
                        && i.state() != AccessIntent.State.WITHDRAWN)
                .findFirst().orElseThrow();
    }

    @Override
    public synchronized void revokeAccess(Origin origin, String tenant, String service) {
        Tenant t = existingTenant(TENANT, tenant);
        if (t.access(service).isEmpty()) {
            throw new UnknownItemException(SERVICE, "tenant %s has no access to service %s", tenant, service);
        }
        List<Access> kept = t.access().stream().filter(a -> !a.service().equals(service))
                .collect(Collectors.toList());
        commit(current.desiredState().withTenant(t.toBuilder().access(kept).build()));
    }

    private Tenant existingTenant(String field, String name) {
        return current.desiredState().tenant(name)
                .orElseThrow(() -> new UnknownItemException(field, "no tenant named %s", name));
    }

    private void commit(DesiredState next) {
        validator.check(next);
        Allocation allocation = allocator.allocate(next, current.allocation());
        Snapshot snapshot = new Snapshot(next, allocation, neighbours.learned());
        store.save(snapshot);
        Snapshot previous = current;
        current = snapshot;
        noteWithdrawnAccesses(previous.desiredState(), next);
        devices.keySet().forEach(this::program);
        resolveNeighbours();
    }

    /**
     * A switch is connected (and, in a cluster, mastered here): reconcile its whole table.
     *
     * @param device switch
     */
    public synchronized void switchConnected(DeviceId device) {
        CompiledPipeline pipeline = compile(device);
        DeviceProgress progress = new DeviceProgress(pipeline);
        devices.put(device, progress);
        long generation = progress.sent(pipeline, pipeline.rules().keySet());
        log.info("{} connected: reconciling {} rules", device, pipeline.allRules().size());
        track(device, generation, southbound.reconcile(device, pipeline.allRules()));
        // MACs kept from before may be stale: ask every neighbour behind this switch again.
        askNeighbours(n -> n.port().deviceId().equals(device));
    }

    /**
     * A switch is gone (or mastered elsewhere): stop programming it.
     *
     * @param device switch
     */
    public synchronized void switchDisconnected(DeviceId device) {
        if (devices.remove(device) != null) {
            withdrawn.removeIf(w -> w.device().equals(device));
            log.info("{} disconnected", device);
        }
    }

    /**
     * A frame reached the controller. An ICMP error is translated, quoted header included, and sent on to the other
     * side. An ARP frame is answered when it asks for one of our addresses, and router and service MACs are learned
     * from it.
     *
     * @param inPort switch port it arrived on
     * @param frame  the frame
     */
    public synchronized void packetIn(ConnectPoint inPort, Ethernet frame) {
        if (frame.getEtherType() == Ethernet.TYPE_IPV4) {
            new IcmpErrorTranslator(new StateNatContext(current.desiredState(), current.allocation(), neighbours))
                    .translate(inPort, frame).ifPresent(error -> southbound.packetOut(error.port(), error.frame()));
            return;
        }
        ArpResponder responder = new ArpResponder(current.desiredState());
        responder.reply(inPort, frame).ifPresent(reply -> southbound.packetOut(inPort, reply));
        responder.learn(inPort, frame, neighbours).ifPresent(n -> {
            log.info("ARP resolved {} at {}", n, frame.getSourceMAC());
            keepLearnedMacs();
            if (devices.containsKey(inPort.deviceId())) {
                program(inPort.deviceId());
            }
        });
    }

    @Override
    public synchronized List<AccessIntent> intents() {
        return intentReport.intents(current.desiredState());
    }

    @Override
    public synchronized Optional<Binding> lookup(Ip4Address translated) {
        return current.allocation().lookup(translated);
    }

    @Override
    public synchronized PoolUsage poolUsage() {
        return PoolMath.usage(current.desiredState().pool(), current.allocation());
    }

    @Override
    public Map<String, TenantStats> stats() {
        Map<DeviceId, CompiledPipeline> pipelines = new HashMap<>();
        DesiredState state;
        synchronized (this) {
            devices.forEach((d, p) -> pipelines.put(d, p.programmed()));
            state = current.desiredState();
        }
        // Counter reads may block on the switch: done outside the lock.
        Map<DeviceId, Collection<FlowEntry>> entries = new HashMap<>();
        pipelines.keySet().forEach(d -> entries.put(d, southbound.flowEntries(d)));
        return new StatsReport(settings).stats(state, pipelines, entries);
    }

    private CompiledPipeline compile(DeviceId device) {
        return compiler.compile(device, current.desiredState(), current.allocation(), neighbours,
                                southbound.capabilities(device));
    }

    private void program(DeviceId device) {
        DeviceProgress progress = devices.get(device);
        CompiledPipeline next = compile(device);
        RuleDelta delta = next.changesFrom(progress.programmed());
        Set<RuleOwner> changed = DeviceProgress.changedOwners(progress.programmed(), next);
        long generation = progress.sent(next, changed);
        if (delta.isEmpty()) {
            confirmed(device, generation, null);
            return;
        }
        log.info("{}: removing {} and adding {} rules for {}", device, delta.toRemove().size(),
                 delta.toAdd().size(), changed);
        track(device, generation, southbound.apply(device, delta));
    }

    private void track(DeviceId device, long generation, CompletableFuture<Void> done) {
        done.whenComplete((ok, error) -> confirmed(device, generation, error));
    }

    private synchronized void confirmed(DeviceId device, long generation, Throwable error) {
        DeviceProgress progress = devices.get(device);
        if (progress == null) {
            return;
        }
        if (error == null) {
            progress.confirmed(generation);
            withdrawn.removeIf(w -> w.device().equals(device) && progress.isConfirmed(w.generation()));
        } else {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            log.warn("{} rejected rules: {}", device, cause.getMessage());
            progress.failed(generation, cause.getMessage());
        }
    }

    private void noteWithdrawnAccesses(DesiredState before, DesiredState after) {
        before.tenants().forEach(t -> t.access().forEach(a -> {
            boolean kept = after.tenant(t.name()).flatMap(n -> n.access(a.service()))
                    .filter(n -> n.vip().equals(a.vip())).isPresent();
            DeviceId device = t.attachment().connectPoint().deviceId();
            DeviceProgress progress = devices.get(device);
            if (!kept && progress != null) {
                // The batch about to be sent to this device removes the access's rules.
                withdrawn.add(new WithdrawnAccess(t.name(), a, device, progress.nextGeneration()));
            }
        }));
    }

    private void keepLearnedMacs() {
        Snapshot withMacs = new Snapshot(current.desiredState(), current.allocation(), neighbours.learned());
        try {
            store.save(withMacs);
            current = withMacs;
        } catch (RuntimeException e) {
            // Only a restart's head start is lost: the MACs are learned again by ARP.
            log.warn("cannot keep learned MACs: {}", e.getMessage());
        }
    }

    private void resolveNeighbours() {
        askNeighbours(n -> neighbours.macOf(n.ip(), n.port(), n.vlan()).isEmpty());
    }

    // Asks, from the provider gateway, the routers and services (whose MAC the document does not give) on
    // connected switches that the filter selects.
    private void askNeighbours(Predicate<ArpNeighbour> which) {
        List<ArpNeighbour> asked;
        ArpResponder responder;
        synchronized (this) {
            responder = new ArpResponder(current.desiredState());
            asked = ImmutableList.copyOf(responder.neighboursToResolve(false).stream()
                    .filter(n -> devices.containsKey(n.port().deviceId()))
                    .filter(which)
                    .iterator());
        }
        asked.forEach(n -> southbound.packetOut(n.port(), responder.request(n)));
    }
}
