package org.tenantnat.web.metrics;

import org.onosproject.net.DeviceId;

import java.util.Map;

/**
 * How many tenantnat flow rules each switch holds: a read the service API does not offer, given by the host.
 */
public interface SwitchRuleCounts {

    /**
     * Returns the number of tenantnat rules per switch.
     *
     * @return rules per connected (or mastered) switch
     */
    Map<DeviceId, Integer> rulesPerSwitch();
}
