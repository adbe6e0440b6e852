package org.tenantnat.pipeline;

import org.onlab.packet.Ethernet;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link PipelineTable#CLASSIFIER}: tells who sent a packet by the port (and VLAN) it came in on. A tenant's IPv4
 * is untagged, tagged with the tenant id and sent to its source translation; the service port's IPv4 goes to the
 * return classifier. ARP for a gateway address or a VIP is answered (by a flow where the switch can, else by the
 * controller); ICMP errors a tenant sends to a VIP go to the controller, which translates the header they carry.
 * Anything else is dropped.
 */
final class ClassifierTable {

    private final RuleFactory rules;

    ClassifierTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** A tenant's own rules: its IPv4 into its context, ARP for its gateway, ARP that teaches its router's MAC. */
    List<FlowRule> tenant(Tenant tenant, MacAddress gatewayMac) {
        Attachment at = tenant.attachment();
        PortNumber port = at.connectPoint().port();
        TrafficSelector.Builder ipv4 = DefaultTrafficSelector.builder().matchInPort(port)
                .matchVlanId(at.vlan()).matchEthType(Ethernet.TYPE_IPV4);
        TrafficTreatment.Builder treatment = DefaultTrafficTreatment.builder();
        if (at.isTagged()) {
            treatment.popVlan();
        }
        RuleFactory.writeTag(treatment, tenant);
        List<FlowRule> all = new ArrayList<>();
        all.add(rules.rule(tenant, PipelineTable.CLASSIFIER, ipv4,
                           rules.goTo(treatment, PipelineTable.SOURCE_TRANSLATION)));
        all.addAll(rules.arpAnswer(tenant.id(), port, at.vlan(), tenant.gatewayIp(), gatewayMac));
        all.addAll(rules.arpLearning(tenant.id(), port, at.vlan(), tenant.gatewayIp(), tenant.routerIp()));
        return all;
    }

    /**
     * The classifier rules of one access: ARP for its VIP answered, and ICMP errors to the VIP (about the service's
     * packets, from a customer host or router) to the controller.
     */
    List<FlowRule> access(Tenant tenant, Access access, MacAddress gatewayMac) {
        Attachment at = tenant.attachment();
        PortNumber port = at.connectPoint().port();
        List<FlowRule> all = new ArrayList<>(rules.arpAnswer(tenant.id(), port, at.vlan(), access.vip(),
                                                             gatewayMac));
        if (tenant.translation().mode() == TranslationPolicy.Mode.PAT) {
            // They go through the tenant's conntrack first (BindingTables), which alone knows their ports.
            return all;
        }
        all.addAll(rules.icmpErrorPunts(tenant.id(), PipelineTable.CLASSIFIER,
                                        RuleFactory.ipv4To(access.vip().toIpPrefix())
                                                .matchInPort(port).matchVlanId(at.vlan())));
        return all;
    }

    /** The service port's rules: its IPv4 to the return path, ARP for its gateway, ARP that teaches its MAC. */
    List<FlowRule> servicePort(Service service, MacAddress gatewayMac) {
        PortNumber port = service.connectPoint().port();
        TrafficSelector.Builder ipv4 = DefaultTrafficSelector.builder().matchInPort(port)
                .matchVlanId(VlanId.NONE).matchEthType(Ethernet.TYPE_IPV4);
        List<FlowRule> all = new ArrayList<>();
        all.add(rules.sharedRule(PipelineTable.CLASSIFIER, ipv4,
                                 rules.goTo(DefaultTrafficTreatment.builder(), PipelineTable.RETURN_CLASSIFIER)));
        all.addAll(rules.arpAnswer(RuleCookie.SHARED, port, VlanId.NONE, service.gatewayIp(), gatewayMac));
        all.addAll(rules.arpLearning(RuleCookie.SHARED, port, VlanId.NONE, service.gatewayIp(),
                                     service.nextHopIp()));
        return all;
    }
}
