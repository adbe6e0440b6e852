package org.tenantnat.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.onosproject.store.AbstractStore;
import org.tenantnat.api.Origin;
import org.tenantnat.store.ConcurrentChangeException;
import org.tenantnat.store.RecordCodec;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateEvent;
import org.tenantnat.store.StateStore;
import org.tenantnat.store.StateStoreDelegate;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StoredState;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps the records in memory in their stored JSON form, so a second runtime on the same store sees what a restart
 * sees; counts the commits and the records written, so a test can tell that a rejected change stored nothing and a
 * one-tenant change wrote one tenant's records.
 */
public final class MemoryStateStore extends AbstractStore<StateEvent, StateStoreDelegate> implements StateStore {

    private final RecordCodec codec = new RecordCodec();
    private final Map<String, JsonNode> records = new TreeMap<>();
    private long revision;
    private int commits;
    private int written;
    private StateStoreException refusal;

    @Override
    public synchronized StoredState load() {
        Map<String, Optional<JsonNode>> all = new TreeMap<>();
        records.forEach((k, v) -> all.put(k, Optional.of(v)));
        return new StoredState(revision, codec.decodeRecords(Origin.SYSTEM, all));
    }

    @Override
    public synchronized long commit(long base, StateChange change) {
        if (refusal != null) {
            throw refusal;
        }
        if (base != revision) {
            throw new ConcurrentChangeException(base, revision);
        }
        Map<String, Optional<JsonNode>> changed = codec.encodeRecords(change);
        changed.forEach((key, value) -> {
            if (value.isPresent()) {
                records.put(key, value.get());
            } else {
                records.remove(key);
            }
        });
        commits++;
        written += changed.size();
        return ++revision;
    }

    /**
     * Makes every commit from now on fail, as a store that cannot keep changes (a full disk...) does.
     *
     * @param error what commits throw; null to keep changes again
     */
    public synchronized void refuseCommits(StateStoreException error) {
        refusal = error;
    }

    /**
     * Returns the records held, as their stored JSON.
     *
     * @return key to value
     */
    public synchronized Map<String, JsonNode> records() {
        return new TreeMap<>(records);
    }

    /**
     * Returns how many changes were committed.
     *
     * @return commits
     */
    public synchronized int saves() {
        return commits;
    }

    /**
     * Returns how many records all commits wrote or removed.
     *
     * @return records written
     */
    public synchronized int recordsWritten() {
        return written;
    }
}
