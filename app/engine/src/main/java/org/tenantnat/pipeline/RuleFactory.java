package org.tenantnat.pipeline;

import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
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
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.icmp.IcmpErrorTranslator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes the flow rules of one switch: every rule is ours, permanent, in one of the pipeline's tables.
 */
final class RuleFactory {

    /**
     * ARP rules and ICMP error punts sit just above the IPv4 rules they refine. ARP and IPv4 never overlap; an ICMP
     * error punt matches a subset of the IPv4 rule below it.
     */
    private static final int REFINED_PRIORITY_OFFSET = 1;
    /** Exceptions to the ICMP error punts: just above them. */
    private static final int OVER_PUNT_PRIORITY_OFFSET = 2;
    /** Table misses: below everything. */
    private static final int TABLE_MISS_PRIORITY = 0;
    /** Metadata holds the tenant id in full. */
    private static final long METADATA_MASK = -1L;

    private final ApplicationId appId;
    private final PipelineSettings settings;
    private final DeviceId device;
    private final SwitchCapabilities caps;

    RuleFactory(ApplicationId appId, PipelineSettings settings, DeviceId device, SwitchCapabilities caps) {
        this.appId = appId;
        this.settings = settings;
        this.device = device;
        this.caps = caps;
    }

    DeviceId device() {
        return device;
    }

    /** A tenant's rule at the pipeline's priority. */
    FlowRule rule(Tenant owner, PipelineTable table, TrafficSelector.Builder selector,
                  TrafficTreatment.Builder treatment) {
        return rule(owner.id(), table, settings.priority(), selector, treatment);
    }

    /**
     * A tenant's rule just above the pipeline's priority: a host's binding over its tenant's punt of first packets,
     * or a punt that refines the rules below it.
     */
    FlowRule refinedRule(Tenant owner, PipelineTable table, TrafficSelector.Builder selector,
                         TrafficTreatment.Builder treatment) {
        return rule(owner.id(), table, settings.priority() + REFINED_PRIORITY_OFFSET, selector, treatment);
    }

    /** A tenant's rule above the ICMP error punts, for errors that must not go to the controller (again). */
    FlowRule overPuntRule(Tenant owner, PipelineTable table, TrafficSelector.Builder selector,
                          TrafficTreatment.Builder treatment) {
        return rule(owner.id(), table, settings.priority() + OVER_PUNT_PRIORITY_OFFSET, selector, treatment);
    }

    /**
     * A host's binding rule that the switch removes, and reports removed, once no packet matched it for a time.
     *
     * @param idleTimeout seconds without a packet
     */
    FlowRule idleRule(Tenant owner, PipelineTable table, TrafficSelector.Builder selector,
                      TrafficTreatment.Builder treatment, int idleTimeout) {
        int tableId = settings.tableId(table);
        int priority = settings.priority() + REFINED_PRIORITY_OFFSET;
        TrafficSelector match = selector.build();
        return DefaultFlowRule.builder()
                .forDevice(device)
                .forTable(tableId)
                .withPriority(priority)
                .withSelector(match)
                .withTreatment(treatment.build())
                .withCookie(RuleCookie.of(appId, owner.id(), tableId, priority, match))
                .makeTemporary(idleTimeout)
                .build();
    }

    /** Sends packets that ask for a binding to the controller, through the switch's meter for them. */
    TrafficTreatment.Builder bindingPunt() {
        return punt(PuntReason.BINDING);
    }

    /** Sends an ICMP error to the controller after what a treatment did, through the switch's meter for them. */
    TrafficTreatment.Builder icmpErrorPunt(TrafficTreatment.Builder before) {
        return punt(before, PuntReason.ICMP_ERROR);
    }

    /** The switch's connection-tracking extensions. */
    Conntrack conntrack() {
        return caps.conntrack().orElseThrow(() -> new IllegalStateException("switch " + device
                + " has no connection tracker"));
    }

    /** A rule no tenant owns, at the pipeline's priority. */
    FlowRule sharedRule(PipelineTable table, TrafficSelector.Builder selector, TrafficTreatment.Builder treatment) {
        return rule(RuleCookie.SHARED, table, settings.priority(), selector, treatment);
    }

