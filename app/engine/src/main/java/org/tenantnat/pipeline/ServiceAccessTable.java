package org.tenantnat.pipeline;

import org.onlab.packet.MacAddress;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

/**
 * {@link PipelineTable#SERVICE_ACCESS}, the tenant's VRF: a VIP the tenant may use becomes the service's real
 * address and the packet is routed to the service: out of its port when it is on this switch, else into the
 * fabric. Any other destination is dropped.
 */
final class ServiceAccessTable {

    private final RuleFactory rules;

    ServiceAccessTable(RuleFactory rules) {
        this.rules = rules;
    }

    /** The rule of one access: VIP to the service, routed from the provider gateway. */
    FlowRule access(Tenant tenant, Access access, Service service, MacAddress gatewayMac, MacAddress serviceMac) {
        TrafficTreatment.Builder treatment = DefaultTrafficTreatment.builder()
                .setIpDst(service.ip())
                .setEthSrc(gatewayMac)
                .setEthDst(serviceMac)
                .setOutput(service.connectPoint().port());
        return rules.rule(tenant, PipelineTable.SERVICE_ACCESS,
                          RuleFactory.tenantIpv4(tenant).matchIPDst(access.vip().toIpPrefix()), treatment);
    }

    /**
     * The rule of one access to a service on another switch: VIP to the service's address, then on to the fabric,
     * which routes it toward the service's switch (where it gets the service's MAC).
     */
    FlowRule remoteAccess(Tenant tenant, Access access, Service service) {
        TrafficTreatment.Builder treatment = rules.goTo(DefaultTrafficTreatment.builder().setIpDst(service.ip()),
                                                        PipelineTable.FABRIC);
        return rules.rule(tenant, PipelineTable.SERVICE_ACCESS,
                          RuleFactory.tenantIpv4(tenant).matchIPDst(access.vip().toIpPrefix()), treatment);
    }
}
