package org.tenantnat.behaviour;

import org.onosproject.net.driver.HandlerBehaviour;
import org.tenantnat.pipeline.SwitchCapabilities;

/**
 * How a switch family expresses an address translation, looked up on the device's driver. The drivers bundle
 * attaches implementations to ONOS's {@code ovs} and {@code default} drivers; a device whose driver has none is
 * treated as a plain OpenFlow 1.3 switch.
 */
public interface TranslationCapabilitiesBehaviour extends HandlerBehaviour {

    /**
     * Returns how the handled switch rewrites addresses.
     *
     * @return capabilities
     */
    SwitchCapabilities capabilities();
}
