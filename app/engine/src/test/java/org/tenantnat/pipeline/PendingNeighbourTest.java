package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;

/**
 * Rules that need a neighbour's MAC wait for it; the rest of the owner's rules are installed meanwhile, so the ARP
 * exchange that resolves it can happen.
 */
class PendingNeighbourTest {

    private static final Tenant ACME_NO_MAC = ACME.toBuilder().routerMac(null).build();
    private static final Service BACKUP_NO_MAC = new Service("backup", Lab.BACKUP.ip(), Lab.SERVICE_PORT,
                                                             Lab.BACKUP.gatewayIp(), null);
    private static final MacAddress LEARNED = MacAddress.valueOf("0e:aa:bb:cc:dd:ee");
    private static final int RETURN_TRANSLATION_ID =
            PipelineSettings.DEFAULTS.tableId(PipelineTable.RETURN_TRANSLATION);

    /** Knows one MAC, for exactly one address on one port and VLAN. */
    private static Neighbours knowing(String ip, ConnectPoint port, VlanId vlan) {
        Neighbour known = new Neighbour(Ip4Address.valueOf(ip), new Attachment(port, vlan));
        return n -> n.equals(known) ? Optional.of(LEARNED) : Optional.empty();
    }

    private static CompiledPipeline compile(DesiredState state, Neighbours neighbours) {
        return Lab.compiler().compile(Lab.SW1, state, Lab.allocation(state), neighbours, Lab.PREFIX);
    }

    @Test
    void anUnresolvedRouterWithholdsOnlyTheReturnToThatTenant() {
        CompiledPipeline pipeline = compile(Lab.state(ACME_NO_MAC, BETA), Neighbours.NONE);

        assertEquals(Map.of(RuleOwner.tenant("acme"),
                            "waiting for ARP reply from router 10.1.1.254 on of:0000000000000001/1 vlan 100"),
                     pipeline.pending());
        assertTrue(pipeline.failures().isEmpty());
        assertEquals(Set.of(PipelineTable.CLASSIFIER, PipelineTable.SOURCE_TRANSLATION,
                            PipelineTable.RETURN_CLASSIFIER), tablesOf(pipeline, "acme"));
        PipelineEvaluator sw = Lab.evaluator(pipeline);
        assertEquals(Outcome.Fate.PUNTED, sw.process(Lab.arpFrom(ACME, Lab.GATEWAY_IP)).fate, "ARP reply comes in");
        assertEquals(Outcome.Fate.FORWARDED, sw.process(Lab.fromTenant(ACME, "10.1.1.20", Lab.VIP)).fate);
        assertEquals(Outcome.Fate.DROPPED, sw.process(Lab.fromService(Lab.SERVICE_IP, "100.65.1.20")).fate);
        assertEquals(Outcome.Fate.FORWARDED, sw.process(Lab.fromService(Lab.SERVICE_IP, "100.66.1.20")).fate);
    }

    @Test
    void onceTheRouterIsResolvedItsReturnRulesAreAddedAndNothingElseChanges() {
        DesiredState state = Lab.state(ACME_NO_MAC, BETA);
        CompiledPipeline before = compile(state, Neighbours.NONE);

        CompiledPipeline after = compile(state, knowing(Lab.ROUTER_IP, ACME.attachment().connectPoint(),
                                                        ACME.attachment().vlan()));

        assertTrue(after.pending().isEmpty());
        RuleDelta delta = after.changesFrom(before);
        assertTrue(delta.toRemove().isEmpty());
        assertEquals(after.rules(RuleOwner.tenant("acme")).stream()
                             .filter(r -> r.tableId() == RETURN_TRANSLATION_ID)
                             .collect(Collectors.toSet()), delta.toAdd());
        Outcome reply = Lab.evaluator(after).process(Lab.fromService(Lab.SERVICE_IP, "100.65.1.20"));
        assertEquals(LEARNED, reply.packet().ethDst);
    }

    @Test
    void aMacLearnedOnAnotherVlanDoesNotResolveTheRouter() {
        CompiledPipeline pipeline = compile(Lab.state(ACME_NO_MAC, BETA),
                                            knowing(Lab.ROUTER_IP, ACME.attachment().connectPoint(),
                                                    BETA.attachment().vlan()));

        assertEquals(Set.of(RuleOwner.tenant("acme")), pipeline.pending().keySet());
    }

    @Test
    void anUnresolvedServiceWithholdsTheForwardRuleOfEachAccessToIt() {
        DesiredState state = Lab.state(ACME, BETA).withService(BACKUP_NO_MAC);

        CompiledPipeline pipeline = compile(state, Neighbours.NONE);

        String waiting = "waiting for ARP reply from service backup 10.1.1.10 on of:0000000000000001/10";
        assertEquals(Map.of(RuleOwner.access("acme", "backup"), waiting, RuleOwner.access("beta", "backup"), waiting),
                     pipeline.pending());
        PipelineEvaluator sw = Lab.evaluator(pipeline);
        assertEquals(Outcome.Fate.DROPPED, sw.process(Lab.fromTenant(ACME, "10.1.1.20", Lab.VIP)).fate);
        assertEquals(Outcome.Fate.PUNTED, sw.process(Packet.arpRequest(Lab.SERVICE_PORT.port(), VlanId.NONE,
                                                                       LEARNED, Lab.GATEWAY_IP)).fate);
    }

    @Test
    void aServiceResolvedOnItsUntaggedPortIsReachable() {
        DesiredState state = Lab.state(ACME, BETA).withService(BACKUP_NO_MAC);

        CompiledPipeline pipeline = compile(state, knowing(Lab.SERVICE_IP, Lab.SERVICE_PORT, VlanId.NONE));

        assertTrue(pipeline.pending().isEmpty());
        Outcome out = Lab.evaluator(pipeline).process(Lab.fromTenant(BETA, "10.1.1.20", Lab.VIP));
        assertEquals(LEARNED, out.packet().ethDst);
    }

    private static Set<PipelineTable> tablesOf(CompiledPipeline pipeline, String tenant) {
        return pipeline.rules(RuleOwner.tenant(tenant)).stream().map(FlowRule::tableId)
                .map(id -> PipelineTable.values()[id - PipelineSettings.DEFAULTS.firstTable()])
                .collect(Collectors.toSet());
    }
}
