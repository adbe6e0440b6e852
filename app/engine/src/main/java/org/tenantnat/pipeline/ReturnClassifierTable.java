package org.tenantnat.pipeline;

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
 * error to such an address (from the service or a router on the provider side) goes to the controller instead, which
 * translates the header it carries too.
 */
final class ReturnClassifierTable {

    private final RuleFactory rules;

    ReturnClassifierTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** Per translated block of the tenant: the tag rule and the ICMP error punts. */
    List<FlowRule> tenant(Tenant tenant, List<TranslatedBlock> blocks) {
        List<FlowRule> all = new ArrayList<>();
        for (TranslatedBlock block : blocks) {
            TrafficTreatment.Builder treatment = RuleFactory.writeTag(DefaultTrafficTreatment.builder(), tenant);
            all.add(rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER, RuleFactory.ipv4To(block.translated()),
                               rules.goTo(treatment, PipelineTable.RETURN_ACCESS)));
            all.addAll(rules.icmpErrorPunts(tenant.id(), PipelineTable.RETURN_CLASSIFIER,
                                            RuleFactory.ipv4To(block.translated())));
        }
        return all;
    }
}
