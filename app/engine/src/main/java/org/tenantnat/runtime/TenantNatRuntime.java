package org.tenantnat.runtime;

import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.core.ApplicationId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.FabricView;
import org.tenantnat.api.Origin;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatEvent;
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.arp.ArpResponder;
import org.tenantnat.binding.BindingAudit;
import org.tenantnat.binding.BindingHistory;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.binding.BindingPlan;
import org.tenantnat.binding.PoolPressure;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.history.ChangeSummary;
import org.tenantnat.icmp.IcmpErrorTranslator;
import org.tenantnat.icmp.StateNatContext;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;
import org.tenantnat.pipeline.RuleCookie;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
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
 * <p>
 * Hosts of dynamic and pat tenants are bound on their first packet: the switch sends it here (metered), the
 * {@link Binder} plans a binding, commits it as one record (a burst of first packets as one commit), the host's own
 * rules are compiled and sent, and the packet is released through the switch's pipeline once the switch confirmed
 * them. A binding ends when the switch reports its host's rule removed as idle; its slot is then held down. Every
 * binding and static block this node commits is written to the audit trail ({@link BindingHistory}).
 */
public final class TenantNatRuntime implements TenantNatService, BindingService {

    private static final Logger log = LoggerFactory.getLogger(TenantNatRuntime.class);
    private static final long ARP_RETRY_SECONDS = 2;
    private static final int COMMIT_ATTEMPTS = 30;
    private static final long CATCH_UP_MILLIS = 5000;
    /** How often ended bindings past their hold-down are dropped from the store. */
    private static final long SWEEP_SECONDS = 30;
    /** How often the audit trail drops records past its retention. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /**
     * Where flows answer ARP, asking known neighbours again is how a silently changed MAC is noticed: each is asked
     * once in this many retry rounds (about a minute), a slice per round, so the replies stay within the switch's
     * ARP meter however many neighbours there are.
     */
    private static final int REFRESH_ROUNDS = 30;
    /**
     * A new router or service is asked again this many milliseconds after its rules were sent, while its MAC stays
     * unknown: Open vSwitch revalidates its datapath flows after it confirmed new rules, and meanwhile a flow cached
     * from the rules before (e.g. the drop of a removed tenant on the same port) can drop the first reply, which
     * then costs a whole retry round.
     */
    private static final long[] ASK_AGAIN_MILLIS = {100, 300, 700};

    private final Southbound southbound;
    private final StateStore store;
    private final ProgressStore progress;
    private final PipelineCompiler compiler;
    private final PipelineSettings settings;
    private final EngineState state = new EngineState();
    private final ChangePlanner planner = new ChangePlanner(state, this::connectedSwitch);
    private final ArpResponder arp = new ArpResponder(state.desired());
    private final IcmpErrorTranslator icmpErrors = new IcmpErrorTranslator(
            new StateNatContext(state.desired(), state.allocation(), state.neighbours(), state.bindings(),
                                state::fabric));
    private final Map<DeviceId, SwitchProgram> programs = new HashMap<>();
    private final IntentReport intentReport;
    private final StateStoreDelegate delegate = this::committedElsewhere;
    private final ThreadFactory timerThreads;
    private final ReconcileRetry retry;
    private final ListenerRegistry<TenantNatEvent, TenantNatListener> listeners = new ListenerRegistry<>();

    private final BindingHistory history;
    private final Clock clock;
    private final PoolPressure pressure;
    private final Binder binder;
    /** When a host's rules were last sent again because it sent while bound: an idle report before is stale. */
    private final Map<RuleOwner, Instant> refreshed = new HashMap<>();
    /**
     * Each pat host's newest port block on its way to the switch: a packet the tracker refused that reached us before
     * the switch confirmed it is one of an older block.
     */
    private final Map<RuleOwner, NewestBlock> newestBlock = new HashMap<>();
    /**
     * What the runtime still has to note of batches the switches confirmed while the binder held its lock: the
     * thread that hears a confirmation does not wait for a whole batch of bindings to be committed; the binder
     * settles them as it lets go.
     */
    private final Queue<Runnable> unsettled = new ConcurrentLinkedQueue<>();
    /** True while the binder binds a batch or waits to. */
    private volatile boolean binding;
    private final PortBlockRetries retries = new PortBlockRetries();

