package org.tenantnat.runtime;

import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onosproject.core.ApplicationId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.Origin;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatEvent;
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.arp.ArpResponder;
import org.tenantnat.history.ChangeSummary;
import org.tenantnat.icmp.IcmpErrorTranslator;
import org.tenantnat.icmp.StateNatContext;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The host-neutral core of tenantnat, the same in both hosts. A verb is planned (validated and allocated) against
 * the state in force, committed to the host's {@link StateStore} as the records it changes, and applied: the
 * indexes take the records, the owners they touched are compiled again, and only their difference is sent to the
 * switches through the host's {@link Southbound}. Changes other nodes commit arrive from the store and take the
 * same path from "applied". The progress of every switch is recorded in a {@link ProgressStore}, from which the
 * intents' state is read.
 */
public final class TenantNatRuntime implements TenantNatService {

    private static final Logger log = LoggerFactory.getLogger(TenantNatRuntime.class);
    private static final long ARP_RETRY_SECONDS = 2;
    private static final int COMMIT_ATTEMPTS = 20;
    private static final long CATCH_UP_MILLIS = 5000;
    /**
     * Where flows answer ARP, asking known neighbours again is how a silently changed MAC is noticed: each is asked
     * once in this many retry rounds (about a minute), a slice per round, so the replies stay within the switch's
     * ARP meter however many neighbours there are.
     */
    private static final int REFRESH_ROUNDS = 30;

    private final Southbound southbound;
    private final StateStore store;
    private final ProgressStore progress;
    private final PipelineCompiler compiler;
    private final PipelineSettings settings;
    private final EngineState state = new EngineState();
    private final ChangePlanner planner = new ChangePlanner(state);
    private final ArpResponder arp = new ArpResponder(state.desired());
    private final IcmpErrorTranslator icmpErrors = new IcmpErrorTranslator(
            new StateNatContext(state.desired(), state.allocation(), state.neighbours()));
    private final Map<DeviceId, SwitchProgram> programs = new HashMap<>();
    private final IntentReport intentReport;
    private final StateStoreDelegate delegate = this::committedElsewhere;
    private final ThreadFactory timerThreads;
    private final ReconcileRetry retry;
    private final ListenerRegistry<TenantNatEvent, TenantNatListener> listeners = new ListenerRegistry<>();

    private long revision;
    private long refreshRound;
    /** Resolves neighbours by ARP and reconciles switches again after a failed batch. */
    private ScheduledExecutorService timer;

