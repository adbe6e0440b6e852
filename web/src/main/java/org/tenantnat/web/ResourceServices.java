package org.tenantnat.web;

import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;
import org.onlab.rest.BaseResource;
import org.tenantnat.api.TenantNatService;

import java.lang.reflect.Field;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Gives the resources their {@link TenantNatService} in a host without OSGi (the standalone host, tests).
 * <p>
 * In ONOS a resource finds its services through onlab's {@link BaseResource}, whose directory looks them up
 * in the OSGi registry. That directory is a private static field with no setter; ONOS's own REST tests replace
 * it by reflection, and so does this class. It is one per JVM: the last service provided wins.
 */
public final class ResourceServices {

    private static final String DIRECTORY_FIELD = "services";

    private ResourceServices() {
    }

    /**
     * Makes every resource of this JVM speak for a service.
     *
     * @param service the service
     * @throws IllegalStateException when onlab's BaseResource no longer has the expected field
     */
    public static void provide(TenantNatService service) {
        checkNotNull(service, "service");
        install(new SingleServiceDirectory(service));
    }

    private static void install(ServiceDirectory directory) {
        try {
            Field field = BaseResource.class.getDeclaredField(DIRECTORY_FIELD);
            field.setAccessible(true);
            field.set(null, directory);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot give REST resources their service directory", e);
        }
    }

    /** A directory holding just the tenantnat service. */
    private static final class SingleServiceDirectory implements ServiceDirectory {

        private final TenantNatService service;

        SingleServiceDirectory(TenantNatService service) {
            this.service = service;
        }

        @Override
        public <T> T get(Class<T> serviceClass) {
            if (serviceClass.isInstance(service)) {
                return serviceClass.cast(service);
            }
            throw new ServiceNotFoundException("no " + serviceClass.getName() + " in this host");
        }
    }
}
