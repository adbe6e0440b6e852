package org.tenantnat.pipeline;

import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TpPort;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.instructions.Instructions;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.icmp.IcmpErrorTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of dynamic and pat tenants, which translate host by host as bindings are made.
 * <p>
 * The tenant's own rules: in {@link PipelineTable#SOURCE_TRANSLATION}, a source in its prefixes with no binding yet
 * goes to the controller (metered), which binds it; in {@link PipelineTable#RETURN_CLASSIFIER}, a destination in
 * its pool block names the tenant. A pat tenant also has, in {@link PipelineTable#SERVICE_ACCESS}, a punt of packets
 * the connection tracker could not translate (the host's port blocks are used up), and in
 * {@link PipelineTable#RETURN_TRANSLATION} the untranslation in its conntrack zone and the route to its router, and
 * the rules that carry its ICMP errors through its conntrack both ways.
 * <p>
 * A host's rules (its binding owner): dynamic, its source rewrite (removed by the switch when idle) and its
 * destination rewrite back; pat, {@code ct(commit, zone=T, nat(src=A:FIRST-LAST))} into its newest port block (idle
 * too) and, for each of its port blocks, the return classification by address and masked port.
 */
final class BindingTables {

    /** Connection tracking states of a reply the tracker untranslated: tracked, established, reply, not invalid. */
    private static final long REPLY = CtState.TRACKED | CtState.ESTABLISHED | CtState.REPLY;
    private static final long REPLY_MASK = REPLY | CtState.INVALID;
    /** An ICMP error the tracker found to be about one of the tenant's connections: tracked, related, not invalid. */
    private static final long RELATED = CtState.TRACKED | CtState.RELATED;
    private static final long RELATED_MASK = RELATED | CtState.INVALID;
    private static final int PORT_MASK = 0xffff;

    private final RuleFactory rules;

    BindingTables(RuleFactory rules) {
        this.rules = rules;
    }

    /** The rules a dynamic or pat tenant owns, the route back to its router only once its MAC is known. */
    List<FlowRule> tenant(Tenant tenant, Ip4Prefix poolBlock, MacAddress gatewayMac, Optional<MacAddress> routerMac) {
        List<FlowRule> all = new ArrayList<>();
        for (Ip4Prefix prefix : tenant.prefixes()) {
            all.add(rules.rule(tenant, PipelineTable.SOURCE_TRANSLATION,
                               RuleFactory.tenantIpv4(tenant).matchIPSrc(prefix), rules.bindingPunt()));
        }
        if (tenant.translation().mode() == TranslationPolicy.Mode.PAT) {
            all.addAll(patTenant(tenant, poolBlock, gatewayMac, routerMac));
        } else {
            // ICMP errors to the block are punted by the shared rules that match the whole pool.
            all.add(rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER, RuleFactory.ipv4To(poolBlock),
                               tag(tenant)));
        }
        return all;
    }

    /** The rules of one host's bindings; the way back only once the router's MAC is known. */
    List<FlowRule> host(Tenant tenant, Ip4Address host, List<Binding> bindings, MacAddress gatewayMac,
                        Optional<MacAddress> routerMac) {
        if (bindings.isEmpty()) {
            return List.of();
        }
        TrafficSelector.Builder from = RuleFactory.tenantIpv4(tenant).matchIPSrc(host.toIpPrefix());
        int idle = tenant.translation().idleTimeoutSeconds();
        List<FlowRule> all = new ArrayList<>();
        if (tenant.translation().mode() == TranslationPolicy.Mode.PAT) {
            Binding newest = bindings.get(bindings.size() - 1);
            TrafficTreatment.Builder snat = DefaultTrafficTreatment.builder().extension(
                    rules.conntrack().commitSourceNat(tenant.id(), rules.tableId(PipelineTable.SERVICE_ACCESS),
                                                      newest.translated(), newest.ports().orElseThrow()),
                    rules.device());
            all.add(rules.idleRule(tenant, PipelineTable.SOURCE_TRANSLATION, from, snat, idle));
            for (Binding b : bindings) {
                PortRange ports = b.ports().orElseThrow();
                TpPort first = TpPort.tpPort(ports.first());
                TpPort mask = TpPort.tpPort(PORT_MASK & ~(ports.size() - 1));
                all.add(rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER, RuleFactory.ipv4To(b.translated()
                        .toIpPrefix()).matchIPProtocol(IPv4.PROTOCOL_TCP).matchTcpDstMasked(first, mask), tag(tenant)));
                all.add(rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER, RuleFactory.ipv4To(b.translated()
                        .toIpPrefix()).matchIPProtocol(IPv4.PROTOCOL_UDP).matchUdpDstMasked(first, mask), tag(tenant)));
            }
            return all;
        }
        Binding binding = bindings.get(0);
        all.add(rules.idleRule(tenant, PipelineTable.SOURCE_TRANSLATION, from,
                               rules.goTo(DefaultTrafficTreatment.builder().setIpSrc(binding.translated()),
                                          PipelineTable.SERVICE_ACCESS), idle));
        routerMac.ifPresent(mac -> all.add(rules.rule(
                tenant, PipelineTable.RETURN_TRANSLATION,
                RuleFactory.tenantIpv4(tenant).matchIPDst(binding.translated().toIpPrefix()),
                ReturnTranslationTable.toRouter(Instructions.modL3Dst(host), tenant.attachment(), gatewayMac, mac))));
        return all;
    }

    /**
     * The way back of ICMP errors about a pat tenant's connections through one of its VIPs. Conntrack chose each
     * connection's port, so only it can untranslate the error's quote; but it tracked the connection to the VIP,
     * and the error quotes the service's address. So the controller (to which the shared rules punt every error to
     * the pool) turns the service's address into the VIP in the outer source and the quote and sends the error
     * through the pipeline again: from the VIP to the tenant's pool block it skips the punt and goes to the
     * tenant's untranslation, where {@code ct(nat)} finds it related to the connection and restores the host's
     * address and port in both headers.
     */
    List<FlowRule> patErrorsBack(Tenant tenant, Access access, Ip4Prefix poolBlock) {
        List<FlowRule> all = new ArrayList<>();
        for (byte type : IcmpErrorTranslator.ERROR_TYPES) {
            all.add(rules.overPuntRule(tenant, PipelineTable.RETURN_CLASSIFIER, RuleFactory.ipv4To(poolBlock)
                    .matchIPSrc(access.vip().toIpPrefix()).matchIPProtocol(IPv4.PROTOCOL_ICMP).matchIcmpType(type),
                                       rules.goTo(RuleFactory.writeTag(DefaultTrafficTreatment.builder(), tenant),
                                                  PipelineTable.RETURN_TRANSLATION)));
        }
        return all;
    }

    /**
     * The way out of ICMP errors the tenant's side sends about the service's packets (a router's fragmentation
     * needed or time exceeded, whatever its address): through the tenant's conntrack, which finds them related to a
     * connection and translates the sender into the pool address and the quoted host into the pool address and the
     * connection's port; then to the controller, tagged again as they came, which turns the VIP into the service's
     * address. Errors conntrack finds related to nothing are dropped.
     */
    private List<FlowRule> patErrorsOut(Tenant tenant, Conntrack ct) {
        List<FlowRule> all = new ArrayList<>();
        for (byte type : IcmpErrorTranslator.ERROR_TYPES) {
            TrafficTreatment.Builder retag = DefaultTrafficTreatment.builder();
            if (tenant.attachment().isTagged()) {
                retag.pushVlan().setVlanId(tenant.attachment().vlan());
            }
            all.add(rules.overPuntRule(tenant, PipelineTable.SOURCE_TRANSLATION, errors(tenant, type),
                                       DefaultTrafficTreatment.builder().extension(ct.restoreNat(
                                               tenant.id(), rules.tableId(PipelineTable.SERVICE_ACCESS)),
                                                                                   rules.device())));
            all.add(rules.overPuntRule(tenant, PipelineTable.SERVICE_ACCESS, errors(tenant, type).extension(
                    ct.state(CtState.TRACKED | CtState.RELATED, CtState.TRACKED | CtState.RELATED), rules.device()),
                                       rules.icmpErrorPunt(retag)));
            all.add(rules.overPuntRule(tenant, PipelineTable.SERVICE_ACCESS, errors(tenant, type).extension(
                    ct.state(CtState.TRACKED, CtState.TRACKED | CtState.RELATED), rules.device()),
                                       DefaultTrafficTreatment.builder()));
        }
        return all;
    }

    private static TrafficSelector.Builder errors(Tenant tenant, byte type) {
        return RuleFactory.tenantIpv4(tenant).matchIPProtocol(IPv4.PROTOCOL_ICMP).matchIcmpType(type);
    }

    private List<FlowRule> patTenant(Tenant tenant, Ip4Prefix poolBlock, MacAddress gatewayMac,
                                     Optional<MacAddress> routerMac) {
        Conntrack ct = rules.conntrack();
        List<FlowRule> all = new ArrayList<>();
        // What the tracker could not translate: the host's port blocks are used up.
        all.add(rules.refinedRule(tenant, PipelineTable.SERVICE_ACCESS, RuleFactory.tenantIpv4(tenant)
                .extension(ct.state(CtState.TRACKED, CtState.TRACKED | CtState.SNAT), rules.device()),
                                  rules.bindingPunt()));
        all.addAll(patErrorsOut(tenant, ct));
        // Echo replies carry no port: the pool block names the tenant, the tracker finds the host.
        all.add(rules.rule(tenant, PipelineTable.RETURN_CLASSIFIER,
                           RuleFactory.ipv4To(poolBlock).matchIPProtocol(IPv4.PROTOCOL_ICMP), tag(tenant)));
        all.add(rules.rule(tenant, PipelineTable.RETURN_TRANSLATION, RuleFactory.tenantIpv4(tenant)
                .extension(ct.state(0, CtState.TRACKED), rules.device()), DefaultTrafficTreatment.builder()
                .extension(ct.restoreNat(tenant.id(), rules.tableId(PipelineTable.RETURN_TRANSLATION)),
                           rules.device())));
        routerMac.ifPresent(mac -> all.add(rules.rule(
                tenant, PipelineTable.RETURN_TRANSLATION, RuleFactory.tenantIpv4(tenant)
                        .extension(ct.state(REPLY, REPLY_MASK), rules.device()),
                ReturnTranslationTable.toRouter(null, tenant.attachment(), gatewayMac, mac))));
        routerMac.ifPresent(mac -> all.add(rules.refinedRule(
                tenant, PipelineTable.RETURN_TRANSLATION, RuleFactory.tenantIpv4(tenant)
                        .extension(ct.state(RELATED, RELATED_MASK), rules.device()),
                ReturnTranslationTable.toRouter(null, tenant.attachment(), gatewayMac, mac))));
        return all;
    }

    private TrafficTreatment.Builder tag(Tenant tenant) {
        return rules.goTo(RuleFactory.writeTag(DefaultTrafficTreatment.builder(), tenant),
                          PipelineTable.RETURN_ACCESS);
    }
}