    /**
     * Creates a runtime that keeps the progress of programming in memory (one node programs every switch).
     *
     * @param appId      application id our rules carry
     * @param settings   pipeline tunables
     * @param southbound the switches
     * @param store      the host's single source of truth
     */
    public TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound, StateStore store) {
        this(appId, settings, southbound, store, new LocalProgressStore(), r -> {
            Thread t = new Thread(r, "tenantnat-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates a runtime.
     *
     * @param appId        application id our rules carry
     * @param settings     pipeline tunables
     * @param southbound   the switches
     * @param store        the host's single source of truth
     * @param progress     where the progress of programming each switch is recorded and read
     * @param timerThreads makes the thread that resolves neighbours by ARP and retries failed reconciliations
     */
    public TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound, StateStore store,
                            ProgressStore progress, ThreadFactory timerThreads) {
        this(appId, settings, southbound, store, progress, timerThreads, ReconcileRetry.DEFAULT);
    }

    TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound, StateStore store,
                     ProgressStore progress, ThreadFactory timerThreads, ReconcileRetry retry) {
        this.retry = retry;
        this.southbound = southbound;
        this.store = store;
        this.progress = progress;
        this.settings = settings;
        this.timerThreads = timerThreads;
        this.compiler = new PipelineCompiler(appId, settings);
        this.intentReport = new IntentReport(progress, southbound::isAvailable);
    }

    /**
     * Loads the stored state, programs the switches already connected and starts resolving neighbours.
     */
    public void start() {
        store.setDelegate(delegate);
        synchronized (this) {
            StoredState stored = store.load();
            apply(stored.revision(), stored.records(), false);
            log.info("started at revision {} with {} tenants, {} services", revision,
                     state.desired().tenants().size(), state.desired().services().size());
            southbound.switches().forEach(this::switchConnected);
            timer = Executors.newSingleThreadScheduledExecutor(timerThreads);
            timer.scheduleWithFixedDelay(this::resolveNeighbours, ARP_RETRY_SECONDS, ARP_RETRY_SECONDS,
                                            TimeUnit.SECONDS);
        }
    }

    /**
     * Stops resolving neighbours and hearing of other writers' changes. Rules stay on the switches.
     */
    public synchronized void stop() {
        store.unsetDelegate(delegate);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /**
     * Returns the revision of the state in force.
     *
     * @return revision of the last change applied
     */
    public synchronized long revision() {
        return revision;
    }

    @Override
    public void addListener(TenantNatListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(TenantNatListener listener) {
        listeners.removeListener(listener);
    }

    @Override
    public synchronized DesiredState desiredState() {
        return state.desired().document();
    }

    @Override
    public synchronized Allocation allocation() {
        return state.allocation().allocation();
    }

    @Override
    public synchronized List<AccessIntent> intents() {
        return intentReport.intents(state.desired());
    }

    @Override
    public synchronized Optional<Binding> lookup(Ip4Address translated) {
        return state.allocation().lookup(translated);
    }

    @Override
    public synchronized PoolUsage poolUsage() {
        return state.allocation().usage();
    }

    @Override
    public Map<String, TenantStats> stats() {
        Set<DeviceId> devices;
        List<String> tenants;
        Map<Integer, String> byId = new HashMap<>();
        synchronized (this) {
            devices = state.desired().devices();
            tenants = state.desired().tenants().stream().map(Tenant::name).collect(Collectors.toList());
            state.desired().tenants().forEach(t -> byId.put(t.id(), t.name()));
        }
        // Counter reads may block on the switch: done outside the lock.
        List<FlowEntry> entries = new ArrayList<>();
        devices.forEach(d -> entries.addAll(southbound.flowEntries(d)));
        return new StatsReport(settings).stats(tenants, id -> byId.getOrDefault(id, ""), entries);
    }

    @Override
    public DesiredState replaceState(Origin origin, DesiredState next) {
        return write(() -> planner.replaceState(origin, next), () -> state.desired().document());
    }

    @Override
    public Tenant addTenant(Origin origin, Tenant tenant) {
        return write(() -> planner.addTenant(origin, tenant), () -> tenant);
    }

    @Override
    public Tenant replaceTenant(Origin origin, Tenant tenant) {
        return write(() -> planner.replaceTenant(origin, tenant), () -> tenant);
    }

    @Override
    public void removeTenant(Origin origin, String name) {
        write(() -> planner.removeTenant(origin, name), () -> name);
    }

    @Override
    public Service addService(Origin origin, Service service) {
        return write(() -> planner.addService(origin, service), () -> service);
    }

    @Override
    public void removeService(Origin origin, String name) {
        write(() -> planner.removeService(origin, name), () -> name);
    }

    @Override
    public AccessIntent grantAccess(Origin origin, String tenant, Access access) {
        return write(() -> planner.grantAccess(origin, tenant, access),
                     () -> intentReport.intent(state.desired().tenant(tenant).orElseThrow(), access));
    }

    @Override
    public void revokeAccess(Origin origin, String tenant, String service) {
        write(() -> planner.revokeAccess(origin, tenant, service), () -> tenant);
    }

    /**
     * A switch is connected (and, in a cluster, mastered here): reconcile its whole table.
     *
     * @param device switch
     */
    public synchronized void switchConnected(DeviceId device) {
        SwitchProgram program = new SwitchProgram(compiler.forSwitch(device, southbound.capabilities(device)),
                                                  progress, retry.forSwitch());
        SwitchProgram previous = programs.put(device, program);
        if (previous != null) {
            previous.forget();
        }
        SwitchProgram.Batch batch = program.reconcile(state);
        log.info("{} connected: reconciling {} rules", device, batch.all().size());
        track(program, batch.generation(), southbound.reconcile(device, batch.all()));
        // MACs kept from before may be stale: ask every neighbour behind this switch again.
        askNeighbours(n -> n.port().deviceId().equals(device));
    }

    /**
     * A switch is gone (or mastered elsewhere): stop programming it.
     *
     * @param device switch
     */
    public synchronized void switchDisconnected(DeviceId device) {
        SwitchProgram program = programs.remove(device);
        if (program != null) {
            program.forget();
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
            icmpErrors.translate(inPort, frame).ifPresent(error -> southbound.packetOut(error.port(), error.frame()));
            return;
        }
        arp.reply(inPort, frame).ifPresent(reply -> southbound.packetOut(inPort, reply));
        arp.learn(inPort, frame).ifPresent(heard -> {
            try {
                write(() -> planner.learned(heard.neighbour(), heard.mac()).orElse(StateChange.builder(Origin.SYSTEM)
                        .build()), () -> heard);
            } catch (StateStoreException e) {
                // The MAC still serves until a restart: the store keeps only a restart's head start.
                log.warn("cannot keep {}: {}", heard, e.getMessage());
            }
        });
    }

    // Plans, commits and applies a change; when another writer committed first, catches up and plans again.
    private <T> T write(Supplier<StateChange> plan, Supplier<T> result) {
        synchronized (this) {
            for (int attempt = 1; ; attempt++) {
                StateChange change = plan.get();
                if (change.isEmpty()) {
                    return result.get();
                }
                try {
                    long committed = store.commit(revision, change);
                    apply(committed, change, true);
                    return result.get();
                } catch (ConcurrentChangeException e) {
                    if (attempt == COMMIT_ATTEMPTS) {
                        throw new StateStoreException("gave up after " + attempt + " attempts: other writers kept "
                                                              + "committing first", e);
                    }
                    awaitRevision(e.latest());
                }
            }
        }
    }

    // Waits, lock released, until changes committed elsewhere up to a revision have been applied here.
    private void awaitRevision(long wanted) {
        long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
        while (revision < wanted) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                resync();
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateStoreException("interrupted while catching up to revision " + wanted, e);
            }
        }
    }

    private synchronized void committedElsewhere(StateEvent event) {
        if (event.revision() <= revision) {
            return;
        }
        if (event.revision() == revision + 1) {
            apply(event.revision(), event.subject(), false);
        } else {
            log.warn("missed changes between revisions {} and {}: reloading the state", revision, event.revision());
            resync();
        }
    }

    // Brings the state in force to what the store holds now, as one change.
    private void resync() {
        StoredState stored = store.load();
        apply(stored.revision(), StateDifference.between(state, stored.records()), false);
    }

    // The applying step: indexes, then only the touched owners of each programmed switch are compiled and sent.
    // Listeners hear what the change did, described against the state before it.
    private void apply(long committed, StateChange change, boolean committedHere) {
        List<String> summary = ChangeSummary.describe(state.desired(), change);
        Touched touched = state.apply(change);
        revision = committed;
        Map<DeviceId, List<Touched.Withdrawal>> withdrawn = touched.withdrawals().stream()
                .collect(Collectors.groupingBy(Touched.Withdrawal::device));
        for (SwitchProgram program : programs.values()) {
            DeviceId device = program.device();
            Collection<RuleOwner> owners = touched.everything() ? everyOwner(program) : touched.owners().get(device);
            List<Touched.Withdrawal> gone = withdrawn.getOrDefault(device, List.of());
            if (!owners.isEmpty() || !gone.isEmpty()) {
                send(program, program.recompile(owners, state, gone));
            }
        }
        askNew(change);
        notifyAll();
        listeners.process(new TenantNatEvent(committed, change, summary, committedHere));
    }

    private Set<RuleOwner> everyOwner(SwitchProgram program) {
        Set<RuleOwner> owners = new HashSet<>(program.sent().owners().keySet());
        owners.add(RuleOwner.SHARED);
        for (Tenant t : state.tenantsOn(program.device())) {
            owners.add(RuleOwner.tenant(t.name()));
            t.access().forEach(a -> owners.add(RuleOwner.access(t.name(), a.service())));
        }
        return owners;
    }

    private void send(SwitchProgram program, SwitchProgram.Batch batch) {
        if (batch.delta().isEmpty()) {
            program.confirmed(batch.generation());
            return;
        }
        log.debug("{}: removing {} and adding {} rules", program.device(), batch.delta().toRemove().size(),
                  batch.delta().toAdd().size());
        track(program, batch.generation(), southbound.apply(program.device(), batch.delta()));
    }

    private void track(SwitchProgram program, long generation, CompletableFuture<Void> done) {
        done.whenComplete((ok, error) -> confirmed(program, generation, error));
    }

    private synchronized void confirmed(SwitchProgram program, long generation, Throwable error) {
        if (programs.get(program.device()) != program) {
            return;
        }
        if (error == null) {
            program.confirmed(generation);
            program.retry().succeeded();
        } else {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            log.warn("{} rejected rules: {}", program.device(), cause.getMessage());
            program.failed(generation, cause.getMessage());
            program.retry().failed().ifPresent(wait -> reconcileLater(program, wait));
        }
    }

    private void reconcileLater(SwitchProgram program, Duration wait) {
        if (timer == null) {
            return;
        }
        log.info("{}: reconciling again in {} ms", program.device(), wait.toMillis());
        timer.schedule(() -> reconcileAgain(program), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reconcileAgain(SwitchProgram program) {
        program.retry().started();
        if (programs.get(program.device()) != program) {
            return;
        }
        SwitchProgram.Batch batch = program.reconcile(state);
        log.info("{}: reconciling {} rules again after a failed batch", program.device(), batch.all().size());
        track(program, batch.generation(), southbound.reconcile(program.device(), batch.all()));
    }

    // Asks at once for the routers and services a change added or moved, rather than at the next retry.
    private void askNew(StateChange change) {
        List<Neighbour> asked = new ArrayList<>();
        change.tenants().values().forEach(t -> t.filter(x -> x.routerMac().isEmpty())
                .ifPresent(x -> asked.add(Neighbour.routerOf(x))));
        change.services().values().forEach(v -> v.filter(x -> x.mac().isEmpty())
                .ifPresent(x -> asked.add(Neighbour.of(x))));
        for (Neighbour n : asked) {
            if (programs.containsKey(n.port().deviceId()) && state.neighbours().macOf(n).isEmpty()) {
                arp.request(n).ifPresent(request -> southbound.packetOut(n.port(), request));
            }
        }
    }

    private void resolveNeighbours() {
        int slice = (int) (refreshRound++ % REFRESH_ROUNDS);
        askNeighbours(n -> state.neighbours().macOf(n).isEmpty()
                || Math.floorMod(n.hashCode(), REFRESH_ROUNDS) == slice);
    }

    // Asks, from the provider gateway, the routers and services (whose MAC the document does not give) on
    // programmed switches that the filter selects.
    private void askNeighbours(Predicate<Neighbour> which) {
        List<Ethernet> requests = new ArrayList<>();
        List<ConnectPoint> ports = new ArrayList<>();
        synchronized (this) {
            for (Neighbour n : arp.neighboursToResolve()) {
                if (programs.containsKey(n.port().deviceId()) && which.test(n)) {
                    arp.request(n).ifPresent(request -> {
                        requests.add(request);
                        ports.add(n.port());
                    });
                }
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            southbound.packetOut(ports.get(i), requests.get(i));
        }
    }
}
