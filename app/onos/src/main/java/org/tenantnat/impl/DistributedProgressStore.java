package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onosproject.app.ApplicationService;
import org.onosproject.cluster.ClusterService;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.DeviceId;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.api.model.Access;
import org.tenantnat.pipeline.RuleOwner;
import org.tenantnat.runtime.OwnerStatus;
import org.tenantnat.runtime.ProgressStore;
import org.tenantnat.store.StateStoreException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * The progress of programming every switch, kept for the whole cluster: one entry per switch and rule owner with
 * the owner's status, and one per access whose rules are being removed from a switch. The switch's master writes
 * them; every node reads them, so every node reports the intents' state alike.
 * <p>
 * Each entry carries the mastership term it was written in. A write is kept only while this node is the switch's
 * master and no entry of a later term is there, so a node that has just lost a switch cannot overwrite what the new
 * master recorded. A node may retract a withdrawal it recorded itself (its program of that switch is gone). An entry
 * is written only when it changes.
 */
@Component(immediate = true, service = ProgressStore.class)
public class DistributedProgressStore implements ProgressStore {

    /** Name of the map of owners' statuses. */
    static final String STATUS_MAP = "tenantnat-progress";
    /** Name of the map of withdrawals. */
    static final String WITHDRAWAL_MAP = "tenantnat-withdrawals";

    private static final String DEVICE = "device";
    private static final String TERM = "term";
    private static final String NODE = "node";
    private static final String STATE = "state";
    private static final String REASON = "reason";
    private static final String TENANT = "tenant";
    private static final String SERVICE = "service";
    private static final String VIP = "vip";
    private static final String REMOVED = "removed in term ";

    private final Logger log = getLogger(getClass());
    private final ObjectMapper mapper = new ObjectMapper();
    // What this node last wrote under each key, term included; REMOVED once it removed the entry.
    private final Map<String, String> written = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected MastershipService mastershipService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ClusterService clusterService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    private ConsistentMap<String, String> statuses;
    private ConsistentMap<String, String> withdrawals;
    private NodeId localNode;
    private ApplicationId appId;
    private volatile boolean open;

    /**
     * Opens the maps and registers the clean-up that runs when the application is uninstalled.
     */
    @Activate
    protected void activate() {
        statuses = storageService.<String, String>consistentMapBuilder().withName(STATUS_MAP)
                .withSerializer(DistributedTenantNatStore.SERIALIZER).build();
        withdrawals = storageService.<String, String>consistentMapBuilder().withName(WITHDRAWAL_MAP)
                .withSerializer(DistributedTenantNatStore.SERIALIZER).build();
        localNode = clusterService.getLocalNode().id();
        appId = coreService.registerApplication(TenantNatManager.APP_NAME);
        applicationService.registerDeactivateHook(appId, this::purgeIfUninstalled);
        open = true;
        log.info("Started");
    }

    /**
     * Stops writing; the entries stay for the nodes still running.
     */
    @Deactivate
    protected void deactivate() {
        open = false;
        log.info("Stopped");
    }

    @Override
    public synchronized void setStatus(DeviceId device, RuleOwner owner, Optional<OwnerStatus> status) {
        String key = owner + "@" + device;
        Optional<Long> term = masterTerm(device);
        if (!open || term.isEmpty()) {
            log.debug("not the master of {}: status of {} not recorded", device, owner);
            return;
        }
        if (status.isPresent()) {
            ObjectNode entry = entry(device, term.get()).put(STATE, status.get().state().name());
            status.get().reason().ifPresent(r -> entry.put(REASON, r));
            put(statuses, key, term.get(), entry.toString());
        } else {
            remove(statuses, key, term.get());
        }
    }

    @Override
    public Optional<OwnerStatus> status(DeviceId device, RuleOwner owner) {
        Versioned<String> entry = statuses.get(owner + "@" + device);
        if (entry == null) {
            return Optional.empty();
        }
        JsonNode json = json(entry.value());
        return Optional.of(new OwnerStatus(OwnerStatus.State.valueOf(json.path(STATE).asText()),
                                           json.hasNonNull(REASON) ? json.get(REASON).asText() : null));
    }

    @Override
    public synchronized void setWithdrawal(Withdrawal withdrawal, boolean pending) {
        if (!open) {
            return;
        }
        String key = withdrawal.tenant() + "/" + withdrawal.access().service() + "@" + withdrawal.access().vip()
                + "@" + withdrawal.device();
        if (pending) {
            masterTerm(withdrawal.device()).ifPresent(term -> put(withdrawals, key, term, entry(
                    withdrawal.device(), term).put(TENANT, withdrawal.tenant())
                    .put(SERVICE, withdrawal.access().service()).put(VIP, withdrawal.access().vip().toString())
                    .toString()));
            return;
        }
        // Confirmed by the master, or forgotten by the node that recorded it (it no longer programs the switch).
        long term = masterTerm(withdrawal.device()).orElse(-1L);
        withdrawals.computeIf(key, current -> current != null
                && (localNode.toString().equals(json(current).path(NODE).asText()) || termOf(current) <= term),
                              (k, current) -> null);
        written.remove(key);
    }

    @Override
    public Collection<Withdrawal> withdrawals() {
        List<Withdrawal> all = new ArrayList<>();
        for (Versioned<String> entry : withdrawals.values()) {
            JsonNode json = json(entry.value());
            all.add(new Withdrawal(DeviceId.deviceId(json.path(DEVICE).asText()), json.path(TENANT).asText(),
                                   new Access(json.path(SERVICE).asText(),
                                              Ip4Address.valueOf(json.path(VIP).asText()))));
        }
        return all;
    }

    // The term of this node's mastership of a switch; empty when another node (or none) is its master.
    private Optional<Long> masterTerm(DeviceId device) {
        MastershipInfo info = mastershipService.getMastershipFor(device);
        return info.master().filter(localNode::equals).map(n -> info.term());
    }

    private ObjectNode entry(DeviceId device, long term) {
        return mapper.createObjectNode().put(DEVICE, device.toString()).put(TERM, term)
                .put(NODE, localNode.toString());
    }

    // Writes an entry unless one of a later term is there.
    private void put(ConsistentMap<String, String> map, String key, long term, String value) {
        if (value.equals(written.get(key))) {
            return;
        }
        Versioned<String> now = map.computeIf(key, current -> current == null || termOf(current) <= term,
                                              (k, current) -> value);
        if (now != null && now.value().equals(value)) {
            written.put(key, value);
        } else {
            written.remove(key);
        }
    }

    // Removes an entry unless one of a later term is there.
    private void remove(ConsistentMap<String, String> map, String key, long term) {
        String marker = REMOVED + term;
        if (marker.equals(written.get(key))) {
            return;
        }
        map.computeIf(key, current -> current != null && termOf(current) <= term, (k, current) -> null);
        written.put(key, marker);
    }

    private long termOf(String entry) {
        return json(entry).path(TERM).asLong();
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new StateStoreException("stored tenantnat progress is unreadable: " + e.getMessage(), e);
        }
    }

    // ONOS runs deactivate hooks when the application is deactivated or uninstalled; only an uninstall (the
    // application is gone) drops the progress of every switch.
    private synchronized void purgeIfUninstalled() {
        if (applicationService.getState(appId) == null) {
            open = false;
            statuses.clear();
            withdrawals.clear();
            written.clear();
            log.info("Application uninstalled: progress of every switch removed");
        }
    }
}
