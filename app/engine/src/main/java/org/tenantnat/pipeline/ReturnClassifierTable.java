package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link PipelineTable#RETURN_CLASSIFIER}: a reply from a service names its tenant by its destination, an address
 * of that tenant's translated block; the tenant id goes into metadata before anything else is rewritten. An ICMP
 * error to a translated address (from the service or a router on the provider side) goes to the controller instead,
 * which finds the tenant from the address and translates the header the error carries too. Those punts match the
 * whole pool, not each block: two rules per pool prefix instead of two per block on switches of 10,000 tenants.
 */
final class ReturnClassifierTable {

    private final RuleFactory rules;

    ReturnClassifierTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** Per translated block of the tenant: the tag rule. */
    List<FlowRule> tenant(Tenant tenant, List<TranslatedBlock> blocks) {
        List<FlowRule> all = new ArrayList<>();
        for (TranslatedBlock block : blocks) {
            TrafficTreatment.Builder treatment = RuleFactory.writeTag(DefaultTrafficTreatment.builder(), tenant);
            all.add(rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER, RuleFactory.ipv4To(block.translated()),
                               rules.goTo(treatment, PipelineTable.RETURN_ACCESS)));
        }
        return all;
    }

    /** Per pool prefix: the ICMP error punts, above every block's tag rule. */
    List<FlowRule> icmpErrors(List<Ip4Prefix> pool) {
        List<FlowRule> all = new ArrayList<>();
        for (Ip4Prefix prefix : pool) {
            all.addAll(rules.icmpErrorPunts(RuleCookie.SHARED, PipelineTable.RETURN_CLASSIFIER,
                                            RuleFactory.ipv4To(prefix)));
        }
        return all;
    }
}
