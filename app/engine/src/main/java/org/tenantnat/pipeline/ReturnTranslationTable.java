package org.tenantnat.pipeline;

import org.onlab.packet.MacAddress;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.instructions.Instruction;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link PipelineTable#RETURN_TRANSLATION}: in the tenant's context, a translated destination becomes the customer
 * host again and the packet is routed to the tenant's router on its attachment (tagged again on a trunk).
 */
final class ReturnTranslationTable {

    private final RuleFactory rules;
    private final AddressRewrite rewrite;

    ReturnTranslationTable(RuleFactory rules, AddressRewrite rewrite) {
        this.rules = rules;
        this.rewrite = rewrite;
    }

    /** The tenant's rules, for each of its blocks. */
    List<FlowRule> tenant(Tenant tenant, List<TranslatedBlock> blocks, MacAddress gatewayMac, MacAddress routerMac) {
        return blocks.stream()
                .flatMap(b -> rewrite.rewrites(AddressField.DESTINATION, b.translated(), b.original()).stream())
                .map(r -> rules.rule(tenant, PipelineTable.RETURN_TRANSLATION,
                                     AddressField.DESTINATION.match(RuleFactory.tenantIpv4(tenant), r.match()),
                                     toRouter(r.instruction(), tenant.attachment(), gatewayMac, routerMac)))
                .collect(Collectors.toList());
    }

    /** Routes to the tenant's router after an instruction (null for none) has put the customer host back. */
    static TrafficTreatment.Builder toRouter(Instruction untranslate, Attachment attachment,
                                             MacAddress gatewayMac, MacAddress routerMac) {
        TrafficTreatment.Builder treatment = DefaultTrafficTreatment.builder();
        if (untranslate != null) {
            treatment.add(untranslate);
        }
        treatment.setEthSrc(gatewayMac)
                .setEthDst(routerMac);
        if (attachment.isTagged()) {
            treatment.pushVlan().setVlanId(attachment.vlan());
        }
        return treatment.setOutput(attachment.connectPoint().port());
    }
}
