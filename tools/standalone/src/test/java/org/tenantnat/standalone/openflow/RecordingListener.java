package org.tenantnat.standalone.openflow;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Records what the controller tells the host, for tests to wait on.
 */
final class RecordingListener implements SwitchListener {

    final BlockingQueue<DeviceId> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<DeviceId> disconnected = new LinkedBlockingQueue<>();
    final BlockingQueue<Map.Entry<ConnectPoint, Ethernet>> packets = new LinkedBlockingQueue<>();
    final Map<DeviceId, SwitchDescription> descriptions = new ConcurrentHashMap<>();

    @Override
    public void switchConnected(DeviceId device, SwitchDescription description) {
        descriptions.put(device, description);
        connected.add(device);
    }

    @Override
    public void switchDisconnected(DeviceId device) {
        disconnected.add(device);
    }

    @Override
    public void packetIn(ConnectPoint port, Ethernet frame) {
        packets.add(Map.entry(port, frame));
    }

    /**
     * Waits until a matching switch connects.
     *
     * @param wanted  which switch
     * @param seconds how long at most
     * @throws AssertionError when none does in time
     */
    void awaitConnected(Predicate<DeviceId> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            DeviceId id = connected.poll(100, TimeUnit.MILLISECONDS);
            if (id != null && wanted.test(id)) {
                return;
            }
        }
        throw new AssertionError("switch did not connect within " + seconds + " s");
    }
}
