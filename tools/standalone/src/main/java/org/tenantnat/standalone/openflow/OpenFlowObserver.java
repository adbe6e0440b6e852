package org.tenantnat.standalone.openflow;

import org.onosproject.net.DeviceId;

import java.net.SocketAddress;

/**
 * What the controller channel measures as it runs, for the host's metrics: round trips, how long switches take
 * to confirm programming, refused TLS handshakes. Called on the channel's threads: must not block.
 */
public interface OpenFlowObserver {

    /** Observes nothing. */
    OpenFlowObserver NONE = new OpenFlowObserver() { };

    /**
     * An echo request of ours was answered.
     *
     * @param device switch
     * @param nanos  time from sending the request to its reply
     */
    default void echoRoundTrip(DeviceId device, long nanos) {
    }

    /**
     * A batch of messages followed by a barrier was confirmed or refused by the switch, or timed out.
     *
     * @param device   switch
     * @param messages messages in the batch, the barrier not counted
     * @param nanos    time from sending the batch to the barrier reply (or the failure)
     * @param accepted true when the switch reported no error before its barrier reply
     */
    default void batchDone(DeviceId device, int messages, long nanos, boolean accepted) {
    }

    /**
     * A connection was closed because its TLS handshake failed (e.g. a certificate from another CA).
     *
     * @param peer   where it came from
     * @param reason the handshake's failure
     */
    default void tlsRefused(SocketAddress peer, String reason) {
    }
}
