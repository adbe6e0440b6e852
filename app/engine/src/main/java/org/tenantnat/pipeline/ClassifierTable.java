package org.tenantnat.pipeline;

import org.onlab.packet.Ethernet;
import org.onlab.packet.VlanId;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link PipelineTable#CLASSIFIER}: tells who sent a packet by the port (and VLAN) it came in on. A tenant's IPv4
 * is untagged, tagged with the tenant id and sent to its source translation; the service port's IPv4 goes to the
 * return classifier; ARP for a gateway address or a VIP goes to the controller. Anything else is dropped.
 */
final class ClassifierTable {

    private final RuleFactory rules;

    ClassifierTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** A tenant's own rules: its IPv4 into its context, ARP for its gateway to the controller. */
    List<FlowRule> tenant(Tenant tenant) {
        Attachment at = tenant.attachment();
        TrafficSelector.Builder ipv4 = DefaultTrafficSelector.builder().matchInPort(at.connectPoint().port())
                .matchVlanId(at.vlan()).matchEthType(Ethernet.TYPE_IPV4);
        TrafficTreatment.Builder treatment = DefaultTrafficTreatment.builder();
        if (at.isTagged()) {
            treatment.popVlan();
        }
        RuleFactory.writeTag(treatment, tenant);
        return withArpPunt(rules.rule(tenant, PipelineTable.CLASSIFIER, ipv4,
                                      rules.goTo(treatment, PipelineTable.SOURCE_TRANSLATION)),
                           rules.arpPunt(tenant, at.connectPoint().port(), at.vlan(), tenant.gatewayIp()));
    }

    /** ARP for the VIP of one access, from the tenant's attachment, to the controller (none without ARP). */
    List<FlowRule> vipArp(Tenant tenant, Access access) {
        Attachment at = tenant.attachment();
        return rules.arpPunt(tenant, at.connectPoint().port(), at.vlan(), access.vip());
    }

    /** The service port's rules: its IPv4 to the return path, ARP for its gateway to the controller. */
    List<FlowRule> servicePort(Service service) {
        TrafficSelector.Builder ipv4 = DefaultTrafficSelector.builder().matchInPort(service.connectPoint().port())
                .matchVlanId(VlanId.NONE).matchEthType(Ethernet.TYPE_IPV4);
        return withArpPunt(rules.sharedRule(PipelineTable.CLASSIFIER, ipv4,
                                      rules.goTo(DefaultTrafficTreatment.builder(), PipelineTable.RETURN_CLASSIFIER)),
                           rules.sharedArpPunt(service.connectPoint().port(), VlanId.NONE, service.gatewayIp()));
    }

    private static List<FlowRule> withArpPunt(FlowRule ipv4, List<FlowRule> arpPunt) {
        List<FlowRule> all = new ArrayList<>(arpPunt);
        all.add(0, ipv4);
        return all;
    }
}
