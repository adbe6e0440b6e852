package org.tenantnat.web.metrics;

import org.junit.jupiter.api.Test;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In ONOS, rules per switch are the tenantnat application's flow entries the switches confirmed.
 */
class OnosSwitchRuleCountsTest {

    private static final ApplicationId APP = new DefaultApplicationId(7, "org.tenantnat");
    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");

    private static FlowEntry entry(DeviceId device, int priority, FlowEntry.FlowEntryState state) {
        FlowRule rule = DefaultFlowRule.builder().forDevice(device).fromApp(APP).withPriority(priority)
                .withSelector(DefaultTrafficSelector.emptySelector())
                .withTreatment(DefaultTrafficTreatment.emptyTreatment()).makePermanent().build();
        return new DefaultFlowEntry(rule, state, 0, 0, 0);
    }

    @Test
    void countsTheApplicationsConfirmedEntriesPerSwitch() {
        List<FlowEntry> entries = List.of(entry(S1, 10, FlowEntry.FlowEntryState.ADDED),
                                          entry(S1, 11, FlowEntry.FlowEntryState.ADDED),
                                          entry(S1, 12, FlowEntry.FlowEntryState.PENDING_ADD),
                                          entry(S2, 10, FlowEntry.FlowEntryState.ADDED),
                                          entry(S2, 11, FlowEntry.FlowEntryState.PENDING_REMOVE));
        FlowRuleServiceAdapter flows = new FlowRuleServiceAdapter() {
            @Override
            public Iterable<FlowEntry> getFlowEntriesById(ApplicationId id) {
                return id.equals(APP) ? entries : List.of();
            }
        };

        assertEquals(Map.of(S1, 2, S2, 1), new OnosSwitchRuleCounts(flows, APP).rulesPerSwitch());
    }
}
