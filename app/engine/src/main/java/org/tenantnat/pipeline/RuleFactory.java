package org.tenantnat.pipeline;

import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.tenantnat.api.model.Tenant;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes the flow rules of one switch: every rule is ours, permanent, in one of the pipeline's tables.
 */
final class RuleFactory {

    /** ARP punts sit just above the other rules of the classifier. */
    private static final int ARP_PUNT_PRIORITY_OFFSET = 1;
    /** Table misses: below everything. */
    private static final int TABLE_MISS_PRIORITY = 0;
    /** Metadata holds the tenant id in full. */
    private static final long METADATA_MASK = -1L;

    private final ApplicationId appId;
    private final PipelineSettings settings;
    private final DeviceId device;

    RuleFactory(ApplicationId appId, PipelineSettings settings, DeviceId device) {
        this.appId = appId;
        this.settings = settings;
        this.device = device;
    }

    DeviceId device() {
        return device;
    }

    /** A tenant's rule at the pipeline's priority. */
    FlowRule rule(Tenant owner, PipelineTable table, TrafficSelector.Builder selector,
                  TrafficTreatment.Builder treatment) {
        return rule(owner.id(), table, settings.priority(), selector, treatment);
    }

    /** A rule no tenant owns, at the pipeline's priority. */
    FlowRule sharedRule(PipelineTable table, TrafficSelector.Builder selector, TrafficTreatment.Builder treatment) {
        return rule(RuleCookie.SHARED, table, settings.priority(), selector, treatment);
    }

    /** Sends ARP for one of a tenant's addresses on its attachment to the controller, which answers it. */
    List<FlowRule> arpPunt(Tenant owner, PortNumber port, VlanId vlan, Ip4Address target) {
        return arpPunt(owner.id(), port, vlan, target);
    }

    /** Sends ARP for a service gateway to the controller, which answers it. */
    List<FlowRule> sharedArpPunt(PortNumber port, VlanId vlan, Ip4Address target) {
        return arpPunt(RuleCookie.SHARED, port, vlan, target);
    }

    private List<FlowRule> arpPunt(int tag, PortNumber port, VlanId vlan, Ip4Address target) {
        if (!settings.arpHandling()) {
            return List.of();
        }
        TrafficSelector.Builder selector = DefaultTrafficSelector.builder().matchInPort(port).matchVlanId(vlan)
                .matchEthType(Ethernet.TYPE_ARP).matchArpTpa(target);
        return List.of(rule(tag, PipelineTable.CLASSIFIER, settings.priority() + ARP_PUNT_PRIORITY_OFFSET, selector,
                    DefaultTrafficTreatment.builder().punt()));
    }

    /**
     * One drop-everything rule per table of the translation pipeline, so anything our rules do not match is
     * dropped; the fabric table gets its own with the switch's first link ({@link #tableMiss}).
     */
    List<FlowRule> tableMisses() {
        return Arrays.stream(PipelineTable.values()).filter(t -> t != PipelineTable.FABRIC)
                .map(this::tableMiss)
                .collect(Collectors.toList());
    }

    /** The drop-everything rule of one table. */
    FlowRule tableMiss(PipelineTable table) {
        return rule(RuleCookie.SHARED, table, TABLE_MISS_PRIORITY, DefaultTrafficSelector.builder(),
                    DefaultTrafficTreatment.builder());
    }

    /** A rule no tenant owns, just below the pipeline's priority: what the table does when no rule of ours fits. */
    FlowRule sharedFallback(PipelineTable table, TrafficSelector.Builder selector,
                            TrafficTreatment.Builder treatment) {
        return rule(RuleCookie.SHARED, table, settings.priority() - 1, selector, treatment);
    }

    /** Matches the IPv4 packets of one tenant after the classifier tagged them (eth_type is the OF prerequisite). */
    static TrafficSelector.Builder tenantIpv4(Tenant tenant) {
        return DefaultTrafficSelector.builder().matchMetadata(tag(tenant)).matchEthType(Ethernet.TYPE_IPV4);
    }

    /** Writes the tenant id into metadata. */
    static TrafficTreatment.Builder writeTag(TrafficTreatment.Builder treatment, Tenant tenant) {
        return treatment.writeMetadata(tag(tenant), METADATA_MASK);
    }

    /** Continues in another table of the pipeline. */
    TrafficTreatment.Builder goTo(TrafficTreatment.Builder treatment, PipelineTable table) {
        return treatment.transition(settings.tableId(table));
    }

    private static long tag(Tenant tenant) {
        return Integer.toUnsignedLong(tenant.id());
    }

    private FlowRule rule(int tag, PipelineTable table, int priority, TrafficSelector.Builder selector,
                          TrafficTreatment.Builder treatment) {
        int tableId = settings.tableId(table);
        TrafficSelector match = selector.build();
        return DefaultFlowRule.builder()
                .forDevice(device)
                .forTable(tableId)
                .withPriority(priority)
                .withSelector(match)
                .withTreatment(treatment.build())
                .withCookie(RuleCookie.of(appId, tag, tableId, priority, match))
                .makePermanent()
                .build();
    }
}
