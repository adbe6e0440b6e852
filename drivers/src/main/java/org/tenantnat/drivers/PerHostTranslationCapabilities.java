package org.tenantnat.drivers;

import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.SwitchCapabilities;

/**
 * Any OpenFlow 1.3 switch: exact set_field rewrites, one rule per host.
 */
public class PerHostTranslationCapabilities extends AbstractHandlerBehaviour
        implements TranslationCapabilitiesBehaviour {

    @Override
    public SwitchCapabilities capabilities() {
        return SwitchCapabilities.perHost();
    }
}
