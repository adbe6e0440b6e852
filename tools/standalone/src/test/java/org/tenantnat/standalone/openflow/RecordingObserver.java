package org.tenantnat.standalone.openflow;

import org.onosproject.net.DeviceId;

import java.net.SocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Records what the controller channel measured.
 */
final class RecordingObserver implements OpenFlowObserver {

    final BlockingQueue<Long> echoNanos = new LinkedBlockingQueue<>();
    final BlockingQueue<String> batches = new LinkedBlockingQueue<>();
    final BlockingQueue<String> tlsRefusals = new LinkedBlockingQueue<>();

    @Override
    public void echoRoundTrip(DeviceId device, long nanos) {
        echoNanos.add(nanos);
    }

    @Override
    public void batchDone(DeviceId device, int messages, long nanos, boolean accepted) {
        batches.add(device + " " + messages + " " + (accepted ? "accepted" : "failed") + (nanos > 0 ? "" : " 0ns"));
    }

    @Override
    public void tlsRefused(SocketAddress peer, String reason) {
        tlsRefusals.add(reason);
    }
}
