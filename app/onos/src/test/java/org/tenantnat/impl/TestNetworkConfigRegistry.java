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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network config registry that behaves like ONOS's for one subject: it validates a document with the config
 * class's isValid() before storing it (refusing it with ONOS's InvalidConfigException otherwise), stores it, and
 * posts CONFIG_ADDED, CONFIG_UPDATED and CONFIG_REMOVED to its listeners.
 */
class TestNetworkConfigRegistry extends NetworkConfigRegistryAdapter {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Class<?>, ConfigFactory<?, ?>> factories = new HashMap<>();
    private final Map<Class<?>, Config<?>> configs = new HashMap<>();
    private final List<NetworkConfigListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void registerConfigFactory(ConfigFactory configFactory) {
        factories.put(configFactory.configClass(), configFactory);
    }

    @Override
    public void unregisterConfigFactory(ConfigFactory configFactory) {
        factories.remove(configFactory.configClass());
    }

    /**
     * Tells whether a config class is registered.
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

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> C getConfig(S subject, Class<C> configClass) {
        return (C) configs.get(configClass);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> C applyConfig(S subject, Class<C> configClass, JsonNode json) {
        C config = create(subject, configClass, json);
        try {
            if (!config.isValid()) {
                throw new IllegalArgumentException("JSON node does not contain valid configuration");
            }
        } catch (RuntimeException e) {
            throw new InvalidConfigException("apps", subject.toString(), config.key(), e);
        }
        Config<?> previous = configs.put(configClass, config);
        post(new NetworkConfigEvent(previous == null ? NetworkConfigEvent.Type.CONFIG_ADDED
                                            : NetworkConfigEvent.Type.CONFIG_UPDATED,
                                    subject, config, previous, configClass));
        return config;
    }

    /**
     * Posts an event carrying a document without validating it, as ONOS does for a document stored before the
     * config class was registered or by another version of the app.
     *
     * @param subject     subject
     * @param configClass config class
     * @param json        document
     * @param <S>         subject type
     * @param <C>         config type
     */
    <S, C extends Config<S>> void postUnvalidated(S subject, Class<C> configClass, JsonNode json) {
        C config = create(subject, configClass, json);
        Config<?> previous = configs.put(configClass, config);
        post(new NetworkConfigEvent(NetworkConfigEvent.Type.CONFIG_UPDATED, subject, config, previous,
                                    configClass));
    }

    @Override
    public <S, C extends Config<S>> void removeConfig(S subject, Class<C> configClass) {
        Config<?> previous = configs.remove(configClass);
        post(new NetworkConfigEvent(NetworkConfigEvent.Type.CONFIG_REMOVED, subject, null, previous,
                                    configClass));
    }

    @SuppressWarnings("unchecked")
    private <S, C extends Config<S>> C create(S subject, Class<C> configClass, JsonNode json) {
        ConfigFactory<S, C> factory = (ConfigFactory<S, C>) factories.get(configClass);
        C config = factory.createConfig();
        config.init(subject, factory.configKey(), json, mapper, null);
        return config;
    }

    private void post(NetworkConfigEvent event) {
        listeners.stream().filter(l -> l.isRelevant(event)).forEach(l -> l.event(event));
    }
}
