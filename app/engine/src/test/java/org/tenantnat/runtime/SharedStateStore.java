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
import org.tenantnat.store.StoredState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One store shared by several writers, as a cluster's storage is: each writer gets its own view; a commit computed
 * on an older revision is refused; every other view hears each commit, in revision order, on a thread of its own
 * (asynchronously, as cluster events arrive).
 */
final class SharedStateStore {

    private final RecordCodec codec = new RecordCodec();
    private final Map<String, JsonNode> records = new TreeMap<>();
    private final List<View> views = new ArrayList<>();
    private long revision;
    private int refused;

    /**
     * Returns a new writer's view.
     *
     * @return store
     */
    synchronized View view() {
        View v = new View();
        views.add(v);
        return v;
    }

    /** Returns how many commits were refused as computed on an older revision. */
    synchronized int refused() {
        return refused;
    }

    /** Waits until every view has delivered every event. */
    void drain() throws Exception {
        for (View v : List.copyOf(views)) {
            v.events.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    private synchronized long commit(View from, long base, StateChange change) {
        if (base != revision) {
            refused++;
            throw new ConcurrentChangeException(base, revision);
        }
        codec.encodeRecords(change).forEach((key, value) -> {
            if (value.isPresent()) {
                records.put(key, value.get());
            } else {
                records.remove(key);
            }
        });
        long committed = ++revision;
        StateChange stored = codec.decodeRecords(change.origin(), codec.encodeRecords(change));
        for (View v : views) {
            if (v != from) {
                v.events.execute(() -> v.deliver(new StateEvent(committed, stored)));
            }
        }
        return committed;
    }

    private synchronized StoredState load() {
        Map<String, Optional<JsonNode>> all = new TreeMap<>();
        records.forEach((k, v) -> all.put(k, Optional.of(v)));
        return new StoredState(revision, codec.decodeRecords(Origin.SYSTEM, all));
    }

    /** One writer's view of the shared store. */
    final class View extends AbstractStore<StateEvent, StateStoreDelegate> implements StateStore {
        private final ExecutorService events = Executors.newSingleThreadExecutor();

        @Override
        public StoredState load() {
            return SharedStateStore.this.load();
        }

        @Override
        public long commit(long base, StateChange change) {
            return SharedStateStore.this.commit(this, base, change);
        }

        private void deliver(StateEvent event) {
            notifyDelegate(event);
        }

        /**
         * Holds the delivery of events to this view until the returned latch is counted down, as a slow node
         * would.
         *
         * @return the latch that lets them through
         */
        CountDownLatch hold() {
            CountDownLatch gate = new CountDownLatch(1);
            events.execute(() -> {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return gate;
        }

        void close() throws InterruptedException {
            events.shutdown();
            events.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
