package org.tenantnat.impl;

import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.TestStorageService;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The storage of an in-process test cluster: a map built under one name is the same map for every node (and across
 * an application restart), as in ONOS. Its maps are {@link ClusterConsistentMap}s: atomic, versioned, with events
 * delivered asynchronously in commit order. A test can wait until every event has been delivered, see any
 * exception a listener threw, and stall a chosen update to interleave nodes deterministically.
 */
class ClusterStorageService extends TestStorageService {

    private final Map<String, ClusterConsistentMap<?, ?>> maps = new ConcurrentHashMap<>();
    private final AtomicInteger undelivered = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, Object> beforeUpdate = (map, key) -> { };

    @Override
    public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
        return new ConsistentMapBuilder<>() {
            @Override
            @SuppressWarnings("unchecked")
            public ConsistentMap<K, V> build() {
                return (ConsistentMap<K, V>) maps.computeIfAbsent(
                        name(), n -> new ClusterConsistentMap<>(n, serializer(), ClusterStorageService.this));
            }

            @Override
            public AsyncConsistentMap<K, V> buildAsyncMap() {
                throw new UnsupportedOperationException("tenantnat uses the synchronous map");
            }
        };
    }

    /**
     * Returns a map built earlier.
     *
     * @param name map name
     * @param <K>  key type
     * @param <V>  value type
     * @return map, null when no node built it
     */
    @SuppressWarnings("unchecked")
    <K, V> ClusterConsistentMap<K, V> map(String name) {
        return (ClusterConsistentMap<K, V>) maps.get(name);
    }

    /**
     * Runs a hook before every update of any map, outside the map's lock, on the updating thread: a test can stall
     * one node's update there while others go on.
     *
     * @param hook takes the map name and the key
     */
    void beforeEveryUpdate(BiConsumer<String, Object> hook) {
        beforeUpdate = hook;
    }

    /**
     * Waits until every event published so far (and every event those caused) has been delivered.
     *
     * @param timeout longest wait
     * @param unit    its unit
     * @throws TimeoutException     when events are still undelivered
     * @throws InterruptedException when interrupted
     */
    void awaitDelivered(long timeout, TimeUnit unit) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (undelivered.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(undelivered.get() + " map events still undelivered");
            }
            Thread.sleep(1);
        }
    }

    /**
     * Returns the number of events published so far.
     *
     * @return events
     */
    long published() {
        return published.get();
    }

    /**
     * Returns what listeners threw.
     *
     * @return failures, in order
     */
    List<Throwable> failures() {
        return failures;
    }

    void beforeUpdate(String map, Object key) {
        beforeUpdate.accept(map, key);
    }

    void eventQueued() {
        published.incrementAndGet();
        undelivered.incrementAndGet();
    }

    void eventDelivered() {
        undelivered.decrementAndGet();
    }

    void listenerFailed(String map, Throwable failure) {
        failures.add(new AssertionError("a listener of " + map + " threw " + failure, failure));
    }
}
