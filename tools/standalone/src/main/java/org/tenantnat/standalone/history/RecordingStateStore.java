package org.tenantnat.standalone.history;

import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.history.ChangeSummary;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StoredState;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state store of a host with one writer, recording each operator's change in the history of changes as it
 * commits it: the record is written and synced first, then the change is committed, then the record is listed. A
 * commit that fails takes its record back; a record whose commit never happened (the host was killed in between)
 * is dropped when the state is next loaded, since its revision is beyond the state's. So once a change is
 * acknowledged its record is kept, and a kept record is a committed change.
 * <p>
 * What a change did is described against the desired state as the committed records left it, which this store
 * follows from every load and commit (settings, and services, tenants and declared links by name; the runtime's own
 * objects).
 */
public final class RecordingStateStore implements StateStore {

    private final StateStore store;
    private final FileChangeHistory history;
    private final Clock clock;
    // The desired state as the committed records left it: the same objects as the runtime's, held by name.
    private ProviderSettings settings = ProviderSettings.DEFAULTS;
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Tenant> tenants = new HashMap<>();
    private final Map<String, FabricLink> links = new HashMap<>();

    /**
     * Records the changes committed to a store.
     *
     * @param store   the store, whose only writer this is
     * @param history where changes are recorded
     * @param clock   the time records are stamped with
     */
    public RecordingStateStore(StateStore store, FileChangeHistory history, Clock clock) {
        this.store = store;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public synchronized StoredState load() {
        StoredState stored = store.load();
        history.recover(stored.revision());
        settings = ProviderSettings.DEFAULTS;
        services.clear();
        tenants.clear();
        links.clear();
        follow(stored.records());
        return stored;
    }

    @Override
    public synchronized long commit(long base, StateChange change) {
        List<String> summary = ChangeSummary.describe(settings, name -> Optional.ofNullable(services.get(name)),
                                                      name -> Optional.ofNullable(tenants.get(name)),
                                                      key -> Optional.ofNullable(links.get(key)), change);
        if (!ChangeRecord.isRecorded(change.origin(), summary)) {
            return committed(store.commit(base, change), change);
        }
        ChangeRecord record = new ChangeRecord(base + 1, clock.instant(), change.origin(), summary);
        history.prepare(record);
        long revision;
        try {
            revision = store.commit(base, change);
        } catch (RuntimeException e) {
            history.retract();
            throw e;
        }
        history.confirm(record);
        return committed(revision, change);
    }

    private long committed(long revision, StateChange change) {
        follow(change);
        return revision;
    }

    private void follow(StateChange change) {
        change.settings().ifPresent(s -> settings = s);
        change.services().forEach((name, s) -> s.ifPresentOrElse(v -> services.put(name, v),
                                                                  () -> services.remove(name)));
        change.tenants().forEach((name, t) -> t.ifPresentOrElse(v -> tenants.put(name, v),
                                                                 () -> tenants.remove(name)));
        change.links().forEach((key, l) -> l.ifPresentOrElse(v -> links.put(key, v), () -> links.remove(key)));
    }

    @Override
    public void setDelegate(StateStoreDelegate delegate) {
        store.setDelegate(delegate);
    }

    @Override
    public void unsetDelegate(StateStoreDelegate delegate) {
        store.unsetDelegate(delegate);
    }

    @Override
    public boolean hasDelegate() {
        return store.hasDelegate();
    }
}
