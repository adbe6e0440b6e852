package org.tenantnat.impl;

import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.util.Tools;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistry;
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
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.binding.BindingHistory;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.store.StateStore;
import org.tenantnat.runtime.LocalProgressStore;
import org.tenantnat.runtime.TenantNatRuntime;

import java.time.Clock;
import java.time.Instant;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import static java.util.concurrent.Executors.newSingleThreadExecutor;
import static org.onlab.util.Tools.groupedThreads;
import static org.onosproject.net.config.basics.SubjectFactories.APP_SUBJECT_FACTORY;
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
 * The ONOS host of tenantnat. Listens to network config, devices, mastership and packets, and delegates all
 * decisions to the host-neutral {@link TenantNatRuntime}, which it runs over an {@link OnosSouthbound} and the
 * distributed {@link StateStore}. Network config under {@code apps/org.tenantnat/tenantnat} is the cluster-wide
 * source of the desired state: changes made through this service are written back to it so every node applies
 * them.
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

    /** Application name; also the network-config subject. */
    public static final String APP_NAME = "org.tenantnat";

    private static final int PACKET_PROCESSOR_PRIORITY = 1;
    /** A rule's cookie carries its application id in the top 16 bits. */
    private static final int APP_ID_SHIFT = 48;
    private static final long APP_ID_MASK = 0xffffL;
    private static final Origin NETCFG = new Origin(Origin.Channel.NETCFG, "netcfg");

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected NetworkConfigRegistry configRegistry;

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

    private final ConfigFactory<ApplicationId, TenantNatConfig> configFactory =
            new ConfigFactory<>(APP_SUBJECT_FACTORY, TenantNatConfig.class, TenantNatConfig.CONFIG_KEY) {
                @Override
                public TenantNatConfig createConfig() {
                    return new TenantNatConfig();
                }
            };

    private final NetworkConfigListener configListener = new InternalConfigListener();
    private final DeviceListener deviceListener = new InternalDeviceListener();
    private final MastershipListener mastershipListener = new InternalMastershipListener();
    private final PacketProcessor packetProcessor =
            new PuntedPacketProcessor(this::desiredState, this::ourCookie, this::packetIn);
    private final FlowRuleListener flowRuleListener = this::flowRuleEvent;
    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final Object writeLock = new Object();

    /** Serialises event handling off ONOS's event thread; tests install a direct executor before activation. */
    ExecutorService eventExecutor;

    private ApplicationId appId;
    private OnosSouthbound southbound;
    private PipelineSettings settings = PipelineSettings.DEFAULTS;
    private volatile TenantNatRuntime runtime;
    private boolean processing;

    /**
     * Registers the application, its network config and properties, starts the runtime from the stored state and
     * applies the network config in force.
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

        configRegistry.addListener(configListener);
        configRegistry.registerConfigFactory(configFactory);
        deviceService.addListener(deviceListener);
        mastershipService.addListener(mastershipListener);
        flowRuleService.addListener(flowRuleListener);
        updatePacketProcessing();
        eventExecutor.execute(this::applyNetworkConfig);
        log.info("Started");
    }

    /**
     * Stops listening and stops the runtime. The rules stay on the switches, as ONOS's flow store keeps them:
     * deactivating one node of a cluster must not cut every tenant off. Removing the network config first removes
     * them.
     */
    @Deactivate
    protected void deactivate() {
        stopPacketProcessing();
        flowRuleService.removeListener(flowRuleListener);
        mastershipService.removeListener(mastershipListener);
        deviceService.removeListener(deviceListener);
        configRegistry.removeListener(configListener);
        configRegistry.unregisterConfigFactory(configFactory);
        eventExecutor.shutdown();
        eventExecutor = null;
        runtime.stop();
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
            // On the event thread, so no device or config event reaches the runtime being replaced.
            eventExecutor.execute(() -> {
                log.info("Pipeline settings changed: restarting the runtime");
                runtime.stop();
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
                appId, settings, southbound, store, new LocalProgressStore(),
                groupedThreads("onos/tenantnat", "runtime-%d", log),
                new BindingOptions(bindingHistory, Clock.systemUTC(), poolAlarmPercent));
        runtime = next;
        next.start();
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

    private void applyNetworkConfig() {
        TenantNatConfig config = configRegistry.getConfig(appId, TenantNatConfig.class);
        if (config != null) {
            apply(config);
        }
    }

    private void apply(TenantNatConfig config) {
        try {
            apply(config.desiredState());
        } catch (InvalidConfigException e) {
            refused(e);
        }
    }

    private void apply(DesiredState next) {
        if (next.equals(runtime.desiredState())) {
            return;
        }
        try {
            runtime.replaceState(NETCFG, next);
            log.info("Applied network config: {} tenants, {} services", next.tenants().size(),
                     next.services().size());
        } catch (InvalidConfigException e) {
            refused(e);
        }
    }

    private void refused(InvalidConfigException e) {
        log.error("Network config {} refused; the pipeline in force is unchanged. {} error(s):",
                  TenantNatConfig.CONFIG_KEY, e.errors().size());
        e.errors().forEach(error -> log.error("  {}", error));
    }

    // Writes the desired state in force back to network config, so every node of the cluster applies it.
    private void publish(DesiredState state) {
        try {
            configRegistry.applyConfig(appId, TenantNatConfig.class, codecs.encode(state, DesiredState.class));
        } catch (RuntimeException e) {
            log.warn("Applied locally, but could not write network config: {}", e.getMessage());
        }
    }

    @Override
    public void addListener(TenantNatListener listener) {
        runtime.addListener(listener);
    }

    @Override
    public void removeListener(TenantNatListener listener) {
        runtime.removeListener(listener);
    }

    @Override
    public DesiredState desiredState() {
        return runtime.desiredState();
    }

    @Override
    public DesiredState replaceState(Origin origin, DesiredState next) {
        return published(() -> runtime.replaceState(origin, next));
    }

    @Override
    public Tenant addTenant(Origin origin, Tenant tenant) {
        return published(() -> runtime.addTenant(origin, tenant));
    }

    @Override
    public Tenant replaceTenant(Origin origin, Tenant tenant) {
        return published(() -> runtime.replaceTenant(origin, tenant));
    }

    @Override
    public void removeTenant(Origin origin, String name) {
        published(() -> {
            runtime.removeTenant(origin, name);
            return null;
        });
    }

    @Override
    public Service addService(Origin origin, Service service) {
        return published(() -> runtime.addService(origin, service));
    }

    @Override
    public void removeService(Origin origin, String name) {
        published(() -> {
            runtime.removeService(origin, name);
            return null;
        });
    }

    @Override
    public AccessIntent grantAccess(Origin origin, String tenant, Access access) {
        return published(() -> runtime.grantAccess(origin, tenant, access));
    }

    @Override
    public void revokeAccess(Origin origin, String tenant, String service) {
        published(() -> {
            runtime.revokeAccess(origin, tenant, service);
            return null;
        });
    }

    private <T> T published(Supplier<T> verb) {
        synchronized (writeLock) {
            T result = verb.get();
            publish(runtime.desiredState());
            return result;
        }
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

    private void packetIn(ConnectPoint port, Ethernet frame, long cookie) {
        runtime.packetIn(port, frame, cookie);
    }

    private boolean ourCookie(long cookie) {
        return (cookie >>> APP_ID_SHIFT) == (appId.id() & APP_ID_MASK);
    }

    // ONOS removes a temporary rule when the switch reports it idle, or when its counters stood still for its
    // timeout at a statistics poll; either ends a host's binding.
    private void flowRuleEvent(FlowRuleEvent event) {
        FlowRule rule = event.subject();
        if (event.type() == FlowRuleEvent.Type.RULE_REMOVED && rule.appId() == appId.id() && !rule.isPermanent()) {
            eventExecutor.execute(() -> runtime.ruleRemoved(rule.deviceId(), rule));
        }
    }

    // A switch is programmed by this node exactly while it is available and mastered here.
    private void refresh(DeviceId device) {
        if (southbound.programsHere(device)) {
            runtime.switchConnected(device);
        } else {
            runtime.switchDisconnected(device);
        }
    }

    private class InternalConfigListener implements NetworkConfigListener {

        @Override
        public boolean isRelevant(NetworkConfigEvent event) {
            return event.configClass() == TenantNatConfig.class;
        }

        @Override
        public void event(NetworkConfigEvent event) {
            switch (event.type()) {
                case CONFIG_ADDED:
                case CONFIG_UPDATED:
                    eventExecutor.execute(() -> event.config()
                            .map(TenantNatConfig.class::cast)
                            .ifPresentOrElse(TenantNatManager.this::apply, TenantNatManager.this::applyNetworkConfig));
                    break;
                case CONFIG_REMOVED:
                    eventExecutor.execute(() -> apply(DesiredState.EMPTY));
                    break;
                default:
                    break;
            }
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
                case DEVICE_UPDATED:
                    eventExecutor.execute(() -> refresh(device));
                    break;
                case DEVICE_REMOVED:
                    eventExecutor.execute(() -> runtime.switchDisconnected(device));
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
                eventExecutor.execute(() -> refresh(event.subject()));
            }
        }
    }
}
