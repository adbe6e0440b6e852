package org.tenantnat.impl;

import org.junit.jupiter.api.Test;
import org.tenantnat.codec.TenantNatCodecService;
import org.tenantnat.codec.TenantNatCodecs;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The component puts every tenantnat codec in ONOS's codec service while active, and takes them out again.
 */
class TenantNatCodecRegistratorTest {

    @Test
    void registersEveryCodecOnActivationAndNoneAfterDeactivation() {
        TenantNatCodecService codecs = new TenantNatCodecService();
        TenantNatCodecs.unregister(codecs);
        TenantNatCodecRegistrator registrator = new TenantNatCodecRegistrator();
        registrator.codecService = codecs;

        registrator.activate();
        Set<Class<?>> active = codecs.getCodecs();
        registrator.deactivate();

        assertEquals(Set.copyOf(TenantNatCodecs.TYPES), active);
        assertEquals(Set.of(), codecs.getCodecs());
    }
}
