package org.tenantnat.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import org.onosproject.store.service.ConsistentMapAdapter;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.Versioned;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A consistent map shared by the nodes of an in-process test cluster, with the guarantees tenantnat relies on from
 * ONOS's Atomix maps, which ONOS's own TestConsistentMap does not give: every operation is atomic (a versioned
 * replace or a computeIf is one step, not a get then a put), every update gets a new version, and each listener
 * hears every update in commit order, on a thread of its own, after the update (Atomix delivers map events
 * asynchronously, in order). Values go through the map's serializer, so no node shares another's objects.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class ClusterConsistentMap<K, V> extends ConsistentMapAdapter<K, V> {

    private final String name;
    private final Serializer serializer;
    private final ClusterStorageService storage;
    private final Map<K, Versioned<byte[]>> entries = new HashMap<>();
    private final Map<MapEventListener<K, V>, Delivery> listeners = new LinkedHashMap<>();
    private long version;

    ClusterConsistentMap(String name, Serializer serializer, ClusterStorageService storage) {
        this.name = name;
        this.serializer = serializer;
        this.storage = storage;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return entries.containsKey(key);
    }

    @Override
    public synchronized boolean containsValue(V value) {
        return entries.values().stream().anyMatch(v -> decode(v).value().equals(value));
    }

    @Override
    public synchronized Versioned<V> get(K key) {
        return decode(entries.get(key));
    }

    @Override
    public synchronized Versioned<V> getOrDefault(K key, V defaultValue) {
        Versioned<V> value = get(key);
        return value != null ? value : new Versioned<>(defaultValue, 0);
    }

    @Override
    public Versioned<V> computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        return computeIf(key, current -> current == null, (k, current) -> mappingFunction.apply(k));
    }

    @Override
    public Versioned<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return computeIf(key, current -> true, remappingFunction);
    }

    @Override
    public Versioned<V> computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return computeIf(key, current -> current != null, remappingFunction);
    }

    @Override
    public Versioned<V> computeIf(K key, Predicate<? super V> condition,
                                  BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<V> current = get(key);
            V currentValue = current == null ? null : current.value();
            if (!condition.test(currentValue)) {
                return current;
            }
            V next = remappingFunction.apply(key, currentValue);
            if (next == null) {
                if (current != null) {
                    removeEntry(key);
                }
                return null;
            }
            return write(key, next);
        }
    }

    @Override
    public Versioned<V> put(K key, V value) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<V> previous = get(key);
            write(key, value);
            return previous;
        }
    }

    @Override
    public Versioned<V> putAndGet(K key, V value) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            return write(key, value);
        }
    }

    @Override
    public Versioned<V> remove(K key) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            return entries.containsKey(key) ? removeEntry(key) : null;
        }
    }

    @Override
    public synchronized void clear() {
        for (K key : ImmutableList.copyOf(entries.keySet())) {
            removeEntry(key);
        }
    }

    @Override
    public synchronized Set<K> keySet() {
        return ImmutableSet.copyOf(entries.keySet());
    }

    @Override
    public synchronized Collection<Versioned<V>> values() {
        return entries.values().stream().map(this::decode).collect(ImmutableList.toImmutableList());
    }

    @Override
    public synchronized Set<Map.Entry<K, Versioned<V>>> entrySet() {
        ImmutableSet.Builder<Map.Entry<K, Versioned<V>>> all = ImmutableSet.builder();
        entries.forEach((k, v) -> all.add(new AbstractMap.SimpleImmutableEntry<>(k, decode(v))));
        return all.build();
    }

    @Override
    public Versioned<V> putIfAbsent(K key, V value) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<V> current = get(key);
            if (current == null) {
                write(key, value);
            }
            return current;
        }
    }

    @Override
    public boolean remove(K key, V value) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<V> current = get(key);
            if (current == null || !current.value().equals(value)) {
                return false;
            }
            removeEntry(key);
            return true;
        }
    }

    @Override
    public boolean remove(K key, long version) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<byte[]> current = entries.get(key);
            if (current == null || current.version() != version) {
                return false;
            }
            removeEntry(key);
            return true;
        }
    }

    @Override
    public Versioned<V> replace(K key, V value) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<V> current = get(key);
            if (current != null) {
                write(key, value);
            }
            return current;
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<V> current = get(key);
            if (current == null || !current.value().equals(oldValue)) {
                return false;
            }
            write(key, newValue);
            return true;
        }
    }

    @Override
    public boolean replace(K key, long oldVersion, V newValue) {
        storage.beforeUpdate(name, key);
        synchronized (this) {
            Versioned<byte[]> current = entries.get(key);
            if (current == null || current.version() != oldVersion) {
                return false;
            }
            write(key, newValue);
            return true;
        }
    }

    @Override
    public synchronized void addListener(MapEventListener<K, V> listener, Executor executor) {
        listeners.put(listener, new Delivery(listener, executor));
    }

    @Override
    public synchronized void removeListener(MapEventListener<K, V> listener) {
        Delivery delivery = listeners.remove(listener);
        if (delivery != null) {
            delivery.close();
        }
    }

    // Under the map's lock: the update and the hand-over of its event happen in one step, so events go out in
    // commit order.
    private Versioned<V> write(K key, V value) {
        Versioned<byte[]> previous = entries.get(key);
        Versioned<byte[]> next = new Versioned<>(serializer.encode(value), ++version);
        entries.put(key, next);
        publish(new MapEvent<>(previous == null ? MapEvent.Type.INSERT : MapEvent.Type.UPDATE, name, key,
                               decode(next), decode(previous)));
        return decode(next);
    }

    private Versioned<V> removeEntry(K key) {
        Versioned<V> previous = decode(entries.remove(key));
        version++;
        publish(new MapEvent<>(MapEvent.Type.REMOVE, name, key, null, previous));
        return previous;
    }

    private void publish(MapEvent<K, V> event) {
        listeners.values().forEach(d -> d.deliver(event));
    }

    private Versioned<V> decode(Versioned<byte[]> stored) {
        return stored == null ? null : new Versioned<>(serializer.decode(stored.value()), stored.version(),
                                                       stored.creationTime());
    }

    // One listener's events, on a thread of its own, in the order they were published.
    private final class Delivery {
        private final MapEventListener<K, V> listener;
        private final Executor executor;
        private final ExecutorService thread;
        private volatile boolean closed;

        Delivery(MapEventListener<K, V> listener, Executor executor) {
            this.listener = listener;
            this.executor = executor;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "test-map-events-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        void deliver(MapEvent<K, V> event) {
            storage.eventQueued();
            thread.execute(() -> {
                try {
                    if (!closed) {
                        executor.execute(() -> listener.event(event));
                    }
                } catch (RuntimeException | Error e) {
                    storage.listenerFailed(name, e);
                } finally {
                    storage.eventDelivered();
                }
            });
        }

        void close() {
            closed = true;
            thread.shutdown();
        }
    }

    // Not a java.util.Map view: tenantnat does not use one.
    @Override
    public Map<K, V> asJavaMap() {
        throw new UnsupportedOperationException("not used by tenantnat");
    }
}
