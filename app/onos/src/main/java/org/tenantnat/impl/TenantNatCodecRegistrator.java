package org.tenantnat.impl;

import org.onosproject.codec.CodecService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.tenantnat.codec.TenantNatCodecs;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * Registers the tenantnat codecs with ONOS's codec service while the application is active, so the REST
 * resources and the {@code -j} output of the CLI commands write each type with the same codec.
 */
@Component(immediate = true)
public class TenantNatCodecRegistrator {

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CodecService codecService;

    @Activate
    protected void activate() {
        TenantNatCodecs.register(codecService);
        log.info("Started: {} codecs registered", TenantNatCodecs.TYPES.size());
    }

    @Deactivate
    protected void deactivate() {
        TenantNatCodecs.unregister(codecService);
        log.info("Stopped");
    }
}
