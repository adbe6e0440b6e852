package org.tenantnat.codec;

import com.google.common.collect.ImmutableSet;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.JsonCodec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link CodecService} of a host without ONOS (the standalone host, tests): holds the tenantnat codecs, as
 * ONOS's codec manager does once the application registered them.
 */
public final class TenantNatCodecService implements CodecService {

    private final Map<Class<?>, JsonCodec<?>> codecs = new ConcurrentHashMap<>();

    /**
     * Creates the service holding every tenantnat codec.
     */
    public TenantNatCodecService() {
        TenantNatCodecs.register(this);
    }

    @Override
    public Set<Class<?>> getCodecs() {
        return ImmutableSet.copyOf(codecs.keySet());
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> JsonCodec<T> getCodec(Class<T> entityClass) {
        // Each codec is stored under the class it was registered for.
        return (JsonCodec<T>) codecs.get(entityClass);
    }

    @Override
    public <T> void registerCodec(Class<T> entityClass, JsonCodec<T> codec) {
        codecs.put(entityClass, codec);
    }

    @Override
    public void unregisterCodec(Class<?> entityClass) {
        codecs.remove(entityClass);
    }
}
