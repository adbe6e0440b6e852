package org.tenantnat.standalone.openflow;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;

/**
 * What the host hears from its switches. Events are delivered one at a time, in order, on the controller's event
 * thread (never on a network I/O thread), so a listener may block, e.g. wait for a reconcile to complete.
 */
public interface SwitchListener {

    /**
     * A switch finished its handshake (features and description known). Its flow table must be (re)installed:
     * Open vSwitch flushes it when its first controller is set.
     *
     * @param device      switch id, {@code of:<16 hex digits of the datapath id>}
     * @param description what the switch says it is
     */
    default void switchConnected(DeviceId device, SwitchDescription description) {
    }

    /**
     * A switch's connection closed, failed, or stopped answering echo requests.
     *
     * @param device switch id
     */
    default void switchDisconnected(DeviceId device) {
    }

    /**
     * A port of a switch went up or down, or was added or deleted.
     *
     * @param port switch port
     * @param up   true when it can carry traffic: present, link up and not administratively down
     */
    default void portChanged(ConnectPoint port, boolean up) {
    }

    /**
     * A switch sent a packet to the controller.
     *
     * @param port  switch and port the packet came in on
     * @param frame the whole frame, VLAN tag included when it had one
     */
    default void packetIn(ConnectPoint port, Ethernet frame) {
    }

    /**
     * A switch sent a packet to the controller, with the cookie of the rule that sent it. By default the same as
     * {@link #packetIn(ConnectPoint, Ethernet)}.
     *
     * @param port   switch and port the packet came in on
     * @param frame  the whole frame as the pipeline had it when it was sent (a VLAN tag the classifier popped is gone)
     * @param cookie cookie of the rule that sent it
     */
    default void packetIn(ConnectPoint port, Ethernet frame, long cookie) {
        packetIn(port, frame);
    }

    /**
     * A switch removed a flow that asked to be reported (a binding's flow, idle for its timeout).
     *
     * @param device  switch id
     * @param removed the switch's message: cookie, table, priority, match, reason
     */
    default void flowRemoved(DeviceId device, OFFlowRemoved removed) {
    }
}
