package org.tenantnat.runtime;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.pipeline.RuleDelta;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The switches as one host sees them: the ONOS host implements this with FlowRuleService, DeviceService and
 * PacketService; the standalone host with its own OpenFlow 1.3 channel. A rule the switch removed as idle is reported
 * by the host to the runtime ({@code TenantNatRuntime.ruleRemoved}), as packets sent to the controller are.
 */
public interface Southbound {

    /**
     * Returns the switches this node programs now: connected and, in a cluster, mastered by this node.
     *
     * @return switch ids
     */
    Set<DeviceId> switches();

    /**
     * Tells whether a switch is connected, to this node or, in a cluster, to any node.
     *
     * @param device switch
     * @return true when connected
     */
    boolean isAvailable(DeviceId device);

    /**
     * Returns how a switch expresses translations.
     *
     * @param device switch
     * @return capabilities
     */
    SwitchCapabilities capabilities(DeviceId device);

    /**
     * Makes the switch's table hold exactly these of our rules: ours that are not listed are removed, missing ones
     * added. Used when a switch (re)connects.
     *
     * @param device switch
     * @param rules  every rule of ours the switch must hold
     * @return completes when the switch has confirmed, fails with the reason otherwise
     */
    CompletableFuture<Void> reconcile(DeviceId device, Set<FlowRule> rules);

    /**
     * Applies an incremental change: removals first, then additions.
     *
     * @param device switch
     * @param delta  rules to remove and to add
     * @return completes when the switch has confirmed, fails with the reason otherwise
     */
    CompletableFuture<Void> apply(DeviceId device, RuleDelta delta);

    /**
     * Returns our rules on a switch with their latest counters.
     *
     * @param device switch
     * @return flow entries
     */
    Collection<FlowEntry> flowEntries(DeviceId device);

    /**
     * Returns the links between switches this host discovered (ONOS: its topology; the standalone host: its own
     * LLDP), one per direction. Links the desired state declares come on top of these.
     *
     * @return links
     */
    default Set<Link> links() {
        return Set.of();
    }

    /**
     * Tells whether a switch port is up, for the links the desired state declares (they are not probed).
     *
     * @param port switch port
     * @return false when the host knows the port is down; true when it is up or unknown
     */
    default boolean isPortUp(ConnectPoint port) {
        return true;
    }

    /**
     * Sends a frame out of a switch port (ARP replies and requests, translated ICMP errors).
     *
     * @param port  switch port
     * @param frame frame, VLAN tag included when the attachment is tagged
     */
    void packetOut(ConnectPoint port, Ethernet frame);

    /**
     * Sends a frame through a switch's pipeline from its first table, as if it had arrived on a port: how a packet
     * that was punted for a binding is released once the binding's rules are in place.
     *
     * @param inPort switch port the frame is to seem to come in on
     * @param frame  frame, VLAN tag included when the attachment is tagged
     */
    void packetThroughPipeline(ConnectPoint inPort, Ethernet frame);

    /**
     * Sends frames through a switch's pipeline, each as if it had arrived on the same port: the packets one batch of
     * bindings releases. A host that can sends them together (the standalone host: a few writes for the lot);
     * otherwise each goes as {@link #packetThroughPipeline} would send it.
     *
     * @param inPort switch port the frames are to seem to come in on
     * @param frames frames, in the order they are to be sent
     */
    default void packetsThroughPipeline(ConnectPoint inPort, List<Ethernet> frames) {
        frames.forEach(frame -> packetThroughPipeline(inPort, frame));
    }

    /**
     * Drops the connection tracker's entries of one zone on a switch: a pat tenant's, once its rules left the
     * switch, so that a tenant given the same id later starts with an empty zone. A switch without a way to do it
     * keeps them until its own timeouts end them.
     *
     * @param device switch
     * @param zone   conntrack zone (a pat tenant's id)
     */
    default void forgetConnections(DeviceId device, int zone) {
    }
}
