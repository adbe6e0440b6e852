package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import org.onosproject.app.ApplicationService;
import org.onosproject.cluster.ClusterService;
import org.onosproject.cluster.LeadershipEvent;
import org.onosproject.cluster.LeadershipEventListener;
import org.onosproject.cluster.LeadershipService;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistry;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantNatEvent;
import org.tenantnat.api.TenantNatListener;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStoreException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static java.util.concurrent.Executors.newSingleThreadExecutor;
import static org.onlab.util.Tools.groupedThreads;
import static org.onosproject.net.config.basics.SubjectFactories.APP_SUBJECT_FACTORY;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * The operator's document in network config, {@code apps/org.tenantnat/tenantnat}, kept equal to the desired state
 * in force by one node of the cluster: the leader of the {@code org.tenantnat} topic.
 * <ul>
 *     <li>An operator's change of the document is applied by the leader alone, as one
 *     {@link TenantNatService#replaceState} by {@link Origin.Channel#NETCFG}; the other nodes take the change from
 *     the distributed store. Removing the document empties the desired state.</li>
 *     <li>After a change made through the service (REST, CLI, GUI) on any node, the leader writes the desired state
 *     back into the document, and recognises that write when network config reports it: it is neither decoded nor
 *     validated again, neither when ONOS stores it nor when it comes back as an event.</li>
 *     <li>A node that becomes leader compares the document with the fingerprint of the one last in step with the
 *     state (kept in the cluster's storage): a document changed since is applied, otherwise changes made while no
 *     leader wrote them back are written back.</li>
 * </ul>
 * ONOS validates a pushed document with {@link TenantNatConfig#isValid()} on the node it reaches and refuses an
 * invalid one naming the field, so a document is decoded and validated once there, and once more by the leader's
 * engine when it applies it.
 */
@Component(immediate = true)
public class TenantNatConfigManager {

    /** Name of the map holding the fingerprint of the document last in step with the desired state. */
    static final String SYNC_MAP = "tenantnat-netcfg";
    /** Fingerprint of "no document". */
    static final String ABSENT = "absent";

    private static final String SYNCED = "synced";
    private static final Origin NETCFG = new Origin(Origin.Channel.NETCFG, "netcfg");

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected NetworkConfigRegistry configRegistry;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected LeadershipService leadershipService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ClusterService clusterService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TenantNatService service;

    // Not called: held so that the history of changes is listening before a document is applied here.
    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ChangeHistoryService history;

    private final ConfigFactory<ApplicationId, TenantNatConfig> configFactory =
            new ConfigFactory<>(APP_SUBJECT_FACTORY, TenantNatConfig.class, TenantNatConfig.CONFIG_KEY) {
                @Override
                public TenantNatConfig createConfig() {
                    return newConfig(document -> document == writingBack);
                }
            };
    private final NetworkConfigListener configListener = new InternalConfigListener();
    private final LeadershipEventListener leadershipListener = new InternalLeadershipListener();
    private final TenantNatListener stateListener = new InternalStateListener();
    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final AtomicBoolean writeBackScheduled = new AtomicBoolean();

    /** Runs everything this component does, one thing at a time; tests install their own before activation. */
    ExecutorService executor;

    private ApplicationId appId;
    private NodeId localNode;
    private ConsistentMap<String, String> sync;
    private volatile boolean leading;
    private boolean stopped;
    // The document this node is writing back: already valid, so isValid() does not decode it.
    private volatile JsonNode writingBack;
    // What the leader knows is in step (executor thread only): the document's fingerprint and the state it holds.
    private String syncedFingerprint;
    private DesiredState syncedState;

    /**
     * Registers the document's config class, runs for leadership and starts following network config and the
     * desired state.
     */
    @Activate
    protected void activate() {
        appId = coreService.registerApplication(TenantNatManager.APP_NAME);
        localNode = clusterService.getLocalNode().id();
        if (executor == null) {
            executor = newSingleThreadExecutor(groupedThreads("onos/tenantnat", "netcfg", log));
        }
        sync = storageService.<String, String>consistentMapBuilder().withName(SYNC_MAP)
                .withSerializer(DistributedTenantNatStore.SERIALIZER).build();
        configRegistry.addListener(configListener);
        configRegistry.registerConfigFactory(configFactory);
        service.addListener(stateListener);
        leadershipService.addListener(leadershipListener);
        leadershipService.runForLeadership(TenantNatManager.APP_NAME);
        applicationService.registerDeactivateHook(appId, this::purgeIfUninstalled);
        executor.execute(this::leadershipChanged);
        log.info("Started");
    }

    /**
     * Stops following network config and leaves the leadership to another node. The document stays.
     */
    @Deactivate
    protected void deactivate() {
        leadershipService.removeListener(leadershipListener);
        service.removeListener(stateListener);
        configRegistry.removeListener(configListener);
        executor.execute(this::stopLeading);
        executor.shutdown();
        leadershipService.withdraw(TenantNatManager.APP_NAME);
        configRegistry.unregisterConfigFactory(configFactory);
        log.info("Stopped");
    }

    /**
     * Makes the config object of a document; the only way documents are made.
     *
     * @param writtenBack tells whether a document is the one this node is writing back
     * @return config
     */
    TenantNatConfig newConfig(Predicate<JsonNode> writtenBack) {
        return new TenantNatConfig(writtenBack);
    }

    private void leadershipChanged() {
        boolean leader = !stopped && localNode.equals(leadershipService.getLeader(TenantNatManager.APP_NAME));
        if (leader && !leading) {
            leading = true;
            log.info("Leading {}: network config is applied and written back by this node",
                     TenantNatManager.APP_NAME);
            catchUp();
        } else if (!leader && leading) {
            stopLeading();
        }
    }

    private void stopLeading() {
        leading = false;
        syncedFingerprint = null;
        syncedState = null;
    }

    // A new leader finds out which side changed while no node (or another one) led.
    private void catchUp() {
        TenantNatConfig config = configRegistry.getConfig(appId, TenantNatConfig.class);
        String fingerprint = fingerprint(config);
        Versioned<String> synced = sync.get(SYNCED);
        if (synced == null && config == null) {
            // Network config never held a document: whatever the service was told goes into one.
            syncedFingerprint = ABSENT;
            syncedState = DesiredState.EMPTY;
            writeBack();
        } else if (synced == null || !synced.value().equals(fingerprint)) {
            apply(config, fingerprint);
        } else {
            syncedFingerprint = fingerprint;
            syncedState = config == null ? DesiredState.EMPTY : decodedOrNull(config);
            writeBack();
        }
    }

    private DesiredState decodedOrNull(TenantNatConfig config) {
        try {
            return config.desiredState();
        } catch (InvalidConfigException e) {
            return null;
        }
    }

    // An operator changed the document (or this leader's own write-back is reported): apply what it holds now.
    private void configChanged() {
        if (!leading) {
            return;
        }
        TenantNatConfig config = configRegistry.getConfig(appId, TenantNatConfig.class);
        String fingerprint = fingerprint(config);
        if (!fingerprint.equals(syncedFingerprint)) {
            apply(config, fingerprint);
        }
    }

    private void apply(TenantNatConfig config, String fingerprint) {
        DesiredState next;
        try {
            next = config == null ? DesiredState.EMPTY : config.desiredState();
        } catch (InvalidConfigException e) {
            refused(e);
            return;
        }
        String fingerprintBefore = syncedFingerprint;
        DesiredState stateBefore = syncedState;
        // Before the change is applied: its own event must not write the document back.
        syncedFingerprint = fingerprint;
        syncedState = next;
        try {
            service.replaceState(NETCFG, next);
            sync.put(SYNCED, fingerprint);
            log.info("Applied network config: {} tenants, {} services", next.tenants().size(),
                     next.services().size());
        } catch (InvalidConfigException e) {
            syncedFingerprint = fingerprintBefore;
            syncedState = stateBefore;
            refused(e);
        } catch (StateStoreException e) {
            syncedFingerprint = fingerprintBefore;
            syncedState = stateBefore;
            log.warn("Network config not applied: {}", e.getMessage());
        }
    }

    private void refused(InvalidConfigException e) {
        log.error("Network config {} refused; the desired state in force is unchanged. {} error(s):",
                  TenantNatConfig.CONFIG_KEY, e.errors().size());
        e.errors().forEach(error -> log.error("  {}", error));
    }

    // Writes the desired state in force into network config when it differs from the document in step.
    private void writeBack() {
        writeBackScheduled.set(false);
        if (!leading) {
            return;
        }
        DesiredState now = service.desiredState();
        if (now.equals(syncedState)) {
            return;
        }
        ObjectNode document = codecs.encode(now, DesiredState.class);
        String fingerprintBefore = syncedFingerprint;
        DesiredState stateBefore = syncedState;
        syncedFingerprint = fingerprint(document);
        syncedState = now;
        writingBack = document;
        try {
            configRegistry.applyConfig(appId, TenantNatConfig.class, document);
            sync.put(SYNCED, syncedFingerprint);
            log.debug("Desired state written back to network config: {} tenants", now.tenants().size());
        } catch (RuntimeException e) {
            syncedFingerprint = fingerprintBefore;
            syncedState = stateBefore;
            log.warn("Desired state not written back to network config: {}", e.getMessage());
        } finally {
            writingBack = null;
        }
    }

    private String fingerprint(TenantNatConfig config) {
        return config == null ? ABSENT : fingerprint(config.node());
    }

    private static String fingerprint(JsonNode document) {
        return Hashing.sha256().hashString(document.toString(), StandardCharsets.UTF_8).toString();
    }

    private static boolean changesDocument(StateChange change) {
        return change.settings().isPresent() || !change.services().isEmpty() || !change.tenants().isEmpty();
    }

    // ONOS runs deactivate hooks when the application is deactivated or uninstalled; an uninstall (the application
    // is gone) forgets which document was in step, after what is under way. The document itself is the operator's.
    private void purgeIfUninstalled() {
        if (applicationService.getState(appId) == null) {
            executor.execute(() -> {
                stopped = true;
                stopLeading();
                sync.clear();
            });
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
                case CONFIG_REMOVED:
                    if (leading) {
                        executor.execute(TenantNatConfigManager.this::configChanged);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private class InternalLeadershipListener implements LeadershipEventListener {

        @Override
        public boolean isRelevant(LeadershipEvent event) {
            return event.subject().topic().equals(TenantNatManager.APP_NAME);
        }

        @Override
        public void event(LeadershipEvent event) {
            executor.execute(TenantNatConfigManager.this::leadershipChanged);
        }
    }

    private class InternalStateListener implements TenantNatListener {

        @Override
        public void event(TenantNatEvent event) {
            if (leading && changesDocument(event.subject()) && writeBackScheduled.compareAndSet(false, true)) {
                executor.execute(TenantNatConfigManager.this::writeBack);
            }
        }
    }
}
