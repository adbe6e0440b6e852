package org.tenantnat.impl;

import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.util.Tools;
import org.onosproject.app.ApplicationService;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.driver.DriverService;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketService;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.BindingUsage;
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
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.binding.BindingHistory;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.runtime.ProgressStore;
import org.tenantnat.runtime.TenantNatRuntime;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreException;

import java.time.Clock;
import java.time.Instant;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import static java.util.concurrent.Executors.newSingleThreadExecutor;
import static org.onlab.util.Tools.groupedThreads;
import static org.slf4j.LoggerFactory.getLogger;
import static org.tenantnat.impl.OsgiPropertyConstants.ARP_HANDLING;
import static org.tenantnat.impl.OsgiPropertyConstants.ARP_HANDLING_DEFAULT;
import static org.tenantnat.impl.OsgiPropertyConstants.FIRST_TABLE;
import static org.tenantnat.impl.OsgiPropertyConstants.FIRST_TABLE_DEFAULT;
import static org.tenantnat.impl.OsgiPropertyConstants.FLOW_PRIORITY;
import static org.tenantnat.impl.OsgiPropertyConstants.FLOW_PRIORITY_DEFAULT;
import static org.tenantnat.impl.OsgiPropertyConstants.PER_HOST_MIN_PREFIX_LENGTH;
import static org.tenantnat.impl.OsgiPropertyConstants.PER_HOST_MIN_PREFIX_LENGTH_DEFAULT;
import static org.tenantnat.impl.OsgiPropertyConstants.POOL_ALARM_PERCENT;
import static org.tenantnat.impl.OsgiPropertyConstants.POOL_ALARM_PERCENT_DEFAULT;

/**
 * The ONOS host of tenantnat. It runs the host-neutral {@link TenantNatRuntime} over an {@link OnosSouthbound}, the
 * cluster's {@link StateStore} and {@link ProgressStore}, and serves {@link TenantNatService} by delegating to it:
 * a verb is validated, allocated and committed once, on the node it reached, and every other node applies the
 * committed records from the store. This node programs exactly the available switches it masters, taking a switch
 * over (reconciling its table) when it becomes its master. ARP frames, ICMP errors and first packets of hosts to
 * bind punted by those switches reach the runtime, and so does the removal of a binding's rule that went idle.
 * <p>
 * When the application is deactivated or uninstalled (not when a node stops) ONOS runs the deactivate hook, which
 * removes every flow of the application from every switch.
 */
@Component(immediate = true, service = {TenantNatService.class, BindingService.class},
        property = {
                FLOW_PRIORITY + ":Integer=" + FLOW_PRIORITY_DEFAULT,
                FIRST_TABLE + ":Integer=" + FIRST_TABLE_DEFAULT,
                PER_HOST_MIN_PREFIX_LENGTH + ":Integer=" + PER_HOST_MIN_PREFIX_LENGTH_DEFAULT,
                ARP_HANDLING + ":Boolean=" + ARP_HANDLING_DEFAULT,
                POOL_ALARM_PERCENT + ":Integer=" + POOL_ALARM_PERCENT_DEFAULT,
        })
public class TenantNatManager implements TenantNatService, BindingService {

    /** Application name; also the network-config subject and the leadership topic. */
    public static final String APP_NAME = "org.tenantnat";

    private static final int PACKET_PROCESSOR_PRIORITY = 1;
    /** A rule's cookie carries its application id in the top 16 bits. */
    private static final int APP_ID_SHIFT = 48;
    private static final long APP_ID_MASK = 0xffffL;

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DeviceService deviceService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected MastershipService mastershipService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected FlowRuleService flowRuleService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DriverService driverService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected PacketService packetService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StateStore store;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ProgressStore progressStore;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected BindingHistory bindingHistory;

    /** Priority of tenantnat's rules; its default drops sit just below. */
    private int flowPriority = FLOW_PRIORITY_DEFAULT;

    /** Id of the first of the pipeline's six consecutive tables. */
    private int firstTable = FIRST_TABLE_DEFAULT;

    /** Shortest customer prefix length a switch without prefix rewrite may translate, one rule per host. */
    private int perHostMinPrefixLength = PER_HOST_MIN_PREFIX_LENGTH_DEFAULT;