    private long revision;
    private long refreshRound;
    private Instant lastPrune = Instant.EPOCH;
    /** Resolves neighbours by ARP, sweeps held-down bindings and reconciles switches again after a failed batch. */
    private ScheduledExecutorService timer;
    /**
     * Collects what the change being applied sends to each switch, for packets to release after it: they leave once
     * the switch confirmed the last batch that changes rules.
     */
    private Map<DeviceId, CompletableFuture<Void>> sending;

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
        this(appId, settings, southbound, store, progress, timerThreads, BindingOptions.inMemory());
    }

    TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound, StateStore store,
                     ProgressStore progress, ThreadFactory timerThreads, ReconcileRetry retry) {
        this(appId, settings, southbound, store, progress, timerThreads, BindingOptions.inMemory(), retry);
    }

    /**
     * Creates a runtime that keeps an audit trail of its own.
     *
     * @param appId        application id our rules carry
     * @param settings     pipeline tunables
     * @param southbound   the switches
     * @param store        the host's single source of truth
     * @param progress     where the progress of programming each switch is recorded and read
     * @param timerThreads makes the threads that resolve neighbours by ARP and bind hosts
     * @param bindings     audit trail, clock and alarm threshold of bindings
     */
    public TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound, StateStore store,
                            ProgressStore progress, ThreadFactory timerThreads, BindingOptions bindings) {
        this(appId, settings, southbound, store, progress, timerThreads, bindings, ReconcileRetry.DEFAULT);
    }

    private TenantNatRuntime(ApplicationId appId, PipelineSettings settings, Southbound southbound,
                             StateStore store, ProgressStore progress, ThreadFactory timerThreads,
                             BindingOptions bindings, ReconcileRetry retry) {
        this.history = bindings.history();
        this.clock = bindings.clock();
        this.pressure = new PoolPressure(bindings.alarmPercent());
        this.binder = new Binder(this::bind, southbound, bindings.setupObserver());
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
            auditStart();
            southbound.switches().forEach(this::switchConnected);
            timer = Executors.newSingleThreadScheduledExecutor(timerThreads);
            timer.scheduleWithFixedDelay(this::resolveNeighbours, ARP_RETRY_SECONDS, ARP_RETRY_SECONDS,
                                            TimeUnit.SECONDS);
            timer.scheduleWithFixedDelay(this::sweepBindings, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
            binder.start(timerThreads);
        }
    }

    // The trail is brought in line with the state: a host killed between a commit and its entries loses none.
    private void auditStart() {
        Instant now = now();
        try {
            int written = BindingAudit.reconcile(history, state.bindings().inForce(),
                                                 state.allocation().allocation().byTenant(), now);
            if (written > 0) {
                log.info("audit trail brought in line with the state: {} records begun or ended", written);
            }
            prune(now);
        } catch (RuntimeException e) {
            log.warn("audit trail not brought in line with the state: {}", e.getMessage());
        }
    }

    /**
     * Stops resolving neighbours and hearing of other writers' changes. Rules stay on the switches.
     */
    public synchronized void stop() {
        binder.stop();
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
        return intentReport.intents(state);
    }

    @Override
    public synchronized Optional<Binding> lookup(Ip4Address translated) {
        Optional<Binding> found = state.allocation().lookup(translated);
        return found.isPresent() ? found : state.bindings().inForceAt(translated).stream().findFirst();
    }

    @Override
    public synchronized List<Binding> bindings(Optional<String> tenant) {
        return state.bindings().inForce().stream().filter(b -> tenant.map(b.tenant()::equals).orElse(true))
                .collect(Collectors.toList());
    }

    @Override
    public List<Binding> lookup(Ip4Address translated, int port, Instant at) {
        return history.at(translated, port, at).stream().map(r -> r.answer(translated))
                .collect(Collectors.toList());
    }

    @Override
    public List<BindingRecord> history(Optional<String> tenant, Instant from, Instant to) {
        return history.between(tenant.orElse(null), from, to);
    }

    @Override
    public synchronized List<BindingUsage> usage() {
        List<BindingUsage> usage = new ArrayList<>();
        Instant now = now();
        for (Tenant t : state.desired().tenants()) {
            Optional<Ip4Prefix> block = state.allocation().poolBlock(t.name());
            if (t.translation().bindsHosts() && block.isPresent()) {
                usage.add(pressure.usage(t.name(), t.translation().mode(), block.get(),
                                         state.bindings().capacity(t.name()), state.bindings().slotsInUse(t.name()),
                                         state.bindings().hostCount(t.name()),
                                         state.bindings().heldDown(t.name(), now,
                                                                   t.translation().holdDownSeconds())));
            }
        }
        return usage;
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
                     () -> intentReport.intent(state.desired().tenant(tenant).orElseThrow(), access, state));
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
            dropQueued(previous);
        }
        // Declared links to this switch come up with it: its own rules are compiled over them at once.
        Touched moved = state.fabric(currentFabric());
        SwitchProgram.Batch batch = program.reconcile(state);
        log.info("{} connected: reconciling {} rules", device, batch.all().size());
        track(program, batch, program.left(batch, southbound.reconcile(device, batch.all())));
        rollOut(List.of(moved));
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
            dropQueued(program);
            log.info("{} disconnected", device);
        }
        topologyChanged();
    }

    /**
     * The links between switches, or the state of their ports, changed: paths are computed again and, where they
     * moved, routes are moved to them, new ones installed before old ones are removed.
     */
    public synchronized void topologyChanged() {
        rollOut(List.of(state.fabric(currentFabric())));
    }

    @Override
    public synchronized FabricView topology() {
        DesiredStateIndex desired = state.desired();
        Set<DeviceId> devices = new TreeSet<>(Comparator.comparing(DeviceId::toString));
        devices.addAll(desired.devices());
        devices.addAll(southbound.switches());
        state.fabric().links().forEach(l -> {
            devices.add(l.src().deviceId());
            devices.add(l.dst().deviceId());
        });
        List<FabricView.Switch> switches = devices.stream()
                .map(d -> new FabricView.Switch(d, southbound.isAvailable(d), desired.tenantsOn(d).size(),
                                                desired.servicesOn(d).size()))
                .collect(Collectors.toList());
        return new FabricView(switches, state.fabric().links());
    }

    // The fabric as the host sees it now, with the links the desired state declares.
    private Fabric currentFabric() {
        DesiredStateIndex desired = state.desired();
        return Fabric.of(southbound.links(), desired.links(), southbound::isAvailable, southbound::isPortUp,
                         port -> attachmentAt(desired, port));
    }

    private static Optional<String> attachmentAt(DesiredStateIndex desired, ConnectPoint port) {
        Optional<String> tenant = desired.tenantsOnPort(port).stream().sorted().findFirst();
        if (tenant.isPresent()) {
            return Optional.of("tenant " + tenant.get());
        }
        return desired.servicesAt(port).stream().sorted().findFirst().map(s -> "service " + s);
    }

    /**
     * A frame reached the controller. An ICMP error is translated, quoted header included, and sent on to the other
     * side. An ARP frame is answered when it asks for one of our addresses, and router and service MACs are learned
     * from it.
     *
     * @param inPort switch port it arrived on
     * @param frame  the frame
     */
    public void packetIn(ConnectPoint inPort, Ethernet frame) {
        packetIn(inPort, frame, 0);
    }

    /**
     * A frame reached the controller, with the cookie of the rule that sent it. As {@link #packetIn(ConnectPoint,
     * Ethernet)}; besides, an IPv4 packet sent by a rule of a dynamic or pat tenant asks for a binding: it goes to
     * the binder, which binds its host and releases it through the pipeline.
     *
     * @param inPort switch port it arrived on
     * @param frame  the frame
     * @param cookie cookie of the rule that sent it, 0 when unknown
     */
    public void packetIn(ConnectPoint inPort, Ethernet frame, long cookie) {
        // Queued without the runtime's lock: the binder holds it while it commits a batch, and a switch's channel
        // thread that waited for it would stop reading, so the switch would drop the packet-ins it could not send.
        if (frame.getEtherType() == Ethernet.TYPE_IPV4 && !isIcmpError(frame)) {
            if (cookie != 0) {
                binder.request(new Binder.Request(inPort, frame, cookie));
            }
            return;
        }
        controlPacketIn(inPort, frame);
    }

    // ICMP errors to translate, and ARP to answer and learn from.
    private synchronized void controlPacketIn(ConnectPoint inPort, Ethernet frame) {
        if (frame.getEtherType() == Ethernet.TYPE_IPV4) {
            icmpErrors.translate(inPort, frame).ifPresent(error -> {
                if (error.throughPipeline()) {
                    southbound.packetThroughPipeline(error.port(), error.frame());
                } else {
                    southbound.packetOut(error.port(), error.frame());
                }
            });
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

    // Bindings and audit records are timed to the millisecond: what their JSON shows.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isIcmpError(Ethernet frame) {
        return frame.getPayload() instanceof IPv4 && frame.getPayload().getPayload() instanceof ICMP
                && IcmpErrorTranslator.ERROR_TYPES.contains(((ICMP) frame.getPayload().getPayload()).getIcmpType());
    }

    /**
     * Waits until every packet that asked for a binding so far has been bound, refused or dropped: for tests and
     * tools that send a first packet and then look at the bindings.
     *
     * @param timeoutMillis most time to wait
     * @return true when every such packet was handled in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitBindings(long timeoutMillis) throws InterruptedException {
        return binder.awaitIdle(timeoutMillis);
    }

    /**
     * A switch removed one of our rules because no packet matched it for its idle timeout. When it is a host's
     * binding rule, the host's bindings end and their slots are held down.
     *
     * @param device switch
     * @param rule   the rule, as the host reports it (cookie, table, match)
     */
    public synchronized void ruleRemoved(DeviceId device, FlowRule rule) {
        if (rule.tableId() != settings.tableId(PipelineTable.SOURCE_TRANSLATION)) {
            return;
        }
        Optional<Tenant> tenant = state.desired().tenantWithId(RuleCookie.tenantOf(rule.id()))
                .flatMap(state.desired()::tenant).filter(t -> t.translation().bindsHosts());
        Optional<Ip4Address> host = sourceHost(rule);
        SwitchProgram program = programs.get(device);
        if (tenant.isEmpty() || host.isEmpty() || program == null) {
            return;
        }
        RuleOwner owner = RuleOwner.binding(tenant.get().name(), host.get());
        boolean current = program.sent(owner).rules().stream()
                .anyMatch(r -> r.id().equals(rule.id()) && r.equals(rule) && r.treatment().equals(rule.treatment()));
        Instant now = now();
        Instant resent = refreshed.get(owner);
        if (!current || (resent != null && resent.plusSeconds(tenant.get().translation().idleTimeoutSeconds())
                .isAfter(now))) {
            log.debug("{}: stale idle report of {}'s rule", device, owner);
            return;
        }
        refreshed.remove(owner);
        newestBlock.remove(owner);
        retries.forget(owner);
        try {
            write(() -> {
                BindingPlan plan = new BindingPlan(state.bindings(), now());
                List<Binding> ended = plan.idle(tenant.get().name(), host.get());
                log.debug("{} idle: ended {}", owner, ended);
                return plan.change();
            }, () -> null);
        } catch (StateStoreException e) {
            log.warn("cannot end the bindings of {}: {}", owner, e.getMessage());
        }
    }

    private static Optional<Ip4Address> sourceHost(FlowRule rule) {
        Criterion c = rule.selector().getCriterion(Criterion.Type.IPV4_SRC);
        if (!(c instanceof IPCriterion) || ((IPCriterion) c).ip().prefixLength() != Ip4Prefix.MAX_MASK_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(((IPCriterion) c).ip().address().getIp4Address());
    }

    // Binds the hosts of a batch of packets with one commit; returns the packets to release. What switches confirmed
    // meanwhile is settled as the lock is let go.
    private List<Binder.Release> bind(List<Binder.Request> batch) {
        binding = true;
        try {
            return bindNow(batch);
        } finally {
            binding = false;
            settle();
        }
    }

    private synchronized List<Binder.Release> bindNow(List<Binder.Request> batch) {
        Map<Binder.Request, BindingPlan.Outcome> outcomes = new LinkedHashMap<>();
        Map<Binder.Request, Tenant> tenants = new HashMap<>();
        Set<Binder.Request> refusedByTracker = new HashSet<>();
        Map<DeviceId, CompletableFuture<Void>> sent = new HashMap<>();
        sending = sent;
        try {
            write(() -> {
                outcomes.clear();
                refusedByTracker.clear();
                BindingPlan plan = new BindingPlan(state.bindings(), now());
                for (Binder.Request r : batch) {
                    bindingTenant(r).ifPresent(t -> {
                        tenants.put(r, t);
                        Ip4Prefix block = state.allocation().poolBlock(t.name()).orElseThrow();
                        IPv4 packet = (IPv4) r.frame().getPayload();
                        Ip4Address host = Ip4Address.valueOf(packet.getSourceAddress());
                        if (!usedUp(r, t)) {
                            outcomes.put(r, plan.firstPacket(t, block, host));
                            return;
                        }
                        refusedByTracker.add(r);
                        boolean onceMore = inFlight(t, host, r.received())
                                || retries.retry(RuleOwner.binding(t.name(), host), packet);
                        outcomes.put(r, plan.portBlockUsedUp(t, block, host, onceMore));
                    });
                }
                return plan.change();
            }, () -> null);
        } finally {
            sending = null;
        }
        List<Binder.Release> releases = new ArrayList<>();
        Map<RuleOwner, CompletableFuture<Void>> resent = new HashMap<>();
        outcomes.forEach((r, outcome) -> {
            Tenant t = tenants.get(r);
            if (!outcome.isBound()) {
                pressure.refused(t.name(), outcome.refusal().orElseThrow(), outcome.reason().orElseThrow());
                return;
            }
            DeviceId device = t.edge();
            CompletableFuture<Void> confirmed = outcome.made() ? sent.get(device) : null;
            if (outcome.made() && confirmed != null && t.translation().mode() == TranslationPolicy.Mode.PAT) {
                awaitBlock(RuleOwner.binding(t.name(), outcome.bound().get(0).original()), confirmed);
            }
            RuleOwner owner = RuleOwner.binding(t.name(), outcome.bound().get(0).original());
            if (confirmed == null && refusedByTracker.contains(r)) {
                // Through the host's newest block, once the switch confirmed it.
                NewestBlock newest = newestBlock.get(owner);
                confirmed = newest != null ? newest.confirmation : CompletableFuture.completedFuture(null);
            }
            if (confirmed == null) {
                // Bound already: the switch lost the host's rules (idle just as it sent again) or has not got them.
                confirmed = resent.computeIfAbsent(owner, this::resend);
            }
            if (confirmed != null) {
                releases.add(new Binder.Release(r, t.attachment().connectPoint(), tagged(r.frame(), t), confirmed));
            }
        });
        return releases;
    }

    // The dynamic or pat tenant a packet asks a binding of: named by the rule's cookie, attached where it came in,
    // and sent toward one of its VIPs from one of its prefixes.
    private Optional<Tenant> bindingTenant(Binder.Request r) {
        if (!(r.frame().getPayload() instanceof IPv4)) {
            return Optional.empty();
        }
        IPv4 ip = (IPv4) r.frame().getPayload();
        Ip4Address source = Ip4Address.valueOf(ip.getSourceAddress());
        Ip4Address destination = Ip4Address.valueOf(ip.getDestinationAddress());
        return state.desired().tenantWithId(RuleCookie.tenantOf(FlowId.valueOf(r.cookie())))
                .flatMap(state.desired()::tenant)
                .filter(t -> t.translation().bindsHosts()
                        && t.attachment().connectPoint().equals(r.inPort())
                        && state.allocation().poolBlock(t.name()).isPresent()
                        && t.prefixes().stream().anyMatch(p -> p.contains(source))
                        && t.access().stream().anyMatch(a -> a.vip().equals(destination)));
    }

    // Whether a packet the tracker refused reached us before the switch confirmed the host's newest port block.
    private boolean inFlight(Tenant t, Ip4Address host, long received) {
        NewestBlock newest = newestBlock.get(RuleOwner.binding(t.name(), host));
        return newest != null && !newest.confirmedBefore(received);
    }

    // Notes that a pat host's newest block is on its way to the switch, and when the switch confirmed it.
    private void awaitBlock(RuleOwner owner, CompletableFuture<Void> confirmed) {
        NewestBlock newest = new NewestBlock(confirmed);
        newestBlock.put(owner, newest);
        retries.forget(owner);
        confirmed.whenComplete((ok, error) -> newest.confirmedNow());
    }

    /** A pat host's newest port block: its confirmation, and when it came (taken without the runtime's lock). */
    private static final class NewestBlock {
        private final CompletableFuture<Void> confirmation;
        private volatile boolean confirmed;
        private volatile long confirmedAt;

        NewestBlock(CompletableFuture<Void> confirmation) {
            this.confirmation = confirmation;
        }

        void confirmedNow() {
            confirmedAt = System.nanoTime();
            confirmed = true;
        }

        /** Whether the switch had confirmed the block before a time ({@link System#nanoTime()}). */
        boolean confirmedBefore(long nanos) {
            return confirmed && confirmedAt <= nanos;
        }
    }

    // A pat host's packet the tracker could not translate comes from the tenant's punt in the service access table.
    private boolean usedUp(Binder.Request r, Tenant t) {
        SwitchProgram program = programs.get(t.edge());
        int table = settings.tableId(PipelineTable.SERVICE_ACCESS);
        return program != null && program.sent(RuleOwner.tenant(t.name())).rules().stream()
                .anyMatch(rule -> rule.id().value() == r.cookie() && rule.tableId() == table);
    }

    // Sends a bound host's rules again; the future completes when the switch confirmed them.
    private CompletableFuture<Void> resend(RuleOwner owner) {
        Tenant t = state.desired().tenant(owner.tenant().orElseThrow()).orElseThrow();
        SwitchProgram program = programs.get(t.edge());
        if (program == null) {
            return null;
        }
        refreshed.put(owner, now());
        SwitchProgram.Batch batch = program.resend(owner);
        Rollout rollout = new Rollout(this::pump);
        rollout.add(program, List.of(batch));
        rollout.start();
        return batch.confirmation();
    }

    // The frame as it came in on the attachment: the classifier had taken its VLAN tag off.
    private static Ethernet tagged(Ethernet frame, Tenant t) {
        Ethernet copy = frame.duplicate();
        copy.setVlanID(t.attachment().isTagged() ? t.attachment().vlan().toShort() : Ethernet.VLAN_UNTAGGED);
        return copy;
    }

    // Drops ended bindings past their hold-down, and audit records past their retention.
    private void sweepBindings() {
        try {
            write(() -> {
                BindingPlan plan = new BindingPlan(state.bindings(), now());
                state.desired().tenants().stream().filter(t -> t.translation().bindsHosts())
                        .forEach(t -> plan.dropHeldDown(t.name(), t.translation().holdDownSeconds()));
                return plan.change();
            }, () -> null);
            Instant now = now();
            if (now.isAfter(lastPrune.plus(PRUNE_EVERY))) {
                prune(now);
            }
        } catch (RuntimeException e) {
            log.warn("sweeping bindings failed: {}", e.getMessage());
        }
    }

    private void prune(Instant now) {
        lastPrune = now;
        int dropped = history.prune(now);
        if (dropped > 0) {
            log.info("audit trail: {} records past retention dropped", dropped);
        }
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
                    BindingAudit.Entries audit = BindingAudit.of(change, state.bindings(), state.allocation(),
                                                                 now());
                    apply(committed, change, true);
                    writeAudit(audit);
                    return result.get();
                } catch (ConcurrentChangeException e) {
                    if (attempt == COMMIT_ATTEMPTS) {
                        throw new StateStoreException("gave up after " + attempt + " attempts: other writers kept "
                                                              + "committing first", e);
                    }
                    awaitRevision(e.latest());
                    backOff(attempt);
                }
            }
        }
    }

    // A writer that lost a race waits a random, growing while (lock released) before planning again: without it,
    // under contention the same writers kept winning and one could lose every attempt.
    private void backOff(int attempt) {
        long until = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 5)));
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateStoreException("interrupted while waiting to commit again", e);
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

    private void writeAudit(BindingAudit.Entries audit) {
        if (audit.isEmpty()) {
            return;
        }
        try {
            audit.writeTo(history);
        } catch (RuntimeException e) {
            // The change holds: the trail is brought in line with the state at the next start.
            log.warn("audit trail not written: {}", e.getMessage());
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
        List<ConntrackZone> ended = ConntrackZone.endedBy(state.desired(), change);
        Touched touched = state.apply(change);
        revision = committed;
        // A change can declare links, or attach something where a link was discovered.
        Touched moved = state.fabric(currentFabric());
        Map<DeviceId, CompletableFuture<Void>> sent = rollOut(List.of(touched, moved));
        ended.forEach(z -> forgetConnections(z, sent.get(z.device())));
        observeBindings(change);
        askNew(change);
        notifyAll();
        listeners.process(new TenantNatEvent(committed, change, summary, committedHere));
    }

    // A pat tenant's zone is flushed once the switch confirmed that its rules are gone: no packet commits to it after.
    private void forgetConnections(ConntrackZone zone, CompletableFuture<Void> removed) {
        (removed != null ? removed : CompletableFuture.<Void>completedFuture(null))
                .whenComplete((ok, error) -> southbound.forgetConnections(zone.device(), zone.zone()));
    }

    // Compiles again what the changes touched on every programmed switch and sends it, stage by stage; returns, per
    // switch whose rules change, the confirmation of the last batch sent to it (also noted in sending, when a first
    // packet's binding waits for it).
    private Map<DeviceId, CompletableFuture<Void>> rollOut(List<Touched> changes) {
        Map<DeviceId, List<Touched.Withdrawal>> withdrawn = changes.stream()
                .flatMap(t -> t.withdrawals().stream()).collect(Collectors.groupingBy(Touched.Withdrawal::device));
        boolean everything = changes.stream().anyMatch(Touched::everything);
        Map<SwitchProgram, SwitchProgram.Recompiled> recompiled = new LinkedHashMap<>();
        for (SwitchProgram program : programs.values()) {
            DeviceId device = program.device();
            Set<RuleOwner> owners = new HashSet<>();
            if (everything) {
                owners.addAll(everyOwner(program));
            }
            changes.forEach(t -> owners.addAll(t.on(device)));
            List<Touched.Withdrawal> gone = withdrawn.getOrDefault(device, List.of());
            if (!owners.isEmpty() || !gone.isEmpty()) {
                recompiled.put(program, program.recompile(owners, state, gone));
            }
        }
        // Stages order what several switches do; one switch's changes go as one batch.
        boolean staged = recompiled.values().stream().filter(SwitchProgram.Recompiled::changesRules).count() > 1;
        Rollout rollout = new Rollout(this::pump);
        Map<DeviceId, CompletableFuture<Void>> last = new HashMap<>();
        recompiled.forEach((program, r) -> {
            List<SwitchProgram.Batch> batches = program.batches(r, o -> round(program.device(), o), staged);
            rollout.add(program, batches);
            if (batches.stream().anyMatch(b -> !b.delta().isEmpty())) {
                last.put(program.device(), batches.get(batches.size() - 1).confirmation());
            }
        });
        if (sending != null) {
            sending.putAll(last);
        }
        rollout.start();
        return last;
    }

    // How many hops a switch is from the destination of a route it carries: routes move nearest first.
    private int round(DeviceId device, RuleOwner owner) {
        Optional<DeviceId> destination = Optional.empty();
        if (owner.kind() == RuleOwner.Kind.SERVICE_ROUTE) {
            destination = state.service(owner.service().orElseThrow()).map(s -> s.connectPoint().deviceId());
        } else if (owner.kind() == RuleOwner.Kind.TENANT_ROUTE) {
            destination = state.desired().tenant(owner.tenant().orElseThrow()).map(Tenant::edge);
        }
        return destination.map(state.fabric()::toward).filter(tree -> tree.reaches(device))
                .map(tree -> tree.depth(device)).orElse(0);
    }

    private Set<RuleOwner> everyOwner(SwitchProgram program) {
        Set<RuleOwner> owners = new HashSet<>(program.sent().owners().keySet());
        owners.add(RuleOwner.SHARED);
        for (Tenant t : state.tenantsOn(program.device())) {
            owners.add(RuleOwner.tenant(t.name()));
            t.access().forEach(a -> owners.add(RuleOwner.access(t.name(), a.service())));
            state.bindings().hosts(t.name()).forEach(h -> owners.add(RuleOwner.binding(t.name(), h)));
        }
        if (!state.fabric().isEmpty()) {
            state.desired().services().forEach(s -> owners.add(RuleOwner.serviceRoute(s.name())));
            state.desired().tenants().forEach(t -> owners.add(RuleOwner.tenantRoute(t.name())));
        }
        return owners;
    }

    // Sends what a switch's queue lets leave now.
    private void pump(SwitchProgram program) {
        for (Optional<SwitchProgram.Batch> next = program.nextToSend(); next.isPresent();
                next = program.nextToSend()) {
            SwitchProgram.Batch batch = next.get();
            CompletableFuture<Void> sent = null;
            if (!batch.delta().isEmpty()) {
                log.debug("{}: removing {} and adding {} rules", program.device(), batch.delta().toRemove().size(),
                          batch.delta().toAdd().size());
                sent = southbound.apply(program.device(), batch.delta());
            }
            track(program, batch, program.left(batch, sent));
        }
    }

    // Takes note of the usage of each pool block a change touched: peak, alarm, and room again after a refusal.
    private void observeBindings(StateChange change) {
        Set<String> touched = new HashSet<>(change.poolBlocks().keySet());
        change.bindings().forEach((slot, b) -> b.ifPresent(x -> touched.add(x.tenant())));
        change.bindings().keySet().forEach(slot -> state.bindings().record(slot)
                .ifPresent(b -> touched.add(b.tenant())));
        change.tenants().keySet().forEach(touched::add);
        for (String name : touched) {
            Optional<Tenant> t = state.desired().tenant(name).filter(x -> x.translation().bindsHosts());
            if (t.isEmpty() || state.allocation().poolBlock(name).isEmpty()) {
                pressure.forget(name);
            } else {
                pressure.observe(name, state.bindings().slotsInUse(name), state.bindings().capacity(name),
                                 !change.bindings().isEmpty());
            }
        }
    }

    // The capabilities of a switch this node programs, for checks at config time.
    private Optional<SwitchCapabilities> connectedSwitch(DeviceId device) {
        if (!programs.containsKey(device)) {
            return Optional.empty();
        }
        try {
            return Optional.of(southbound.capabilities(device));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // A switch that went away (or was taken over) takes its queued batches with it: their stages go on without them.
    private void dropQueued(SwitchProgram program) {
        program.forget().forEach(b -> {
            b.confirmation().completeExceptionally(new IllegalStateException(program.device() + " is gone"));
            b.rollout().done(b);
        });
    }

    // The batch's confirmation completes as the switch answers, so the packets waiting for it leave at once; the
    // runtime notes it under its lock, later when the binder holds the lock.
    private void track(SwitchProgram program, SwitchProgram.Batch batch, CompletableFuture<Void> done) {
        done.whenComplete((ok, error) -> {
            if (error == null) {
                batch.confirmation().complete(null);
            } else {
                batch.confirmation().completeExceptionally(error);
            }
            unsettled.add(() -> confirmed(program, batch, error));
            if (!binding) {
                settle();
            }
        });
    }

    // Notes the confirmations heard so far. The binder calls it after letting go of the lock, after clearing its
    // flag: a confirmation queued while the flag was up is noted then, one queued after it by its own thread.
    private synchronized void settle() {
        for (Runnable confirmation = unsettled.poll(); confirmation != null; confirmation = unsettled.poll()) {
            confirmation.run();
        }
    }

    private synchronized void confirmed(SwitchProgram program, SwitchProgram.Batch batch, Throwable error) {
        if (programs.get(program.device()) == program) {
            if (error == null) {
                program.confirmed(batch.generation());
                program.retry().succeeded();
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                log.warn("{} rejected rules: {}", program.device(), cause.getMessage());
                program.failed(batch.generation(), cause.getMessage());
                program.retry().failed().ifPresent(wait -> reconcileLater(program, wait));
            }
        }
        if (batch.rollout() != null) {
            batch.rollout().done(batch);
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
        track(program, batch, program.left(batch, southbound.reconcile(program.device(), batch.all())));
    }

    // Asks at once for the routers and services a change added or moved, and soon again, rather than at the next
    // retry round.
    private void askNew(StateChange change) {
        List<Neighbour> asked = new ArrayList<>();
        change.tenants().values().forEach(t -> t.filter(x -> x.routerMac().isEmpty())
                .ifPresent(x -> asked.add(Neighbour.routerOf(x))));
        change.services().values().forEach(v -> v.filter(x -> x.nextHopMac().isEmpty())
                .ifPresent(x -> asked.add(Neighbour.of(x))));
        for (Neighbour n : asked) {
            if (programs.containsKey(n.port().deviceId()) && state.neighbours().macOf(n).isEmpty()) {
                arp.request(n).ifPresent(request -> southbound.packetOut(n.port(), request));
                askAgainSoon(n);
            }
        }
    }

    private void askAgainSoon(Neighbour neighbour) {
        if (timer == null) {
            return;
        }
        for (long delay : ASK_AGAIN_MILLIS) {
            timer.schedule(() -> askNeighbours(n -> n.equals(neighbour) && state.neighbours().macOf(n).isEmpty()),
                           delay, TimeUnit.MILLISECONDS);
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
