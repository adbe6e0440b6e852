package org.tenantnat.standalone.openflow;

import org.onosproject.net.DeviceId;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A private Open vSwitch and an OpenFlow controller on a loopback port, as the Open vSwitch tests drive them: the
 * test builds its southbound on the controller, then connects a bridge. Closing stops the controller, then the switch.
 */
final class OvsAndController implements AutoCloseable {

    private static final long CONNECT_SECONDS = 15;

    final PrivateOvs ovs;
    final OpenFlowController controller;
    private final RecordingListener events;

    private OvsAndController(PrivateOvs ovs, OpenFlowController controller, RecordingListener events) {
        this.ovs = ovs;
        this.controller = controller;
        this.events = events;
    }

    /**
     * Starts Open vSwitch (see {@link PrivateOvs#requireOvs()}) and a controller that tells a listener of switches.
     *
     * @param port   controller's port on the loopback address, 0 for any free one
     * @param events listener told of switches connecting and going
     * @return both, running
     * @throws Exception when either does not start
     */
    static OvsAndController start(int port, RecordingListener events) throws Exception {
        PrivateOvs.requireOvs();
        PrivateOvs ovs = PrivateOvs.start();
        try {
            OpenFlowController controller = new OpenFlowController(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Duration.ofMillis(1500),
                    Duration.ofSeconds(5));
            controller.addListener(events);
            controller.start();
            return new OvsAndController(ovs, controller, events);
        } catch (Exception | AssertionError e) {
            ovs.close();
            throw e;
        }
    }

    /**
     * Adds a bridge pointed at the controller, its ports 1 and 2 the two ends of a patch pair (what goes out of one
     * comes back in on the other), and waits until it connects.
     *
     * @param datapathId datapath id
     * @return bridge name
     * @throws Exception when ovs-vsctl fails or the bridge does not connect within 15 s
     */
    String connectBridge(long datapathId) throws Exception {
        String bridge = ovs.addBridge(datapathId, controller.localAddress().getPort());
        ovs.addPatchPair(bridge, 1, 2);
        assertEquals(DeviceId.deviceId(String.format("of:%016x", datapathId)),
                     events.connected.poll(CONNECT_SECONDS, TimeUnit.SECONDS));
        return bridge;
    }

    @Override
    public void close() throws Exception {
        try {
            controller.stop();
        } finally {
            ovs.close();
        }
    }
}
