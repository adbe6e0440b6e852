package org.tenantnat.pipeline;

import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

/**
 * {@link PipelineTable#RETURN_ACCESS}: in the tenant's context, a reply from a service it may use gets the VIP the
 * tenant sent to as its source. Replies from anything else are dropped.
 */
final class ReturnAccessTable {

    private final RuleFactory rules;

    ReturnAccessTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** The rule of one access: the service's address, from the service's port, back to the VIP. */
    FlowRule access(Tenant tenant, Access access, Service service) {
        return rules.rule(tenant, PipelineTable.RETURN_ACCESS,
                          RuleFactory.tenantIpv4(tenant).matchInPort(service.connectPoint().port())
                                  .matchIPSrc(service.ip().toIpPrefix()),
                          rules.goTo(DefaultTrafficTreatment.builder().setIpSrc(access.vip()),
                                     PipelineTable.RETURN_TRANSLATION));
    }

    /**
     * The rule of one access to a service on another switch: the service's address, arriving over the fabric from
     * whichever link its path uses now, back to the VIP. Only the fabric's routes carry packets over links, and they
     * carry only the tenant's own translated destinations to this switch.
     */
    FlowRule remoteAccess(Tenant tenant, Access access, Service service) {
        return rules.rule(tenant, PipelineTable.RETURN_ACCESS,
                          RuleFactory.tenantIpv4(tenant).matchIPSrc(service.ip().toIpPrefix()),
                          rules.goTo(DefaultTrafficTreatment.builder().setIpSrc(access.vip()),
                                     PipelineTable.RETURN_TRANSLATION));
    }
}