    /**
     * Answers ARP requests for an address the provider owns on an attachment with the gateway MAC. Where the switch
     * can, a flow answers (so the data plane needs no controller); elsewhere every ARP packet for the address goes
     * to the controller, which answers the requests and learns from the replies.
     *
     * @param tag owner of the rule: a tenant's id, or {@link RuleCookie#SHARED}
     */
    List<FlowRule> arpAnswer(int tag, PortNumber port, VlanId vlan, Ip4Address target, MacAddress gatewayMac) {
        if (!settings.arpHandling()) {
            return List.of();
        }
        TrafficSelector.Builder arp = arpOn(port, vlan).matchArpTpa(target);
        if (!caps.answersArp()) {
            return List.of(refined(tag, PipelineTable.CLASSIFIER, arp, punt(PuntReason.ARP)));
        }
        // The request turned into its reply in place: who asked becomes the destination, we become the sender.
        TrafficTreatment.Builder reply = DefaultTrafficTreatment.builder()
                .extension(caps.newMove(ExtensionTreatmentTypes.NICIRA_MOV_ETH_SRC_TO_DST.type()), device)
                .setEthSrc(gatewayMac)
                .setArpOp(ARP.OP_REPLY)
                .extension(caps.newMove(ExtensionTreatmentTypes.NICIRA_MOV_ARP_SHA_TO_THA.type()), device)
                .setArpSha(gatewayMac)
                .extension(caps.newMove(ExtensionTreatmentTypes.NICIRA_MOV_ARP_SPA_TO_TPA.type()), device)
                .setArpSpa(target)
                .setOutput(PortNumber.IN_PORT);
        return List.of(refined(tag, PipelineTable.CLASSIFIER, arp.matchArpOp(ARP.OP_REQUEST), reply));
    }

    /**
     * Where flows answer ARP, the controller no longer sees the requests it used to learn from. It still learns a
     * router's or service's MAC from the replies to the requests it sends itself from the gateway address (on
     * connect, while unresolved, and periodically), and at once from the neighbour's gratuitous ARP (sender and
     * target both its own address) when its MAC changes; both go to the controller, metered. Where the controller
     * answers ARP, it already sees all of this.
     *
     * @param tag owner of the rules: a tenant's id, or {@link RuleCookie#SHARED}
     */
    List<FlowRule> arpLearning(int tag, PortNumber port, VlanId vlan, Ip4Address gateway, Ip4Address neighbour) {
        if (!settings.arpHandling() || !caps.answersArp()) {
            return List.of();
        }
        return List.of(
                refined(tag, PipelineTable.CLASSIFIER,
                        arpOn(port, vlan).matchArpOp(ARP.OP_REPLY).matchArpTpa(gateway), punt(PuntReason.ARP)),
                refined(tag, PipelineTable.CLASSIFIER,
                        arpOn(port, vlan).matchArpSpa(neighbour).matchArpTpa(neighbour), punt(PuntReason.ARP)));
    }

    /**
     * Sends ICMP errors (destination unreachable, time exceeded) that a selector narrows down to the controller,
     * which translates their embedded header too; one rule per error type, just above the rule for the same packets.
     *
     * @param tag      owner of the rules: a tenant's id, or {@link RuleCookie#SHARED}
     * @param table    table
     * @param selector IPv4 packets the errors are among (eth_type IPv4 included)
     * @return rules
     */
    List<FlowRule> icmpErrorPunts(int tag, PipelineTable table, TrafficSelector.Builder selector) {
        List<FlowRule> punts = new ArrayList<>();
        for (byte type : IcmpErrorTranslator.ERROR_TYPES) {
            TrafficSelector.Builder icmp = DefaultTrafficSelector.builder(selector.build())
                    .matchIPProtocol(IPv4.PROTOCOL_ICMP).matchIcmpType(type);
            punts.add(refined(tag, table, icmp, punt(PuntReason.ICMP_ERROR)));
        }
        return punts;
    }

    /** To the controller, through the switch's meter for the reason where it has one. */
    private TrafficTreatment.Builder punt(PuntReason reason) {
        return punt(DefaultTrafficTreatment.builder(), reason);
    }

    private TrafficTreatment.Builder punt(TrafficTreatment.Builder punt, PuntReason reason) {
        caps.puntMeter(reason).ifPresent(punt::meter);
        return punt.punt();
    }

    private static TrafficSelector.Builder arpOn(PortNumber port, VlanId vlan) {
        return DefaultTrafficSelector.builder().matchInPort(port).matchVlanId(vlan).matchEthType(Ethernet.TYPE_ARP);
    }

    /** Matches IPv4 packets to a prefix (eth_type is the OF prerequisite). */
    static TrafficSelector.Builder ipv4To(IpPrefix destination) {
        return DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4).matchIPDst(destination);
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

    /** The id of one of the pipeline's tables on this switch. */
    int tableId(PipelineTable table) {
        return settings.tableId(table);
    }

    /** Continues in another table of the pipeline. */
    TrafficTreatment.Builder goTo(TrafficTreatment.Builder treatment, PipelineTable table) {
        return treatment.transition(settings.tableId(table));
    }

    private static long tag(Tenant tenant) {
        return Integer.toUnsignedLong(tenant.id());
    }

    private FlowRule refined(int tag, PipelineTable table, TrafficSelector.Builder selector,
                             TrafficTreatment.Builder treatment) {
        return rule(tag, table, settings.priority() + REFINED_PRIORITY_OFFSET, selector, treatment);
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
