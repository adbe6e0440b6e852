package org.tenantnat.standalone.openflow;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;

/**
 * Builds flow rules the way the pipeline compiler does: our app id, a table, a priority, permanent.
 */
final class Rules {

    /** The app id every test rule belongs to. */
    static final ApplicationId APP = new DefaultApplicationId(0x7e, "org.tenantnat");
    /** A device id for rules built without a switch. */
    static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000001");
    /** NXM header of the IPv4 source (NXM_OF_IP_SRC). */
    static final long NXM_OF_IP_SRC = 0x00000e04L;
    /** NXM header of the IPv4 destination (NXM_OF_IP_DST). */
    static final long NXM_OF_IP_DST = 0x00001004L;

    private Rules() {
    }

    static FlowRule rule(DeviceId device, int table, int priority, TrafficSelector.Builder selector,
                         TrafficTreatment.Builder treatment) {
        return DefaultFlowRule.builder()
                .forDevice(device)
                .fromApp(APP)
                .forTable(table)
                .withPriority(priority)
                .withSelector(selector.build())
                .withTreatment(treatment.build())
                .makePermanent()
                .build();
    }

    static FlowRule rule(int table, int priority, TrafficSelector.Builder selector,
                         TrafficTreatment.Builder treatment) {
        return rule(DEVICE, table, priority, selector, treatment);
    }

    static TrafficSelector.Builder match() {
        return DefaultTrafficSelector.builder();
    }

    static TrafficTreatment.Builder actions() {
        return DefaultTrafficTreatment.builder();
    }
}
