package org.tenantnat.impl;

import com.google.common.collect.ImmutableSet;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.packet.InboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketProcessor;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.icmp.IcmpErrorTranslator;

import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hands what tenantnat's rules punt from a tenant attachment or a service port to the runtime: ARP frames (it answers
 * for gateway addresses and VIPs and learns router and service MACs), ICMP errors (it translates them, quoted
 * header included) and IPv4 packets a rule of ours sent (by its cookie) from a tenant attachment, which ask for a
 * binding. Such frames are ours: they are blocked so no other application answers for the provider's addresses,
 * forwards an untranslated error or routes a packet of a host not yet bound. Only the node that programs the switch
 * (its master) handles them; a frame of a switch mastered elsewhere is blocked and left to that node. Everything
 * else is left alone.
 */
final class PuntedPacketProcessor implements PacketProcessor {

    private final Supplier<DesiredState> desiredState;
    private final Predicate<DeviceId> programsHere;
    private final Receiver runtime;
    private final LongPredicate ours;
    // The ports of the desired state last seen: a change gives a new state object, and a packet-in must not scan
    // every tenant (first packets of a burst come by the thousand).
    private volatile OwnedPorts owned = new OwnedPorts(null, Set.of());

    private static final class OwnedPorts {
        private final DesiredState state;
        private final Set<ConnectPoint> ports;

        private OwnedPorts(DesiredState state, Set<ConnectPoint> ports) {
            this.state = state;
            this.ports = ports;
        }
    }

    /** Takes a punted frame. */
    interface Receiver {
        /**
         * Takes a frame.
         *
         * @param port   where it arrived
         * @param frame  the frame
         * @param cookie cookie of the rule that sent it, 0 when unknown
         */
        void packetIn(ConnectPoint port, Ethernet frame, long cookie);
    }

    /**
     * Creates the processor.
     *
     * @param desiredState the desired state in force, read per packet
     * @param programsHere tells whether this node programs a switch (is its master)
     * @param ours         tells whether a cookie is one of our rules'
     * @param runtime      takes an ARP frame, ICMP error or binding request and the port it arrived on
     */
    PuntedPacketProcessor(Supplier<DesiredState> desiredState, Predicate<DeviceId> programsHere, LongPredicate ours,
                          Receiver runtime) {
        this.desiredState = desiredState;
        this.programsHere = programsHere;
        this.ours = ours;
        this.runtime = runtime;
    }

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inPacket();
        Ethernet frame = in.parsed();
        long cookie = in.cookie().orElse(0L);
        boolean bindingRequest = frame != null && frame.getEtherType() == Ethernet.TYPE_IPV4 && cookie != 0
                && ours.test(cookie);
        if (frame == null || !(frame.getEtherType() == Ethernet.TYPE_ARP || isIcmpError(frame) || bindingRequest)) {
            return;
        }
        ConnectPoint port = in.receivedFrom();
        if (!ownedPorts().contains(port)) {
            return;
        }
        if (programsHere.test(port.deviceId())) {
            runtime.packetIn(port, frame, cookie);
        }
        context.block();
    }

    private Set<ConnectPoint> ownedPorts() {
        DesiredState state = desiredState.get();
        OwnedPorts known = owned;
        if (known.state != state) {
            known = new OwnedPorts(state, ports(state));
            owned = known;
        }
        return known.ports;
    }

    private static boolean isIcmpError(Ethernet frame) {
        if (!(frame.getPayload() instanceof IPv4) || !(frame.getPayload().getPayload() instanceof ICMP)) {
            return false;
        }
        return IcmpErrorTranslator.ERROR_TYPES.contains(((ICMP) frame.getPayload().getPayload()).getIcmpType());
    }

    /**
     * Returns the ports where tenantnat owns ARP and ICMP errors: every tenant attachment and every service port.
     *
     * @param state desired state
     * @return switch ports
     */
    static Set<ConnectPoint> ports(DesiredState state) {
        ImmutableSet.Builder<ConnectPoint> ports = ImmutableSet.builder();
        state.tenants().stream().map(Tenant::attachment).forEach(a -> ports.add(a.connectPoint()));
        state.services().stream().map(Service::connectPoint).forEach(ports::add);
        return ports.build();
    }
}
