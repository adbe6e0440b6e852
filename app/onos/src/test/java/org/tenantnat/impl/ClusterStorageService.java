package org.tenantnat.impl;

import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.TestConsistentMap;
import org.onosproject.store.service.TestStorageService;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ONOS's test storage with one difference that matters here: a map built twice under one name is the same map, as
 * in a cluster (two nodes) or across an application restart. Values still go through the map's serializer.
 */
class ClusterStorageService extends TestStorageService {

    private final Map<String, ConsistentMap<?, ?>> maps = new ConcurrentHashMap<>();

    @Override
    public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
        return new ConsistentMapBuilder<>() {
            @Override
            @SuppressWarnings("unchecked")
            public ConsistentMap<K, V> build() {
                return (ConsistentMap<K, V>) maps.computeIfAbsent(name(), n -> {
                    TestConsistentMap.Builder<K, V> builder = TestConsistentMap.builder();
                    builder.withName(n);
                    builder.withSerializer(serializer());
                    return builder.build();
                });
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
     * @return map
     */
    @SuppressWarnings("unchecked")
    <K, V> ConsistentMap<K, V> map(String name) {
        return (ConsistentMap<K, V>) maps.get(name);
    }
}
