package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile or broken switches at the controller, as raw bytes on loopback: each is dropped or ignored on its own
 * while a well-behaved switch connected beside it stays connected and answered.
 */
class HostileSwitchTest {

    private static final DeviceId GOOD = DeviceId.deviceId("of:0000000000000042");
    private static final DeviceId FLOODER = DeviceId.deviceId("of:0000000000000043");
    private static final Duration ECHO_INTERVAL = Duration.ofSeconds(1);
    /** Also how long a handshake may take. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
    private static final byte OF13 = 4;

    private final RecordingListener events = new RecordingListener();
    private OpenFlowController controller;
    private InetSocketAddress address;
    private FakeSwitch good;

    @BeforeEach
    void connectAGoodSwitch() throws Exception {
        controller = new OpenFlowController(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                            ECHO_INTERVAL, REQUEST_TIMEOUT);
        controller.addListener(events);
        address = controller.start();
        good = FakeSwitch.connect(address);
        good.handshake(0x42, "Acme Networks", "AS-4610");
        events.awaitConnected(GOOD::equals, 5);
    }

    @AfterEach
    void stop() throws IOException {
        good.close();
        controller.stop();
    }

    private void assertTheGoodSwitchIsUnaffected() throws Exception {
        good.send(good.factory().buildEchoRequest().setXid(4242).setData(new byte[] {4, 2}).build());
        OFEchoReply reply = good.expect(OFType.ECHO_REPLY);
        assertEquals(4242, reply.getXid());
        assertTrue(controller.switches().contains(GOOD), () -> "switches: " + controller.switches());
        assertNull(events.disconnected.poll(0, TimeUnit.MILLISECONDS), "the good switch was reported gone");
    }

    @Test
    void aLengthShorterThanTheHeaderClosesOnlyThatConnection() throws Exception {
        try (FakeSwitch hostile = FakeSwitch.connect(address)) {
            // A HELLO whose length says 0 bytes: no frame can be cut from it.
            hostile.sendRaw(new byte[] {OF13, 0, 0, 0, 0, 0, 0, 1});

            assertTrue(hostile.closedByController());
        }
        assertTheGoodSwitchIsUnaffected();
    }

    @Test
    void bytesThatAreNotOpenFlowAreDroppedWhenTheHandshakeTimesOut() throws Exception {
        try (FakeSwitch hostile = FakeSwitch.connect(address)) {
            // Read as OpenFlow, "GE" is version 0x47, type 0x45 and "T " a length of 21,536: the controller waits
            // for the rest of a message that never comes, until the handshake's time is up.
            hostile.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertTrue(hostile.closedByController());
        }
        assertTheGoodSwitchIsUnaffected();
    }

    @Test
    void aSwitchThatNeverFinishesItsHandshakeIsDropped() throws Exception {
        try (FakeSwitch hostile = FakeSwitch.connect(address)) {
            hostile.send(hostile.factory().buildHello().build());
            hostile.expect(OFType.FEATURES_REQUEST);

            // The features request is never answered.
            assertTrue(hostile.closedByController());
        }
        assertEquals(Set.of(GOOD), controller.switches());
        assertTheGoodSwitchIsUnaffected();
    }

    @Test
    void unknownMessagesAndRepliesToRequestsNeverSentAreIgnored() throws Exception {
        OFFactory of = good.factory();
        // A type OpenFlow 1.3 does not have, at the largest length a header can state, then a short one.
        byte[] largest = new byte[0xffff];
        new Random(7).nextBytes(largest);
        System.arraycopy(new byte[] {OF13, (byte) 0xee, (byte) 0xff, (byte) 0xff, 0, 0, 0, 9}, 0, largest, 0, 8);
        good.sendRaw(largest);
        good.sendRaw(new byte[] {OF13, (byte) 0xee, 0, 8, 0, 0, 0, 10});
        good.send(of.buildBarrierReply().setXid(0x7fff0001).build());
        good.send(of.buildDescStatsReply().setXid(0x7fff0002).setMfrDesc("x").setHwDesc("x").setSwDesc("x")
                          .setSerialNum("x").setDpDesc("x").build());
        good.send(of.buildEchoReply().setXid(0x7fff0003).build());

        assertTheGoodSwitchIsUnaffected();
    }

    @Test
    void aFloodOfPacketInsFromOneSwitchLeavesAnotherAnswered() throws Exception {
        try (FakeSwitch flooder = FakeSwitch.connect(address)) {
            flooder.handshake(0x43, "Acme Networks", "AS-4610");
            events.awaitConnected(FLOODER::equals, 5);
            OFFactory of = flooder.factory();
            byte[] frame = new byte[60];
            frame[0] = (byte) 0xff;
            for (int i = 0; i < 20_000; i++) {
                flooder.send(of.buildPacketIn().setXid(i).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(60)
                                     .setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(0))
                                     .setMatch(of.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                                     .setData(frame).build());
            }

            assertTheGoodSwitchIsUnaffected();
            assertTrue(controller.switches().contains(FLOODER));
        }
    }
}
