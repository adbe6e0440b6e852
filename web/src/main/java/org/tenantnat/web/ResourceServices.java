package org.tenantnat.web;

import org.onlab.osgi.ServiceDirectory;
import org.onlab.rest.BaseResource;
import org.onosproject.codec.CodecService;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.LocalServiceDirectory;

import java.lang.reflect.Field;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Gives the resources their services in a host without OSGi (the standalone host, tests): the
 * {@link TenantNatService} they speak for and the {@link CodecService} whose codecs write their JSON.
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
        checkNotNull(service, "service");
        checkNotNull(codecs, "codecs");
        install(new LocalServiceDirectory().with(TenantNatService.class, service)
                        .with(CodecService.class, codecs));
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
}
