package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the channel measures for the host's metrics: echo round trips (the controller probes every echo interval,
 * the request carrying its sending time) and how long a batch of flow changes takes to its barrier reply, with
 * its outcome.
 */
class ChannelMeasurementsTest {

    private static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000042");

    private final RecordingListener events = new RecordingListener();
    private final RecordingObserver observer = new RecordingObserver();
    private OpenFlowController controller;
    private InetSocketAddress address;

    @BeforeEach
    void startController() throws Exception {
        controller = new OpenFlowController(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                            Duration.ofMillis(300), Duration.ofSeconds(2), Optional.empty(),
                                            observer);
        controller.addListener(events);
        address = controller.start();
    }

    @AfterEach
    void stopController() {
        controller.stop();
    }

    private FakeSwitch connected() throws Exception {
        FakeSwitch sw = FakeSwitch.connect(address);
        sw.handshake(0x42, "Nicira, Inc.", "Open vSwitch");
        events.awaitConnected(DEVICE::equals, 5);
        return sw;
    }

    @Test
    void theControllerProbesEveryEchoIntervalAndEachReplyGivesARoundTrip() throws Exception {
        try (FakeSwitch sw = connected()) {
            for (int probe = 0; probe < 2; probe++) {
                OFEchoRequest echo = sw.expect(OFType.ECHO_REQUEST);
                assertEquals(8, echo.getData().length, "the request carries its sending time");
                sw.send(sw.factory().buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());

                Long nanos = observer.echoNanos.poll(5, TimeUnit.SECONDS);
                assertNotNull(nanos, "round trip " + probe);
                assertTrue(nanos > 0 && nanos < Duration.ofSeconds(1).toNanos(), nanos + " ns");
            }
        }
    }

    @Test
    void aBatchIsTimedToItsBarrierReplyWithItsOutcome() throws Exception {
        try (FakeSwitch sw = connected()) {
            OpenFlowSwitch of = controller.getSwitch(DEVICE).orElseThrow();
            OFMessage flowMod = of.factory().buildFlowAdd().build();

            CompletableFuture<Void> accepted = of.sendWithBarrier(List.of(flowMod, flowMod));
            sw.expect(OFType.FLOW_MOD);
            sw.expect(OFType.FLOW_MOD);
            OFBarrierRequest barrier = sw.expect(OFType.BARRIER_REQUEST);
            assertEquals(null, observer.batches.poll(100, TimeUnit.MILLISECONDS), "not before the barrier reply");
            sw.send(sw.factory().buildBarrierReply().setXid(barrier.getXid()).build());
            accepted.get(5, TimeUnit.SECONDS);
            assertEquals(DEVICE + " 2 accepted", observer.batches.poll(5, TimeUnit.SECONDS));

            CompletableFuture<Void> refused = of.sendWithBarrier(List.of(flowMod));
            OFFlowMod sent = sw.expect(OFType.FLOW_MOD);
            barrier = sw.expect(OFType.BARRIER_REQUEST);
            sw.send(sw.factory().errorMsgs().buildBadRequestErrorMsg().setXid(sent.getXid())
                            .setCode(OFBadRequestCode.BAD_TYPE).build());
            sw.send(sw.factory().buildBarrierReply().setXid(barrier.getXid()).build());
            assertThrows(Exception.class, () -> refused.get(5, TimeUnit.SECONDS));
            assertEquals(DEVICE + " 1 failed", observer.batches.poll(5, TimeUnit.SECONDS));
        }
    }
}
