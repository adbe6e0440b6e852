package org.tenantnat.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.onlab.osgi.ServiceDirectory;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.JsonCodec;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A {@link CodecContext} outside REST resources and shell commands, e.g. for the stores and the standalone host's
 * config file: codecs from a directory's {@link CodecService}, services from the same directory.
 */
public final class LocalCodecContext implements CodecContext {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ServiceDirectory services;
    private final CodecService codecs;

    /**
     * Creates a context.
     *
     * @param services directory holding at least a {@link CodecService}
     */
    public LocalCodecContext(ServiceDirectory services) {
        this.services = checkNotNull(services, "services");
        this.codecs = services.get(CodecService.class);
    }

    /**
     * Creates a context whose only service is a {@link TenantNatCodecService}.
     *
     * @return context
     */
    public static LocalCodecContext withTenantNatCodecs() {
        return new LocalCodecContext(new LocalServiceDirectory()
                                             .with(CodecService.class, new TenantNatCodecService()));
    }

    @Override
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public <T> JsonCodec<T> codec(Class<T> entityClass) {
        return codecs.getCodec(entityClass);
    }

    @Override
    public <T> T getService(Class<T> serviceClass) {
        return services.get(serviceClass);
    }
}
