package org.tenantnat.drivers;

import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.onosproject.net.driver.DriverHandler;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.SwitchCapabilities;

import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;

/**
 * Open vSwitch: one rule rewrites a whole prefix with a Nicira reg_load on the address's network bits, and flows
 * answer ARP with Nicira moves; both extensions are made by the device driver's own {@link ExtensionTreatmentResolver}
 * so ONOS's OpenFlow provider can encode them.
 */
public class OvsTranslationCapabilities extends AbstractHandlerBehaviour
        implements TranslationCapabilitiesBehaviour {

    @Override
    public SwitchCapabilities capabilities() {
        DriverHandler handler = handler();
        if (!handler.hasBehaviour(ExtensionTreatmentResolver.class)) {
            return SwitchFamilies.openVSwitch(null, null);
        }
        ExtensionTreatmentResolver resolver = handler.behaviour(ExtensionTreatmentResolver.class);
        return SwitchFamilies.openVSwitch(() -> resolver.getExtensionInstruction(NICIRA_LOAD.type()),
                                          resolver::getExtensionInstruction);
    }
}
