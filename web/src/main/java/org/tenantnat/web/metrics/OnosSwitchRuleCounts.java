package org.tenantnat.web.metrics;

import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRuleService;

import java.util.Map;
import java.util.TreeMap;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Rules per switch in ONOS: the flow entries of the tenantnat application that the switches confirmed (state
 * ADDED), as ONOS's flow rule service knows them.
 */
public final class OnosSwitchRuleCounts implements SwitchRuleCounts {

    private final FlowRuleService flows;
    private final ApplicationId appId;

    /**
     * Creates the counter.
     *
     * @param flows ONOS's flow rule service
     * @param appId tenantnat's application id
     */
    public OnosSwitchRuleCounts(FlowRuleService flows, ApplicationId appId) {
        this.flows = checkNotNull(flows, "flows");
        this.appId = checkNotNull(appId, "appId");
    }

    @Override
    public Map<DeviceId, Integer> rulesPerSwitch() {
        Map<DeviceId, Integer> counts = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (FlowEntry entry : flows.getFlowEntriesById(appId)) {
            if (entry.state() == FlowEntry.FlowEntryState.ADDED) {
                counts.merge(entry.deviceId(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
