package org.tenantnat.drivers;

import org.onosproject.net.behaviour.ExtensionSelectorResolver;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.onosproject.net.driver.DriverHandler;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.Conntrack;
import org.tenantnat.pipeline.SwitchCapabilities;

import static org.onosproject.net.flow.criteria.ExtensionSelectorType.ExtensionSelectorTypes.NICIRA_MATCH_CONNTRACK_STATE;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_CT;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_NAT;

/**
 * Open vSwitch: one rule rewrites a whole prefix with a Nicira reg_load on the address's network bits, flows
 * answer ARP with Nicira moves, and pat translates through the connection tracker (NICIRA_CT with a nested
 * NICIRA_NAT, matched back by NICIRA_MATCH_CONNTRACK_STATE); every extension is made by the device driver's own
 * {@link ExtensionTreatmentResolver} and {@link ExtensionSelectorResolver} so ONOS's OpenFlow provider can encode
 * them.
 */
public class OvsTranslationCapabilities extends AbstractHandlerBehaviour
        implements TranslationCapabilitiesBehaviour {

    @Override
    public SwitchCapabilities capabilities() {
        DriverHandler handler = handler();
        if (!handler.hasBehaviour(ExtensionTreatmentResolver.class)) {
            return SwitchFamilies.openVSwitch(null, null, null);
        }
        ExtensionTreatmentResolver resolver = handler.behaviour(ExtensionTreatmentResolver.class);
        Conntrack conntrack = null;
        if (handler.hasBehaviour(ExtensionSelectorResolver.class)) {
            ExtensionSelectorResolver selectors = handler.behaviour(ExtensionSelectorResolver.class);
            conntrack = new Conntrack(() -> resolver.getExtensionInstruction(NICIRA_CT.type()),
                                      () -> resolver.getExtensionInstruction(NICIRA_NAT.type()),
                                      () -> selectors.getExtensionSelector(NICIRA_MATCH_CONNTRACK_STATE.type()));
        }
        return SwitchFamilies.openVSwitch(() -> resolver.getExtensionInstruction(NICIRA_LOAD.type()),
                                          resolver::getExtensionInstruction, conntrack);
    }
}
