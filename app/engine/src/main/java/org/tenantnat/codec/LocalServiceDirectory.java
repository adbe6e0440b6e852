package org.tenantnat.codec;

import com.google.common.collect.ImmutableMap;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;

import java.util.Map;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The services of a host without OSGi (the standalone host, tests), found by their interface as ONOS code finds
 * them in the OSGi registry. Immutable: {@link #with} returns a new directory.
 */
public final class LocalServiceDirectory implements ServiceDirectory {

    private final Map<Class<?>, Object> services;

    /**
     * Creates an empty directory.
     */
    public LocalServiceDirectory() {
        this(ImmutableMap.of());
    }

    private LocalServiceDirectory(Map<Class<?>, Object> services) {
        this.services = services;
    }

    /**
     * Returns a directory that also holds a service.
     *
     * @param serviceClass the interface it is found by
     * @param service      the service
     * @param <T>          service type
     * @return new directory
     */
    public <T> LocalServiceDirectory with(Class<T> serviceClass, T service) {
        checkNotNull(service, "service");
        return new LocalServiceDirectory(ImmutableMap.<Class<?>, Object>builder().putAll(services)
                                                 .put(serviceClass, service).build());
    }

    @Override
    public <T> T get(Class<T> serviceClass) {
        Object service = services.get(serviceClass);
        if (service == null) {
            throw new ServiceNotFoundException("no " + serviceClass.getName() + " in this host");
        }
        return serviceClass.cast(service);
    }
}
