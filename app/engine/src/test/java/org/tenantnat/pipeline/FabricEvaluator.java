package org.tenantnat.pipeline;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.flow.FlowRule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several switches of {@link PipelineEvaluator} joined by links: a packet a switch sends out of a link port arrives,
 * unchanged, on the port at the link's other end, and goes through that switch's tables. A packet that leaves by
 * any other port has left the fabric. Fails loudly on a packet that crosses more switches than there are (a loop).
 */
final class FabricEvaluator {

    /** A packet that left the fabric: where, as it left, and the switches it crossed on the way. */
    static final class Exit {
        final ConnectPoint port;
        final Packet packet;
        final List<DeviceId> switches;

        Exit(ConnectPoint port, Packet packet, List<DeviceId> switches) {
            this.port = port;
            this.packet = packet;
            this.switches = List.copyOf(switches);
        }

        @Override
        public String toString() {
            return port + " " + packet + " via " + switches;
        }
    }

    private final Map<DeviceId, PipelineEvaluator> switches = new HashMap<>();
    private final Map<ConnectPoint, ConnectPoint> wires = new HashMap<>();

    /**
     * Creates the evaluator.
     *
     * @param tables     every switch's rules
     * @param links      links, one per direction
     * @param firstTable the pipeline's first table
     */
    FabricEvaluator(Map<DeviceId, Collection<FlowRule>> tables, Collection<Link> links, int firstTable) {
        tables.forEach((device, rules) -> switches.put(device, new PipelineEvaluator(rules, firstTable)));
        links.forEach(l -> wires.put(l.src(), l.dst()));
    }

    /**
     * Sends a packet into the fabric.
     *
     * @param device switch it arrives at
     * @param packet the packet, with the port it arrives on
     * @return every copy that left the fabric; empty when it was dropped
     */
    List<Exit> process(DeviceId device, Packet packet) {
        List<Exit> exits = new ArrayList<>();
        walk(device, packet, new ArrayList<>(), exits);
        return exits;
    }

    /**
     * Sends a packet into the fabric and returns the one copy that must leave it.
     *
     * @param device switch it arrives at
     * @param packet the packet
     * @return the copy that left
     */
    Exit single(DeviceId device, Packet packet) {
        List<Exit> exits = process(device, packet);
        if (exits.size() != 1) {
            throw new AssertionError("expected exactly one exit for " + packet + " at " + device + " but got "
                                             + exits);
        }
        return exits.get(0);
    }

    private void walk(DeviceId device, Packet packet, List<DeviceId> crossed, List<Exit> exits) {
        crossed.add(device);
        if (crossed.size() > switches.size() + 1) {
            throw new IllegalStateException("loop: " + packet + " crossed " + crossed);
        }
        PipelineEvaluator sw = switches.get(device);
        if (sw == null) {
            throw new IllegalStateException(device + " has no tables; " + packet + " crossed " + crossed);
        }
        for (Outcome.Output out : sw.process(packet).outputs) {
            ConnectPoint port = new ConnectPoint(device, out.port);
            ConnectPoint peer = wires.get(port);
            if (peer == null) {
                exits.add(new Exit(port, out.packet, crossed));
            } else {
                walk(peer.deviceId(), out.packet.withInPort(peer.port()), new ArrayList<>(crossed), exits);
            }
        }
    }

    @Override
    public String toString() {
        return "FabricEvaluator{" + switches.keySet().stream().map(Object::toString).collect(Collectors.joining(", "))
                + "}";
    }
}
