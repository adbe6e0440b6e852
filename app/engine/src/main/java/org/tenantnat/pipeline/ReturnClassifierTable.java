package org.tenantnat.pipeline;

import org.onlab.packet.Ethernet;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link PipelineTable#RETURN_CLASSIFIER}: a reply from a service names its tenant by its destination, an address
 * of that tenant's translated block; the tenant id goes into metadata before anything else is rewritten.
 */
final class ReturnClassifierTable {

    private final RuleFactory rules;

    ReturnClassifierTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** One rule per translated block of the tenant. */
    List<FlowRule> tenant(Tenant tenant, List<TranslatedBlock> blocks) {
        return blocks.stream().map(block -> {
            TrafficTreatment.Builder treatment = RuleFactory.writeTag(DefaultTrafficTreatment.builder(), tenant);
            return rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER,
                              DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                                      .matchIPDst(block.translated()),
                              rules.goTo(treatment, PipelineTable.RETURN_ACCESS));
        }).collect(Collectors.toList());
    }
}
