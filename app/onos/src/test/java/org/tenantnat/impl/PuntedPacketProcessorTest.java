package org.tenantnat.impl;

import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.packet.DefaultInboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketContextAdapter;
import org.tenantnat.api.model.DesiredState;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PuntedPacketProcessorTest {

    private static final ConnectPoint ACME = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint BACKUP = ConnectPoint.deviceConnectPoint("of:0000000000000001/3");
    private static final ConnectPoint ELSEWHERE = ConnectPoint.deviceConnectPoint("of:0000000000000001/9");
    private static final long OUR_APP = 0x7e1a;
    private static final long OUR_RULE = (OUR_APP << 48) | (1L << 32) | 0x1234;
    private static final long THEIR_RULE = (0x42L << 48) | 0x1234;

    private DesiredState state = Documents.decode(Documents.twoSwitches());
    private final List<ConnectPoint> handed = new ArrayList<>();
    private final List<Long> cookies = new ArrayList<>();
    private final Set<DeviceId> mastered = new HashSet<>(Set.of(ACME.deviceId()));
    private final PuntedPacketProcessor processor = new PuntedPacketProcessor(
            () -> this.state, mastered::contains, cookie -> (cookie >>> 48) == OUR_APP, (p, f, c) -> {
                handed.add(p);
                cookies.add(c);
            });

    private static Ethernet arpRequest(short vlan) {
        return ARP.buildArpRequest(MacAddress.valueOf("02:00:00:00:0a:01").toBytes(),
                                   Ip4Address.valueOf("10.1.1.254").toOctets(),
                                   Ip4Address.valueOf("10.1.1.1").toOctets(), vlan);
    }

    private static PacketContext context(ConnectPoint port, Ethernet frame, boolean handled) {
        return new PacketContextAdapter(0, new DefaultInboundPacket(port, frame, ByteBuffer.wrap(frame.serialize())),
                                        null, handled);
    }

    private static PacketContext context(ConnectPoint port, Ethernet frame, long cookie) {
        return new PacketContextAdapter(0, new DefaultInboundPacket(port, frame, ByteBuffer.wrap(frame.serialize()),
                                                                    Optional.of(cookie)), null, false);
    }

    @Test
    void arpOnAnAttachmentGoesToTheRuntimeAndIsBlocked() {
        PacketContext context = context(ACME, arpRequest((short) 100), false);

        processor.process(context);

        assertEquals(List.of(ACME), handed);
        assertTrue(context.isHandled());
    }

    @Test
    void arpFromASwitchMasteredElsewhereIsBlockedButNotAnswered() {
        mastered.clear();
        PacketContext context = context(ACME, arpRequest((short) 100), false);

        processor.process(context);

        assertTrue(handed.isEmpty(), "the switch's master answers");
        assertTrue(context.isHandled(), "no other application answers for tenantnat's addresses");
    }

    @Test
    void arpOnAServicePortGoesToTheRuntime() {
        PacketContext context = context(BACKUP, arpRequest(Ethernet.VLAN_UNTAGGED), false);

        processor.process(context);

        assertEquals(List.of(BACKUP), handed);
    }

    @Test
    void arpOnOtherPortsIsLeftToOtherApplications() {
        PacketContext context = context(ELSEWHERE, arpRequest(Ethernet.VLAN_UNTAGGED), false);

        processor.process(context);

        assertTrue(handed.isEmpty());
        assertFalse(context.isHandled());
    }

    @Test
    void otherFramesAndHandledPacketsAreIgnored() {
        Ethernet ipv4 = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:0a:01").setDestinationMACAddress("02:00:00:00:00:01");
        ipv4.setPayload(new IPv4().setSourceAddress("10.1.1.5").setDestinationAddress("10.250.0.10")
                                .setProtocol(IPv4.PROTOCOL_ICMP));

        processor.process(context(ACME, ipv4, false));
        processor.process(context(ACME, arpRequest((short) 100), true));

        assertTrue(handed.isEmpty());
    }

    @Test
    void icmpErrorsOnAnAttachmentGoToTheRuntimeAndOtherIcmpDoesNot() {
        processor.process(context(ACME, icmp((byte) 8), false));
        assertTrue(handed.isEmpty(), "an echo request keeps to the flows");

        PacketContext error = context(ACME, icmp((byte) 3), false);
        processor.process(error);

        assertEquals(List.of(ACME), handed);
        assertTrue(error.isHandled());
    }

    private static Ethernet icmp(byte type) {
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:0a:01").setDestinationMACAddress("02:00:00:00:00:01");
        frame.setPayload(new IPv4().setSourceAddress("10.1.1.5").setDestinationAddress("10.250.0.10")
                                 .setProtocol(IPv4.PROTOCOL_ICMP)
                                 .setPayload(new ICMP().setIcmpType(type).setPayload(new Data(new byte[32]))));
        return frame;
    }

    @Test
    void aPacketOurRuleSentFromAnAttachmentAsksForABindingWithItsCookie() {
        PacketContext first = context(ACME, icmp((byte) 8), OUR_RULE);

        processor.process(first);

        assertEquals(List.of(ACME), handed);
        assertEquals(List.of(OUR_RULE), cookies);
        assertTrue(first.isHandled());
    }

    @Test
    void aPacketAnotherApplicationsRuleSentIsLeftAlone() {
        PacketContext theirs = context(ACME, icmp((byte) 8), THEIR_RULE);

        processor.process(theirs);

        assertTrue(handed.isEmpty());
        assertFalse(theirs.isHandled());
    }

    @Test
    void aTenantRemovedFromTheDesiredStateNoLongerHasItsPortsFramesTaken() {
        processor.process(context(ACME, arpRequest((short) 100), false));
        state = Documents.decode(Documents.twoSwitchesWithout("acme"));
        PacketContext after = context(ACME, arpRequest((short) 100), false);

        processor.process(after);

        assertEquals(List.of(ACME), handed, "taken while acme was configured, left alone after");
        assertFalse(after.isHandled());
    }

    @Test
    void tenantnatOwnsArpOnEveryAttachmentAndServicePort() {
        assertEquals(5, PuntedPacketProcessor.ports(state).size());
        assertTrue(PuntedPacketProcessor.ports(state).containsAll(List.of(ACME, BACKUP)));
    }
}
