package org.tenantnat.pipeline;

import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link PipelineTable#FABRIC} and the rules that lead to it: what a switch with links to other switches does with
 * packets that are already translated. Between switches a packet carries the tenant's unique translated source and
 * the service's real address (or, back, the service's address and the tenant's translated destination), so these
 * rules route by destination alone and hold no tenant context: a service's address toward its switch, a tenant's
 * blocks toward its edge.
 */
final class FabricTable {

    private final RuleFactory rules;

    FabricTable(RuleFactory rules) {
        this.rules = rules;
    }

    /**
     * The shared rules of a switch with links: IPv4 from each link port goes to the return classifier (a reply for
     * a tenant of this switch enters its context there), what no tenant of this switch claims there goes on to the
     * fabric table, and the fabric table drops what no route takes.
     */
    List<FlowRule> shared(Collection<PortNumber> linkPorts) {
        List<FlowRule> shared = new ArrayList<>();
        for (PortNumber port : linkPorts) {
            TrafficSelector.Builder ipv4 = DefaultTrafficSelector.builder().matchInPort(port)
                    .matchVlanId(VlanId.NONE).matchEthType(Ethernet.TYPE_IPV4);
            shared.add(rules.sharedRule(PipelineTable.CLASSIFIER, ipv4, rules.goTo(DefaultTrafficTreatment.builder(),
                                                                                   PipelineTable.RETURN_CLASSIFIER)));
        }
        shared.add(rules.sharedFallback(PipelineTable.RETURN_CLASSIFIER,
                                        DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4),
                                        rules.goTo(DefaultTrafficTreatment.builder(), PipelineTable.FABRIC)));
        shared.add(rules.tableMiss(PipelineTable.FABRIC));
        return shared;
    }

    /** A service's address toward the service's switch, out of the link on its shortest path. */
    FlowRule serviceTransit(Service service, PortNumber toward) {
        return rules.sharedRule(PipelineTable.FABRIC, serviceAddress(service),
                                DefaultTrafficTreatment.builder().setOutput(toward));
    }

    /** On the service's switch: its address delivered to its port, to its (or its router's) MAC. */
    FlowRule serviceDelivery(Service service, MacAddress gatewayMac, MacAddress nextHopMac) {
        return rules.sharedRule(PipelineTable.FABRIC, serviceAddress(service),
                                DefaultTrafficTreatment.builder().setEthSrc(gatewayMac).setEthDst(nextHopMac)
                                        .setOutput(service.connectPoint().port()));
    }

    /**
     * A tenant's translated prefixes (its translated blocks, or the pool block of a dynamic or pat tenant) toward its
     * edge switch, out of the link on their shortest path.
     */
    List<FlowRule> tenantTransit(Tenant tenant, List<Ip4Prefix> translated, PortNumber toward) {
        return translated.stream()
                .map(b -> rules.rule(tenant, PipelineTable.FABRIC,
                                     DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                                             .matchIPDst(b),
                                     DefaultTrafficTreatment.builder().setOutput(toward)))
                .collect(Collectors.toList());
    }

    private static TrafficSelector.Builder serviceAddress(Service service) {
        return DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                .matchIPDst(service.ip().toIpPrefix());
    }
}
