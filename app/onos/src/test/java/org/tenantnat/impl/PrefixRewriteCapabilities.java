package org.tenantnat.impl;

import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.SwitchCapabilities;

/**
 * A test driver behaviour: prefix rewrite with the project's own NICIRA_LOAD treatment.
 */
public class PrefixRewriteCapabilities extends AbstractHandlerBehaviour implements TranslationCapabilitiesBehaviour {

    @Override
    public SwitchCapabilities capabilities() {
        return SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new);
    }
}
