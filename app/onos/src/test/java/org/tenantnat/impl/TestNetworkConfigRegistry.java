package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.onosproject.net.config.Config;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.InvalidConfigException;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistryAdapter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Network config as one node of a test cluster sees it, behaving like ONOS 2.7's for one subject: the documents
 * are the cluster's (every node reads what any node stored); a node validates a document with its own config
 * factory's isValid() before storing it, refusing it with ONOS's InvalidConfigException otherwise; every node with
 * the config class registered hears CONFIG_ADDED, CONFIG_UPDATED and CONFIG_REMOVED with a config object of its
 * own, made from a copy of the stored JSON and not validated. A registry made with the no-argument constructor is
 * the only node of its cluster.
 */
class TestNetworkConfigRegistry extends NetworkConfigRegistryAdapter {

    /** The cluster's network config: one per test cluster, shared by every node's view. */
    static final class Store {
        private final Map<Class<?>, JsonNode> stored = new HashMap<>();
        private final List<TestNetworkConfigRegistry> views = new CopyOnWriteArrayList<>();
        private int writes;

        /**
         * Returns how many documents were stored so far, by any node.
         *
         * @return writes
         */
        synchronized int writes() {
            return writes;
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Store documents;
    private final Map<Class<?>, ConfigFactory<?, ?>> factories = new ConcurrentHashMap<>();
    private final List<NetworkConfigListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates the network config of a one-node cluster.
     */
    TestNetworkConfigRegistry() {
        this(new Store());
    }

    /**
     * Creates one node's view of a cluster's network config.
     *
     * @param documents the cluster's documents
     */
    TestNetworkConfigRegistry(Store documents) {
        this.documents = documents;
        documents.views.add(this);
    }

    @Override
    public void registerConfigFactory(ConfigFactory configFactory) {
        factories.put(configFactory.configClass(), configFactory);
    }

    @Override
    public void unregisterConfigFactory(ConfigFactory configFactory) {
        factories.remove(configFactory.configClass());
    }

    /**
     * Tells whether a config class is registered on this node.
     *
     * @param configClass config class
     * @return true when registered
     */
    boolean isRegistered(Class<?> configClass) {
        return factories.containsKey(configClass);
    }

    @Override
    public void addListener(NetworkConfigListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(NetworkConfigListener listener) {
        listeners.remove(listener);
    }

    /**
     * Takes this node out of the cluster, as when it crashes: it hears nothing more.
     */
    void detach() {
        documents.views.remove(this);
    }

    @Override
    public <S, C extends Config<S>> C getConfig(S subject, Class<C> configClass) {
        JsonNode json;
        synchronized (documents) {
            json = documents.stored.get(configClass);
        }
        return json == null || !factories.containsKey(configClass) ? null
                : create(subject, configClass, json.deepCopy());
    }

    @Override
    public <S, C extends Config<S>> C applyConfig(S subject, Class<C> configClass, JsonNode json) {
        C config = create(subject, configClass, json);
        try {
            if (!config.isValid()) {
                throw new IllegalArgumentException("JSON node does not contain valid configuration");
            }
        } catch (RuntimeException e) {
            throw new InvalidConfigException("apps", subject.toString(), config.key(), e);
        }
        store(subject, configClass, json);
        return config;
    }

    /**
     * Stores a document without validating it, as ONOS does for a document stored before the config class was
     * registered or by another version of the app.
     *
     * @param subject     subject
     * @param configClass config class
     * @param json        document
     * @param <S>         subject type
     * @param <C>         config type
     */
    <S, C extends Config<S>> void postUnvalidated(S subject, Class<C> configClass, JsonNode json) {
        store(subject, configClass, json);
    }

    @Override
    public <S, C extends Config<S>> void removeConfig(S subject, Class<C> configClass) {
        synchronized (documents) {
            JsonNode previous = documents.stored.remove(configClass);
            if (previous != null) {
                documents.views.forEach(v -> v.post(NetworkConfigEvent.Type.CONFIG_REMOVED, subject, configClass,
                                                    null, previous));
            }
        }
    }

    // Under the cluster's lock, so every node hears the changes in the order they were stored.
    private <S, C extends Config<S>> void store(S subject, Class<C> configClass, JsonNode json) {
        synchronized (documents) {
            JsonNode previous = documents.stored.put(configClass, json.deepCopy());
            documents.writes++;
            documents.views.forEach(v -> v.post(previous == null ? NetworkConfigEvent.Type.CONFIG_ADDED
                                                        : NetworkConfigEvent.Type.CONFIG_UPDATED,
                                                subject, configClass, json, previous));
        }
    }

    private <S, C extends Config<S>> void post(NetworkConfigEvent.Type type, S subject, Class<C> configClass,
                                               JsonNode json, JsonNode previous) {
        if (!factories.containsKey(configClass)) {
            return;
        }
        C config = json == null ? null : create(subject, configClass, json.deepCopy());
        C before = previous == null ? null : create(subject, configClass, previous.deepCopy());
        NetworkConfigEvent event = new NetworkConfigEvent(type, subject, config, before, configClass);
        listeners.stream().filter(l -> l.isRelevant(event)).forEach(l -> l.event(event));
    }

    @SuppressWarnings("unchecked")
    private <S, C extends Config<S>> C create(S subject, Class<C> configClass, JsonNode json) {
        ConfigFactory<S, C> factory = (ConfigFactory<S, C>) factories.get(configClass);
        C config = factory.createConfig();
        config.init(subject, factory.configKey(), json, mapper, null);
        return config;
    }
}
