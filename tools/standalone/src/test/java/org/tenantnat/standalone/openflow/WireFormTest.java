package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class WireFormTest {

    private final OFFactory of = OFFactories.getFactory(OFVersion.OF_13);

    private Match match(OFOxm<?>... oxms) {
        return of.matchV3(OFOxmList.ofList(List.of(oxms)));
    }

    @Test
    void aMatchReadsBackEqualToItself() {
        Match match = match(of.oxms().inPort(OFPort.of(3)), of.oxms().ethType(EthType.IPv4),
                            of.oxms().ipv4SrcMasked(IPv4Address.of("10.1.1.0"), IPv4Address.of("255.255.255.0")));
        assertEquals(match, WireForm.match(WireForm.of(match)));
    }

    @Test
    void theSameFieldsInAnotherOrderHaveTheSameBytes() {
        // A switch reports a flow's OXMs in its own order: the slot of a reported flow must equal the slot we sent.
        OFOxm<?> port = of.oxms().inPort(OFPort.of(3));
        OFOxm<?> type = of.oxms().ethType(EthType.IPv4);
        OFOxm<?> dst = of.oxms().ipv4Dst(IPv4Address.of("100.64.0.1"));
        assertArrayEquals(WireForm.of(match(port, type, dst)), WireForm.of(match(dst, type, port)));
        assertEquals(new FlowSlot(3, 100, match(port, type, dst)), new FlowSlot(3, 100, match(dst, port, type)));
    }

    @Test
    void aDifferentMaskIsADifferentSlot() {
        Match slash24 = match(of.oxms().ethType(EthType.IPv4), of.oxms().ipv4SrcMasked(
                IPv4Address.of("10.1.1.0"), IPv4AddressWithMask.of("10.1.1.0/24").getMask()));
        Match slash25 = match(of.oxms().ethType(EthType.IPv4), of.oxms().ipv4SrcMasked(
                IPv4Address.of("10.1.1.0"), IPv4AddressWithMask.of("10.1.1.0/25").getMask()));
        assertNotEquals(new FlowSlot(1, 100, slash24), new FlowSlot(1, 100, slash25));
        assertFalse(new FlowSlot(1, 100, slash24).equals(new FlowSlot(1, 101, slash24)));
    }

    @Test
    void instructionsReadBackInTheirOrder() {
        List<OFInstruction> instructions = List.of(
                of.instructions().applyActions(List.of(of.actions().popVlan(),
                                                       of.actions().setField(of.oxms().ipv4Src(
                                                               IPv4Address.of("100.64.0.9"))))),
                of.instructions().writeMetadata(U64.of(5), U64.of(0xffff)),
                of.instructions().gotoTable(TableId.of(2)));
        assertEquals(instructions, WireForm.instructions(WireForm.of(instructions)));
        FlowKey key = new FlowKey(new FlowSlot(1, 100, match(of.oxms().inPort(OFPort.of(1)))), 7, instructions);
        assertEquals(instructions, key.instructions());
        assertNotEquals(key, new FlowKey(key.slot(), 7, instructions.subList(0, 2)));
    }
}
