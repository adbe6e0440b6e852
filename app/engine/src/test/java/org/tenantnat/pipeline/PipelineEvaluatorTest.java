package org.tenantnat.pipeline;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The test switch follows OpenFlow where the compiler's tests rely on it, and refuses what a real switch would.
 */
class PipelineEvaluatorTest {

    private static final Packet PACKET = Packet.ipv4(PortNumber.portNumber(1), VlanId.NONE, Lab.routerMac(1),
                                                     Lab.GATEWAY_MAC, "10.1.1.20", "10.250.0.10");

    private static FlowRule rule(int table, int priority, TrafficSelector.Builder selector,
                                 TrafficTreatment.Builder treatment) {
        return DefaultFlowRule.builder().forDevice(Lab.SW1).forTable(table).withPriority(priority)
                .withSelector(selector.build()).withTreatment(treatment.build()).fromApp(Lab.APP).makePermanent()
                .build();
    }

    private static TrafficSelector.Builder ipv4() {
        return DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4);
    }

    @Test
    void aTableMissDropsAndTheHighestPriorityMatchWins() {
        FlowRule low = rule(0, 10, ipv4(), DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(7)));
        FlowRule high = rule(0, 20, ipv4().matchIPDst(Ip4Prefix.valueOf("10.250.0.0/16")),
                             DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(8)));

        assertEquals(Outcome.Fate.DROPPED, new PipelineEvaluator(List.of(), 0).process(PACKET).fate);
        assertEquals(PortNumber.portNumber(8), new PipelineEvaluator(List.of(low, high), 0).process(PACKET).port());
    }

    @Test
    void aNiciraLoadReplacesOnlyItsBitRange() {
        NiciraLoadTreatment load = NiciraLoadTreatment.networkBits(NxmField.IPV4_SRC,
                                                                   Ip4Prefix.valueOf("100.64.0.0/10"));
        FlowRule rewrite = rule(0, 10, ipv4(), DefaultTrafficTreatment.builder().extension(load, Lab.SW1)
                .setOutput(PortNumber.portNumber(2)));

        Outcome out = new PipelineEvaluator(List.of(rewrite), 0).process(PACKET);

        // 10.1.1.20 = 00001010.00|000001.00000001.00010100; the top 10 bits become those of 100.64.0.0.
        assertEquals("100.65.1.20", out.packet().ipSrc.toString());
    }

    @Test
    void metadataWrittenInOneTableIsMatchedInTheNext() {
        FlowRule tag = rule(0, 10, ipv4(), DefaultTrafficTreatment.builder().writeMetadata(7, -1L).transition(3));
        FlowRule seven = rule(3, 10, ipv4().matchMetadata(7),
                              DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(7)));
        FlowRule eight = rule(3, 10, ipv4().matchMetadata(8),
                              DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(8)));

        assertEquals(PortNumber.portNumber(7),
                     new PipelineEvaluator(List.of(tag, seven, eight), 0).process(PACKET).port());
    }

    @Test
    void itRefusesWhatASwitchWouldNot() {
        FlowRule a = rule(0, 10, ipv4(), DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(7)));
        FlowRule b = rule(0, 10, ipv4().matchInPort(PortNumber.portNumber(1)),
                          DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(8)));
        FlowRule backwards = rule(2, 10, ipv4(), DefaultTrafficTreatment.builder().transition(1));
        FlowRule noPrerequisite = rule(0, 10, DefaultTrafficSelector.builder()
                .matchIPDst(Ip4Prefix.valueOf("10.0.0.0/8")), DefaultTrafficTreatment.builder());

        assertThrows(IllegalStateException.class, () -> new PipelineEvaluator(List.of(a, b), 0).process(PACKET));
        assertThrows(IllegalStateException.class, () -> new PipelineEvaluator(List.of(backwards), 2).process(PACKET));
        assertThrows(IllegalStateException.class, () -> new PipelineEvaluator(List.of(noPrerequisite), 0));
    }
}