    /** Answer ARP for gateway addresses and VIPs on attachments, and learn router and service MACs. */
    private boolean arpHandling = ARP_HANDLING_DEFAULT;

    /** Usage, in percent of a dynamic or pat tenant's pool block, that raises its alarm. */
    private int poolAlarmPercent = POOL_ALARM_PERCENT_DEFAULT;

    private final DeviceListener deviceListener = new InternalDeviceListener();
    private final MastershipListener mastershipListener = new InternalMastershipListener();
    private final PacketProcessor packetProcessor = new PuntedPacketProcessor(
            this::desiredState, this::programsHere, this::ourCookie, this::packetIn);
    private final FlowRuleListener flowRuleListener = this::flowRuleEvent;
    private final ListenerRegistry<TenantNatEvent, TenantNatListener> listeners = new ListenerRegistry<>();
    // The runtime is replaced when the pipeline settings change; listeners of this service stay.
    private final TenantNatListener forwarder = listeners::process;
    // Switches this node programs, with the mastership term it reconciled them in.
    private final Map<DeviceId, Long> programmed = new ConcurrentHashMap<>();

    /** Serialises event handling off ONOS's event thread; tests install a direct executor before activation. */
    ExecutorService eventExecutor;

    private ApplicationId appId;
    private OnosSouthbound southbound;
    private PipelineSettings settings = PipelineSettings.DEFAULTS;
    private volatile TenantNatRuntime runtime;
    private volatile boolean running;
    private boolean processing;

    /**
     * Registers the application, its properties and its deactivate hook, and starts the runtime from the stored
     * state, reconciling the switches this node masters.
     *
     * @param context component context with the configuration properties
     */
    @Activate
    protected void activate(ComponentContext context) {
        appId = coreService.registerApplication(APP_NAME);
        cfgService.registerProperties(getClass());
        readConfiguration(context);
        if (eventExecutor == null) {
            eventExecutor = newSingleThreadExecutor(groupedThreads("onos/tenantnat", "event-handler", log));
        }
        southbound = new OnosSouthbound(appId, deviceService, mastershipService, flowRuleService, driverService,
                                        packetService);
        southbound.setPacketOut(arpHandling);
        startRuntime();
        running = true;

        deviceService.addListener(deviceListener);
        mastershipService.addListener(mastershipListener);
        flowRuleService.addListener(flowRuleListener);
        updatePacketProcessing();
        // A switch that connected or changed master while the runtime started is taken over now.
        eventExecutor.execute(this::refreshAll);
        applicationService.registerDeactivateHook(appId, this::removeEveryFlow);
        log.info("Started");
    }

    /**
     * Stops listening and stops the runtime. The rules stay on the switches, as ONOS's flow store keeps them: one
     * node stopping (a restart, an upgrade of ONOS) must not cut any tenant off; the other nodes take its switches
     * over. Deactivating or uninstalling the application removes them (see the deactivate hook).
     */
    @Deactivate
    protected void deactivate() {
        stop();
        cfgService.unregisterProperties(getClass(), false);
        log.info("Stopped");
    }

    /**
     * Applies changed component configuration: new pipeline settings restart the runtime, which reconciles every
     * switch onto the new tables and priorities.
     *
     * @param context component context with the configuration properties
     */
    @Modified
    protected void modified(ComponentContext context) {
        PipelineSettings before = settings;
        readConfiguration(context);
        updatePacketProcessing();
        if (!settingsEqual(before, settings)) {
            // On the event thread, so no device event reaches the runtime being replaced.
            eventExecutor.execute(() -> {
                log.info("Pipeline settings changed: restarting the runtime");
                runtime.stop();
                runtime.removeListener(forwarder);
                startRuntime();
            });
        }
    }

