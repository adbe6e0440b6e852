package org.tenantnat.history;

import com.google.common.collect.ImmutableList;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The records of the history of changes held in memory, by revision, answering queries. Each host keeps its
 * records durably in its own way and holds them here as well. Thread-safe.
 */
public final class ChangeLog implements ChangeHistoryService {

    private final NavigableMap<Long, ChangeRecord> records = new TreeMap<>();

    /**
     * Adds a record, replacing one of the same revision.
     *
     * @param record record
     */
    public synchronized void put(ChangeRecord record) {
        records.put(record.revision(), record);
    }

    /**
     * Removes the record of a revision, if held.
     *
     * @param revision revision
     */
    public synchronized void remove(long revision) {
        records.remove(revision);
    }

    /**
     * Removes every record.
     */
    public synchronized void clear() {
        records.clear();
    }

    /**
     * Returns the record of a revision.
     *
     * @param revision revision
     * @return record, empty when none is held
     */
    public synchronized Optional<ChangeRecord> get(long revision) {
        return Optional.ofNullable(records.get(revision));
    }

    /**
     * Returns every record.
     *
     * @return records, oldest first
     */
    public synchronized List<ChangeRecord> all() {
        return ImmutableList.copyOf(records.values());
    }

    /**
     * Returns how many records are held.
     *
     * @return count
     */
    public synchronized int size() {
        return records.size();
    }

    /**
     * Drops the oldest records that the retention no longer keeps.
     *
     * @param retention how long records are kept
     * @param now       the time now
     * @return the records dropped, oldest first
     */
    public synchronized List<ChangeRecord> prune(Retention retention, Instant now) {
        List<ChangeRecord> dropped = new ArrayList<>();
        Iterator<ChangeRecord> oldestFirst = records.values().iterator();
        int newer = records.size() - 1;
        // Records are pruned from the oldest on: the first one kept keeps every newer one.
        while (oldestFirst.hasNext()) {
            ChangeRecord r = oldestFirst.next();
            if (!retention.drops(r.time(), newer--, now)) {
                break;
            }
            dropped.add(r);
            oldestFirst.remove();
        }
        return dropped;
    }

    @Override
    public synchronized List<ChangeRecord> changes(long since, long before, int limit) {
        checkArgument(since >= 0, "since must not be negative, got %s", since);
        checkArgument(limit >= 1 && limit <= MAX_LIMIT, "limit must be 1..%s, got %s", MAX_LIMIT, limit);
        if (before <= since || before - since == 1) {
            return List.of();
        }
        List<ChangeRecord> newestFirst = new ArrayList<>(limit);
        for (ChangeRecord r : records.subMap(since, false, before, false).descendingMap().values()) {
            if (newestFirst.size() == limit) {
                break;
            }
            newestFirst.add(r);
        }
        return newestFirst;
    }
}
