package org.tenantnat.pipeline;

import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link PipelineTable#SOURCE_TRANSLATION}: a tenant's source in one of its prefixes becomes the same host of its
 * translated block. A source outside its prefixes matches nothing and is dropped (anti-spoofing).
 */
final class SourceTranslationTable {

    private final RuleFactory rules;
    private final AddressRewrite rewrite;

    SourceTranslationTable(RuleFactory rules, AddressRewrite rewrite) {
        this.rules = rules;
        this.rewrite = rewrite;
    }

    /** The tenant's rules, for each of its blocks. */
    List<FlowRule> tenant(Tenant tenant, List<TranslatedBlock> blocks) {
        return blocks.stream()
                .flatMap(b -> rewrite.rewrites(AddressField.SOURCE, b.original(), b.translated()).stream())
                .map(r -> rules.rule(tenant, PipelineTable.SOURCE_TRANSLATION,
                                     AddressField.SOURCE.match(RuleFactory.tenantIpv4(tenant), r.match()),
                                     rules.goTo(DefaultTrafficTreatment.builder().add(r.instruction()),
                                                PipelineTable.SERVICE_ACCESS)))
                .collect(Collectors.toList());
    }
}