    private void readConfiguration(ComponentContext context) {
        Dictionary<?, ?> properties = context == null ? new Properties() : context.getProperties();
        int priority = Tools.getIntegerProperty(properties, FLOW_PRIORITY, flowPriority);
        int table = Tools.getIntegerProperty(properties, FIRST_TABLE, firstTable);
        int perHost = Tools.getIntegerProperty(properties, PER_HOST_MIN_PREFIX_LENGTH, perHostMinPrefixLength);
        arpHandling = Tools.isPropertyEnabled(properties, ARP_HANDLING, arpHandling);
        int alarm = Tools.getIntegerProperty(properties, POOL_ALARM_PERCENT, poolAlarmPercent);
        if (alarm >= 1 && alarm <= 100) {
            poolAlarmPercent = alarm;
        } else {
            log.warn("Ignoring {}={}: expected 1..100; keeping {}", POOL_ALARM_PERCENT, alarm, poolAlarmPercent);
        }
        try {
            settings = new PipelineSettings(table, priority, perHost, arpHandling);
            flowPriority = priority;
            firstTable = table;
            perHostMinPrefixLength = perHost;
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring pipeline settings ({}); keeping {}={}, {}={}, {}={}", e.getMessage(),
                     FLOW_PRIORITY, flowPriority, FIRST_TABLE, firstTable,
                     PER_HOST_MIN_PREFIX_LENGTH, perHostMinPrefixLength);
        }
        log.info("Settings: {}={}, {}={}, {}={}, {}={}", FLOW_PRIORITY, flowPriority, FIRST_TABLE, firstTable,
                 PER_HOST_MIN_PREFIX_LENGTH, perHostMinPrefixLength, ARP_HANDLING, arpHandling);
    }

    private static boolean settingsEqual(PipelineSettings a, PipelineSettings b) {
        return a.firstTable() == b.firstTable() && a.priority() == b.priority()
                && a.perHostMinPrefixLength() == b.perHostMinPrefixLength() && a.arpHandling() == b.arpHandling();
    }

    private void startRuntime() {
        TenantNatRuntime next = new TenantNatRuntime(
                appId, settings, southbound, store, progressStore, groupedThreads("onos/tenantnat", "runtime-%d", log),
                new BindingOptions(bindingHistory, Clock.systemUTC(), poolAlarmPercent));
        next.addListener(forwarder);
        runtime = next;
        next.start();
        programmed.clear();
        southbound.switches().forEach(d -> programmed.put(d, term(d)));
    }

    // Stops everything this node does; the deactivate hook and deactivation both call it, in either order.
    private synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopPacketProcessing();
        flowRuleService.removeListener(flowRuleListener);
        mastershipService.removeListener(mastershipListener);
        deviceService.removeListener(deviceListener);
        eventExecutor.shutdown();
        runtime.stop();
        runtime.removeListener(forwarder);
    }

    // ONOS runs this on every node when the application is deactivated or uninstalled, before its bundles stop.
    private void removeEveryFlow() {
        stop();
        flowRuleService.removeFlowRulesById(appId);
        log.info("Application {}: every tenantnat flow removed",
                 applicationService.getState(appId) == null ? "uninstalled" : "deactivated");
    }

    // No PacketService request is made: the compiled pipeline already punts exactly the ARP tenantnat answers or
    // learns from and the ICMP errors it translates (per attachment port and VLAN, per address), which is narrower
    // than a packet request can express, and those rules go away with their tenant.
    private void updatePacketProcessing() {
        southbound.setPacketOut(arpHandling);
        if (arpHandling && !processing) {
            packetService.addProcessor(packetProcessor, PacketProcessor.director(PACKET_PROCESSOR_PRIORITY));
            processing = true;
        } else if (!arpHandling) {
            stopPacketProcessing();
        }
    }

    private void stopPacketProcessing() {
        if (processing) {
            packetService.removeProcessor(packetProcessor);
            processing = false;
        }
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
    public DesiredState desiredState() {
        return runtime.desiredState();
    }

    @Override
    public Allocation allocation() {
        return runtime.allocation();
    }

    @Override
    public List<AccessIntent> intents() {
        return runtime.intents();
    }

    @Override
    public Optional<Binding> lookup(Ip4Address translated) {
        return runtime.lookup(translated);
    }

    @Override
    public PoolUsage poolUsage() {
        return runtime.poolUsage();
    }

    @Override
    public Map<String, TenantStats> stats() {
        return runtime.stats();
    }

    @Override
    public List<Binding> bindings(Optional<String> tenant) {
        return runtime.bindings(tenant);
    }

    @Override
    public List<Binding> lookup(Ip4Address translated, int port, Instant at) {
        return runtime.lookup(translated, port, at);
    }

    @Override
    public List<BindingRecord> history(Optional<String> tenant, Instant from, Instant to) {
        return runtime.history(tenant, from, to);
    }

    @Override
    public List<BindingUsage> usage() {
        return runtime.usage();
    }

    @Override
    public DesiredState replaceState(Origin origin, DesiredState next) {
        return writable().replaceState(origin, next);
    }

    @Override
    public Tenant addTenant(Origin origin, Tenant tenant) {
        return writable().addTenant(origin, tenant);
    }

    @Override
    public Tenant replaceTenant(Origin origin, Tenant tenant) {
        return writable().replaceTenant(origin, tenant);
    }

    @Override
    public void removeTenant(Origin origin, String name) {
        writable().removeTenant(origin, name);
    }

    @Override
    public Service addService(Origin origin, Service service) {
        return writable().addService(origin, service);
    }

    @Override
    public void removeService(Origin origin, String name) {
        writable().removeService(origin, name);
    }

    @Override
    public AccessIntent grantAccess(Origin origin, String tenant, Access access) {
        return writable().grantAccess(origin, tenant, access);
    }

    @Override
    public void revokeAccess(Origin origin, String tenant, String service) {
        writable().revokeAccess(origin, tenant, service);
    }

    // A stopped runtime would still apply a change to the switches: once stopping, changes are refused.
    private TenantNatRuntime writable() {
        if (!running) {
            throw new StateStoreException("tenantnat is stopping on this node: the change was not made", null);
        }
        return runtime;
    }

    private void packetIn(ConnectPoint port, Ethernet frame, long cookie) {
        if (running) {
            runtime.packetIn(port, frame, cookie);
        }
    }

    private boolean ourCookie(long cookie) {
        return (cookie >>> APP_ID_SHIFT) == (appId.id() & APP_ID_MASK);
    }

    // ONOS sends no idle_timeout to the switch: it removes a temporary rule itself at the first flow-statistics
    // poll that finds its counters unchanged for longer than its timeout, and that ends the host's binding. Only the
    // node programming the switch acts on it.
    private void flowRuleEvent(FlowRuleEvent event) {
        FlowRule rule = event.subject();
        if (event.type() == FlowRuleEvent.Type.RULE_REMOVED && rule.appId() == appId.id() && !rule.isPermanent()
                && running) {
            eventExecutor.execute(() -> runtime.ruleRemoved(rule.deviceId(), rule));
        }
    }

    private boolean programsHere(DeviceId device) {
        return southbound.programsHere(device);
    }

    private long term(DeviceId device) {
        return mastershipService.getMastershipFor(device).term();
    }

    private void refreshAll() {
        deviceService.getAvailableDevices(Device.Type.SWITCH).forEach(d -> refresh(d.id(), false));
    }

    // A switch is programmed by this node exactly while it is available and mastered here. It is reconciled when
    // it (re)connects or when this node becomes its master in a new term, whatever happened in between.
    private void refresh(DeviceId device, boolean reconnected) {
        if (!southbound.programsHere(device)) {
            if (programmed.remove(device) != null) {
                runtime.switchDisconnected(device);
            }
            return;
        }
        long term = term(device);
        Long before = programmed.put(device, term);
        if (reconnected || before == null || before != term) {
            runtime.switchConnected(device);
        }
    }

    private void gone(DeviceId device) {
        if (programmed.remove(device) != null) {
            runtime.switchDisconnected(device);
        }
    }

    private class InternalDeviceListener implements DeviceListener {

        @Override
        public boolean isRelevant(DeviceEvent event) {
            return event.subject().type() == Device.Type.SWITCH;
        }

        @Override
        public void event(DeviceEvent event) {
            DeviceId device = event.subject().id();
            switch (event.type()) {
                case DEVICE_ADDED:
                case DEVICE_AVAILABILITY_CHANGED:
                    eventExecutor.execute(() -> refresh(device, true));
                    break;
                case DEVICE_UPDATED:
                    eventExecutor.execute(() -> refresh(device, false));
                    break;
                case DEVICE_REMOVED:
                    eventExecutor.execute(() -> gone(device));
                    break;
                default:
                    break;
            }
        }
    }

    private class InternalMastershipListener implements MastershipListener {

        @Override
        public void event(MastershipEvent event) {
            if (event.type() != MastershipEvent.Type.BACKUPS_CHANGED) {
                eventExecutor.execute(() -> refresh(event.subject(), false));
            }
        }
    }
}
