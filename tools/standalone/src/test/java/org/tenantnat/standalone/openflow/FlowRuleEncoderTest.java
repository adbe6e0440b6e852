package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.TpPort;
import org.onlab.packet.VlanId;
import org.onosproject.core.GroupId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.meter.MeterId;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraLoad;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.projectfloodlight.openflow.types.VlanVid;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.NiciraMoveTreatment;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tenantnat.standalone.openflow.Rules.actions;
import static org.tenantnat.standalone.openflow.Rules.match;
import static org.tenantnat.standalone.openflow.Rules.rule;

class FlowRuleEncoderTest {

    private static final org.onlab.packet.MacAddress ROUTER_MAC =
            org.onlab.packet.MacAddress.valueOf("02:00:00:00:0a:01");
    private static final org.onlab.packet.MacAddress GATEWAY_MAC =
            org.onlab.packet.MacAddress.valueOf("02:00:00:00:00:01");

    private final FlowRuleEncoder encoder = new FlowRuleEncoder();
    private final OFFactory of = OFFactories.getFactory(OFVersion.OF_13);

    @Test
    void everyIpCriterionBecomesItsOxm() {
        FlowRule rule = rule(1, 40000, match()
                .matchInPort(PortNumber.portNumber(3))
                .matchEthType(Ethernet.TYPE_IPV4)
                .matchVlanId(VlanId.vlanId((short) 100))
                .matchMetadata(7)
                .matchIPSrc(IpPrefix.valueOf("10.1.1.0/24"))
                .matchIPDst(IpPrefix.valueOf("10.250.0.10/32"))
                .matchIPProtocol(IPv4.PROTOCOL_TCP)
                .matchEthSrc(ROUTER_MAC)
                .matchEthDst(GATEWAY_MAC), actions().drop());

        Match expected = of.buildMatch()
                .setExact(MatchField.IN_PORT, OFPort.of(3))
                .setExact(MatchField.ETH_TYPE, org.projectfloodlight.openflow.types.EthType.IPv4)
                .setExact(MatchField.VLAN_VID, OFVlanVidMatch.ofRawVid((short) (0x1000 | 100)))
                .setExact(MatchField.METADATA, OFMetadata.ofRaw(7))
                .setMasked(MatchField.IPV4_SRC, IPv4Address.of("10.1.1.0"), IPv4Address.of("255.255.255.0"))
                .setExact(MatchField.IPV4_DST, IPv4Address.of("10.250.0.10"))
                .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.ETH_SRC, MacAddress.of("02:00:00:00:0a:01"))
                .setExact(MatchField.ETH_DST, MacAddress.of("02:00:00:00:00:01"))
                .build();
        assertEquals(expected, encoder.match(rule));
    }

    @Test
    void arpCriteriaBecomeTheirOxms() {
        FlowRule rule = rule(0, 40000, match()
                .matchEthType(Ethernet.TYPE_ARP)
                .matchArpTpa(Ip4Address.valueOf("10.250.0.10"))
                .matchArpOp(1), actions().punt());

        Match expected = of.buildMatch()
                .setExact(MatchField.ETH_TYPE, org.projectfloodlight.openflow.types.EthType.ARP)
                .setExact(MatchField.ARP_TPA, IPv4Address.of("10.250.0.10"))
                .setExact(MatchField.ARP_OP, ArpOpcode.REQUEST)
                .build();
        assertEquals(expected, encoder.match(rule));
    }

    @Test
    void untaggedMatchesNoVlanAndTaggedSetsThePresentBit() {
        Match untagged = encoder.match(rule(0, 100, match().matchVlanId(VlanId.NONE), actions()));
        Match tagged = encoder.match(rule(0, 100, match().matchVlanId(VlanId.vlanId((short) 300)), actions()));

        assertEquals(OFVlanVidMatch.NONE, untagged.get(MatchField.VLAN_VID));
        assertEquals(0x1000 | 300, tagged.get(MatchField.VLAN_VID).getRawVid());
    }

    @Test
    void zeroLengthPrefixMatchesEverythingSoItIsLeftOut() {
        Match match = encoder.match(rule(0, 100, match().matchEthType(Ethernet.TYPE_IPV4)
                .matchIPSrc(IpPrefix.valueOf("0.0.0.0/0")), actions()));

        assertEquals(of.buildMatch().setExact(MatchField.ETH_TYPE,
                                              org.projectfloodlight.openflow.types.EthType.IPv4).build(), match);
    }

    @Test
    void addCarriesCookieTablePriorityAndNeverExpires() {
        FlowRule rule = rule(3, 40001, match().matchInPort(PortNumber.portNumber(1)), actions().transition(4));

        OFFlowAdd add = encoder.add(rule);

        assertEquals(rule.id().value(), add.getCookie().getValue());
        assertEquals(Rules.APP.id(), (short) (add.getCookie().getValue() >>> 48));
        assertEquals(TableId.of(3), add.getTableId());
        assertEquals(40001, add.getPriority());
        assertEquals(0, add.getIdleTimeout());
        assertEquals(0, add.getHardTimeout());
        assertEquals(OFBufferId.NO_BUFFER, add.getBufferId());
    }

    @Test
    void immediateActionsAreAppliedInOrder() {
        FlowRule rule = rule(2, 40000, match().matchInPort(PortNumber.portNumber(1)), actions()
                .popVlan()
                .pushVlan()
                .setVlanId(VlanId.vlanId((short) 200))
                .setEthSrc(GATEWAY_MAC)
                .setEthDst(ROUTER_MAC)
                .setIpSrc(Ip4Address.valueOf("100.64.0.5"))
                .setIpDst(Ip4Address.valueOf("10.1.1.10"))
                .setOutput(PortNumber.portNumber(2))
                .setOutput(PortNumber.IN_PORT)
                .setOutput(PortNumber.CONTROLLER));

        List<OFAction> expected = List.of(
                of.actions().popVlan(),
                of.actions().pushVlan(org.projectfloodlight.openflow.types.EthType.VLAN_FRAME),
                of.actions().setField(of.oxms().vlanVid(OFVlanVidMatch.ofVlanVid(VlanVid.ofVlan(200)))),
                of.actions().setField(of.oxms().ethSrc(MacAddress.of("02:00:00:00:00:01"))),
                of.actions().setField(of.oxms().ethDst(MacAddress.of("02:00:00:00:0a:01"))),
                of.actions().setField(of.oxms().ipv4Src(IPv4Address.of("100.64.0.5"))),
                of.actions().setField(of.oxms().ipv4Dst(IPv4Address.of("10.1.1.10"))),
                of.actions().output(OFPort.of(2), 0),
                of.actions().output(OFPort.IN_PORT, 0),
                of.actions().output(OFPort.CONTROLLER, 0xffff));
        assertEquals(List.of(of.instructions().applyActions(expected)), encoder.instructions(rule));
    }

    @Test
    void writeMetadataAndGotoFollowTheAppliedActions() {
        FlowRule rule = rule(0, 40000, match().matchInPort(PortNumber.portNumber(1)), actions()
                .popVlan()
                .writeMetadata(5, 0xffff)
                .transition(1));

        List<OFInstruction> expected = List.of(
                of.instructions().applyActions(List.of(of.actions().popVlan())),
                of.instructions().writeMetadata(U64.of(5), U64.of(0xffff)),
                of.instructions().gotoTable(TableId.of(1)));
        assertEquals(expected, encoder.instructions(rule));
    }

    @Test
    void emptyTreatmentAndExplicitDropBothHaveNoInstructions() {
        assertEquals(List.of(), encoder.instructions(rule(0, 10, match(), actions())));
        assertEquals(List.of(), encoder.instructions(rule(0, 10, match(), actions().drop())));
    }

    @Test
    void niciraLoadKeepsOffsetBitsDestinationAndValue() {
        // Translate 10.1.1.0/24 to 100.64.7.0/24: load the top 24 bits of ip_src, keep the host byte.
        ExtensionTreatment load = new NiciraLoadTreatment(NiciraLoadTreatment.ofsNbits(8, 24), Rules.NXM_OF_IP_SRC, 0x644007);
        FlowRule rule = rule(1, 40000, match().matchEthType(Ethernet.TYPE_IPV4), actions()
                .extension(load, Rules.DEVICE)
                .transition(2));

        OFInstructionApplyActions apply = (OFInstructionApplyActions) encoder.instructions(rule).get(0);
        OFActionNiciraLoad action = (OFActionNiciraLoad) apply.getActions().get(0);

        assertEquals(8 << 6 | 23, action.getOfsNbits());
        assertEquals(0x00000e04L, action.getDst());
        assertEquals(0x644007L, action.getValue().getValue());
    }

    @Test
    void niciraLoadIntoAnOxmAddressFieldUsesTheNxmHeaderTheSwitchReportsBack() {
        FlowRule rule = rule(1, 40000, match().matchEthType(Ethernet.TYPE_IPV4), actions()
                .extension(new NiciraLoadTreatment(NiciraLoadTreatment.ofsNbits(8, 24), 0x80001804L, 0x644007), Rules.DEVICE));

        OFInstructionApplyActions apply = (OFInstructionApplyActions) encoder.instructions(rule).get(0);

        assertEquals(Rules.NXM_OF_IP_DST, ((OFActionNiciraLoad) apply.getActions().get(0)).getDst());
    }

    @Test
    void icmpTypeAndArpSenderBecomeTheirOxms() {
        FlowRule icmp = rule(0, 40001, match().matchEthType(Ethernet.TYPE_IPV4).matchIPProtocol(IPv4.PROTOCOL_ICMP)
                .matchIcmpType((byte) 3), actions().punt());
        FlowRule garp = rule(0, 40001, match().matchEthType(Ethernet.TYPE_ARP)
                .matchArpSpa(Ip4Address.valueOf("192.168.100.2")), actions().punt());

        assertEquals(ICMPv4Type.of((short) 3), encoder.match(icmp).get(MatchField.ICMPV4_TYPE));
        assertEquals(IPv4Address.of("192.168.100.2"), encoder.match(garp).get(MatchField.ARP_SPA));
    }

    @Test
    void anArpResponderIsNiciraMovesAndArpSetFieldsInOrderThenInPort() {
        FlowRule rule = rule(0, 40001, match().matchEthType(Ethernet.TYPE_ARP), actions()
                .extension(NiciraMoveTreatment.of(ExtensionTreatmentTypes.NICIRA_MOV_ETH_SRC_TO_DST.type()),
                           Rules.DEVICE)
                .setEthSrc(GATEWAY_MAC)
                .setArpOp((short) 2)
                .extension(NiciraMoveTreatment.of(ExtensionTreatmentTypes.NICIRA_MOV_ARP_SHA_TO_THA.type()),
                           Rules.DEVICE)
                .setArpSha(GATEWAY_MAC)
                .extension(NiciraMoveTreatment.of(ExtensionTreatmentTypes.NICIRA_MOV_ARP_SPA_TO_TPA.type()),
                           Rules.DEVICE)
                .setArpSpa(Ip4Address.valueOf("10.250.0.10"))
                .setOutput(PortNumber.IN_PORT));

        List<OFAction> actions = ((OFInstructionApplyActions) encoder.instructions(rule).get(0)).getActions();

        assertEquals(List.of(
                of.actions().buildNiciraMove().setNBits(48).setSrc(0x406).setDst(0x206).build(),
                of.actions().setField(of.oxms().ethSrc(MacAddress.of(GATEWAY_MAC.toLong()))),
                of.actions().setField(of.oxms().arpOp(ArpOpcode.REPLY)),
                of.actions().buildNiciraMove().setNBits(48).setSrc(0x12206).setDst(0x12406).build(),
                of.actions().setField(of.oxms().arpSha(MacAddress.of(GATEWAY_MAC.toLong()))),
                of.actions().buildNiciraMove().setNBits(32).setSrc(0x2004).setDst(0x2204).build(),
                of.actions().setField(of.oxms().arpSpa(IPv4Address.of("10.250.0.10"))),
                of.actions().output(OFPort.IN_PORT, 0)), actions);
    }

    @Test
    void theMeterInstructionComesBeforeTheActions() {
        FlowRule rule = rule(0, 40001, match().matchEthType(Ethernet.TYPE_ARP),
                             actions().meter(MeterId.meterId(1)).punt());

        assertEquals(List.of(of.instructions().meter(1),
                             of.instructions().applyActions(List.of(of.actions().output(OFPort.CONTROLLER,
                                                                                        FlowRuleEncoder.NO_BUFFER)))),
                     encoder.instructions(rule));
    }

    @Test
    void unsupportedCriterionIsRefusedByName() {
        FlowRule rule = rule(0, 10, match().matchEthType(Ethernet.TYPE_IPV4).matchIPProtocol(IPv4.PROTOCOL_TCP)
                .matchTcpDst(TpPort.tpPort(80)), actions());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.add(rule));
        assertTrue(e.getMessage().contains("TCP_DST"), e.getMessage());
    }

    @Test
    void unsupportedInstructionsAreRefusedByName() {
        assertRefused(actions().setTcpDst(TpPort.tpPort(80)), "L4MODIFICATION");
        assertRefused(actions().group(GroupId.valueOf(1)), "GROUP");
        assertRefused(actions().setVlanPcp((byte) 3), "VLAN_PCP");
        assertRefused(actions().deferred().setOutput(PortNumber.portNumber(1)), "deferred");
        assertRefused(actions().setOutput(PortNumber.FLOOD), "FLOOD");
        assertRefused(actions().drop().transition(1), "NOACTION");
        ExtensionTreatment other = new BareExtension(ExtensionTreatmentTypes.NICIRA_RESUBMIT.type());
        assertRefused(actions().extension(other, Rules.DEVICE), "EXTENSION");
    }

    @Test
    void niciraLoadWithoutItsPropertiesIsRefused() {
        ExtensionTreatment broken = new BareExtension(ExtensionTreatmentTypes.NICIRA_LOAD.type());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.add(
                rule(0, 10, match(), actions().extension(broken, Rules.DEVICE))));
        assertTrue(e.getMessage().contains("ofsNbits"), e.getMessage());
    }

    @Test
    void deleteStrictTargetsTheRuleSlotAndOnlyItsCookie() {
        FlowRule rule = rule(2, 40000, match().matchEthType(Ethernet.TYPE_IPV4)
                .matchIPDst(IpPrefix.valueOf("10.250.0.10/32")), actions().setOutput(PortNumber.portNumber(3)));

        OFFlowDeleteStrict delete = encoder.deleteStrict(rule);

        assertEquals(OFFlowModCommand.DELETE_STRICT, delete.getCommand());
        assertEquals(TableId.of(2), delete.getTableId());
        assertEquals(40000, delete.getPriority());
        assertEquals(encoder.match(rule), delete.getMatch());
        assertEquals(rule.id().value(), delete.getCookie().getValue());
        assertEquals(U64.NO_MASK, delete.getCookieMask());
        assertEquals(OFPort.ANY, delete.getOutPort());
    }

    @Test
    void keyOfARuleEqualsKeyOfTheFlowTheSwitchReportsForIt() {
        FlowRule rule = rule(1, 40000, match()
                .matchInPort(PortNumber.portNumber(1))
                .matchMetadata(1)
                .matchEthType(Ethernet.TYPE_IPV4)
                .matchIPSrc(IpPrefix.valueOf("10.1.1.0/24")), actions()
                .extension(new NiciraLoadTreatment(NiciraLoadTreatment.ofsNbits(8, 24), Rules.NXM_OF_IP_SRC, 0x644007), Rules.DEVICE)
                .pushVlan()
                .setVlanId(VlanId.vlanId((short) 10))
                .writeMetadata(1, 0xffff)
                .transition(2));
        OFFlowAdd add = encoder.add(rule);
        OFFlowStatsReply reply = of.buildFlowStatsReply().setEntries(List.of(
                of.buildFlowStatsEntry()
                        .setTableId(add.getTableId())
                        .setPriority(add.getPriority())
                        .setCookie(add.getCookie())
                        .setMatch(add.getMatch())
                        .setInstructions(add.getInstructions())
                        .setPacketCount(U64.of(5))
                        .build())).build();

        OFFlowStatsReply parsed = (OFFlowStatsReply) roundTrip(reply);

        assertEquals(encoder.key(rule), FlowKey.of(parsed.getEntries().get(0)));
    }

    private OFMessage roundTrip(OFMessage message) {
        ByteBuf buffer = Unpooled.buffer();
        message.writeTo(buffer);
        try {
            return OFFactories.getGenericReader().readFrom(buffer);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            buffer.release();
        }
    }

    private void assertRefused(TrafficTreatment.Builder treatment, String named) {
        FlowRule rule = rule(0, 10, match().matchInPort(PortNumber.portNumber(1)), treatment);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.add(rule));
        assertTrue(e.getMessage().contains(named), "'" + e.getMessage() + "' should name " + named);
    }

    /** An extension of a given type without any property. */
    private static final class BareExtension extends AbstractExtension implements ExtensionTreatment {
        private final ExtensionTreatmentType type;

        private BareExtension(ExtensionTreatmentType type) {
            this.type = type;
        }

        @Override
        public ExtensionTreatmentType type() {
            return type;
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }
    }
}
