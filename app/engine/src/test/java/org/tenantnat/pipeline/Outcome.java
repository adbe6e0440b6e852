package org.tenantnat.pipeline;

import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a switch did with one packet: dropped it, sent it to the controller, or sent it out of ports, and the rules
 * it went through.
 */
final class Outcome {

    /** Fate of the packet. */
    enum Fate { DROPPED, PUNTED, FORWARDED }

    /** A copy of the packet leaving a port. */
    static final class Output {
        final PortNumber port;
        final Packet packet;

        Output(PortNumber port, Packet packet) {
            this.port = port;
            this.packet = packet;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Output && port.equals(((Output) o).port) && packet.equals(((Output) o).packet);
        }

        @Override
        public int hashCode() {
            return Objects.hash(port, packet);
        }

        @Override
        public String toString() {
            return port + " " + packet;
        }
    }

    final Fate fate;
    final List<Output> outputs;
    /** Rules hit, in order; not part of equality (two rule sets may treat a packet alike). */
    final List<FlowRule> path;

    Outcome(List<Output> outputs, List<FlowRule> path) {
        this.outputs = List.copyOf(outputs);
        this.path = List.copyOf(path);
        if (outputs.isEmpty()) {
            fate = Fate.DROPPED;
        } else if (outputs.stream().allMatch(o -> PortNumber.CONTROLLER.equals(o.port))) {
            fate = Fate.PUNTED;
        } else {
            fate = Fate.FORWARDED;
        }
    }

    /** The port of the one copy sent out. */
    PortNumber port() {
        return single().port;
    }

    /** The one copy sent out, as it left. */
    Packet packet() {
        return single().packet;
    }

    private Output single() {
        if (outputs.size() != 1) {
            throw new AssertionError("expected exactly one output but got " + this);
        }
        return outputs.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Outcome && outputs.equals(((Outcome) o).outputs);
    }

    @Override
    public int hashCode() {
        return outputs.hashCode();
    }

    @Override
    public String toString() {
        return fate + " " + outputs + " via tables "
                + path.stream().map(r -> r.tableId() + "/" + r.priority()).collect(Collectors.joining(" "));
    }
}
