package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tenantnat.pipeline.Lab.ACME;
import static org.tenantnat.pipeline.Lab.BETA;
import static org.tenantnat.pipeline.Lab.GAMMA;

/**
 * ARP for the addresses the app answers for (gateways and VIPs) reaches the controller unchanged; other ARP is dropped.
 */
class ArpPuntTest {

    private final PipelineEvaluator sw = Lab.evaluator(Lab.compile(Lab.state(ACME, BETA, GAMMA), Lab.PREFIX));

    private Outcome.Fate fate(Packet packet) {
        return sw.process(packet).fate;
    }

    @Test
    void arpForTheGatewayAndTheVipOfEachTenantIsPuntedAsReceived() {
        for (Tenant t : new Tenant[]{ACME, BETA, GAMMA}) {
            for (String target : new String[]{Lab.GATEWAY_IP, Lab.VIP}) {
                Packet request = Lab.arpFrom(t, target);
                Outcome out = sw.process(request);

                assertEquals(Outcome.Fate.PUNTED, out.fate, t.name() + " " + target);
                assertEquals(request, out.packet(), "the controller sees the VLAN the request came on");
            }
        }
    }

    @Test
    void arpForTheServiceGatewayFromTheServicePortIsPunted() {
        Packet request = Packet.arpRequest(Lab.SERVICE_PORT.port(), VlanId.NONE, Lab.SERVICE_MAC, Lab.GATEWAY_IP);
        assertEquals(Outcome.Fate.PUNTED, fate(request));
    }

    @Test
    void arpForAnyOtherAddressIsDropped() {
        assertEquals(Outcome.Fate.DROPPED, fate(Lab.arpFrom(ACME, "10.1.1.77")));
        assertEquals(Outcome.Fate.DROPPED, fate(Lab.arpFrom(ACME, Lab.SERVICE_IP)));
        assertEquals(Outcome.Fate.DROPPED, fate(Lab.arpFrom(GAMMA, "10.250.0.11")));
        assertEquals(Outcome.Fate.DROPPED, fate(Packet.arpRequest(Lab.SERVICE_PORT.port(), VlanId.NONE,
                                                                  Lab.SERVICE_MAC, Lab.VIP)));
    }

    @Test
    void arpFromAnUnknownPortOrVlanIsDropped() {
        MacAddress mac = Lab.routerMac(9);
        VlanId unused = VlanId.vlanId((short) 300);
        assertEquals(Outcome.Fate.DROPPED,
                     fate(Packet.arpRequest(PortNumber.portNumber(1), unused, mac, Lab.GATEWAY_IP)));
        assertEquals(Outcome.Fate.DROPPED,
                     fate(Packet.arpRequest(PortNumber.portNumber(1), VlanId.NONE, mac, Lab.GATEWAY_IP)));
        assertEquals(Outcome.Fate.DROPPED,
                     fate(Packet.arpRequest(PortNumber.portNumber(7), VlanId.NONE, mac, Lab.VIP)));
    }

    @Test
    void withoutArpHandlingNoArpReachesTheControllerAndTrafficStillFlows() {
        PipelineSettings noArp = new PipelineSettings(PipelineSettings.DEFAULT_FIRST_TABLE,
                                                      PipelineSettings.DEFAULT_PRIORITY,
                                                      PipelineSettings.DEFAULT_PER_HOST_MIN_PREFIX_LENGTH, false);
        DesiredState state = Lab.state(ACME, BETA, GAMMA);
        PipelineEvaluator quiet = Lab.evaluator(new PipelineCompiler(Lab.APP, noArp)
                .compile(Lab.SW1, state, Lab.allocation(state), Neighbours.NONE, Lab.PREFIX));
        assertEquals(Outcome.Fate.DROPPED, quiet.process(Lab.arpFrom(ACME, Lab.GATEWAY_IP)).fate);
        assertEquals(Outcome.Fate.DROPPED, quiet.process(Lab.arpFrom(GAMMA, Lab.VIP)).fate);
        assertEquals(Outcome.Fate.DROPPED, quiet.process(Packet.arpRequest(Lab.SERVICE_PORT.port(), VlanId.NONE,
                                                                           Lab.SERVICE_MAC, Lab.GATEWAY_IP)).fate);
        assertEquals(Outcome.Fate.FORWARDED, quiet.process(Lab.fromTenant(ACME, "10.1.1.7", Lab.VIP)).fate);
    }
}
