package org.tenantnat.web;

import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;
import org.onlab.rest.BaseResource;
import org.onosproject.codec.CodecService;
import org.tenantnat.api.TenantNatService;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Gives the resources their services in a host without OSGi (the standalone host, tests): the
 * {@link TenantNatService} they speak for, the {@link CodecService} whose codecs write their JSON, and whatever else
 * the host offers them (its metrics, rule counts).
 * <p>
 * In ONOS a resource finds its services through onlab's {@link BaseResource}, whose directory looks them up
 * in the OSGi registry. That directory is a private static field with no setter; ONOS's own REST tests replace
 * it by reflection, and so does this class. It is one per JVM: the last services provided win.
 */
public final class ResourceServices {

    private static final String DIRECTORY_FIELD = "services";

    private ResourceServices() {
    }

    /**
     * Makes every resource of this JVM speak for a service and write JSON with a codec service.
     *
     * @param service the tenantnat service
     * @param codecs  the codec service holding the tenantnat codecs
     * @throws IllegalStateException when onlab's BaseResource no longer has the expected field
     */
    public static void provide(TenantNatService service, CodecService codecs) {
        provide(service, codecs, List.of());
    }

    /**
     * Makes every resource of this JVM speak for a service, with more services of the host beside it.
     *
     * @param service the service
     * @param codecs  the codecs of the service's types
     * @param others  more services; a resource asking for a type gets the first of them of that type
     * @throws IllegalStateException when onlab's BaseResource no longer has the expected field
     */
    public static void provide(TenantNatService service, CodecService codecs, List<?> others) {
        List<Object> all = new ArrayList<>();
        all.add(checkNotNull(service, "service"));
        all.add(checkNotNull(codecs, "codecs"));
        others.forEach(o -> all.add(checkNotNull(o, "other service")));
        install(new ListedServiceDirectory(all));
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

    /** A directory holding the tenantnat service, its codecs and the host's other services. */
    private static final class ListedServiceDirectory implements ServiceDirectory {

        private final List<Object> services;

        ListedServiceDirectory(List<Object> services) {
            this.services = List.copyOf(services);
        }

        @Override
        public <T> T get(Class<T> serviceClass) {
            return services.stream().filter(serviceClass::isInstance).map(serviceClass::cast).findFirst()
                    .orElseThrow(() -> new ServiceNotFoundException("no " + serviceClass.getName()
                                                                    + " in this host"));
        }
    }
}
