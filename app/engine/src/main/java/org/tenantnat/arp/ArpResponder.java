package org.tenantnat.arp;

import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provider side of ARP on every attachment: answers for gateway addresses and VIPs with the gateway MAC,
 * learns router and service MACs from their ARP packets, and builds the requests that resolve them.
 */
public final class ArpResponder {

    private final DesiredState state;

    /**
     * Creates a responder for a desired state.
     *
     * @param state desired state in force
     */
    public ArpResponder(DesiredState state) {
        this.state = state;
    }

    /**
     * Answers an ARP request for an address the provider owns on the attachment it arrived on.
     *
     * @param inPort switch port the frame arrived on
     * @param frame  ARP frame as received (VLAN tag included)
     * @return the reply to send out of {@code inPort}, empty when the request is not for us
     */
    public Optional<Ethernet> reply(ConnectPoint inPort, Ethernet frame) {
        Optional<ARP> arp = arpOf(frame);
        if (arp.isEmpty() || arp.get().getOpCode() != ARP.OP_REQUEST) {
            return Optional.empty();
        }
        Ip4Address target = Ip4Address.valueOf(arp.get().getTargetProtocolAddress());
        if (!ownedAddresses(inPort, vlanOf(frame)).contains(target)) {
            return Optional.empty();
        }
        Ethernet reply = ARP.buildArpReply(target, state.gatewayMac(), frame);
        reply.setVlanID(frame.getVlanID());
        return Optional.of(reply);
    }

    /**
     * Learns the MAC of a router or service from any ARP packet it sent on its own attachment.
     *
     * @param inPort     switch port the frame arrived on
     * @param frame      ARP frame as received
     * @param neighbours table to record into
     * @return the neighbour whose MAC is new or changed, empty otherwise
     */
    public Optional<ArpNeighbour> learn(ConnectPoint inPort, Ethernet frame, NeighbourTable neighbours) {
        Optional<ARP> arp = arpOf(frame);
        if (arp.isEmpty()) {
            return Optional.empty();
        }
        Ip4Address sender = Ip4Address.valueOf(arp.get().getSenderProtocolAddress());
        VlanId vlan = vlanOf(frame);
        MacAddress mac = MacAddress.valueOf(arp.get().getSenderHardwareAddress());
        return neighboursToResolve(true).stream()
                .filter(n -> n.ip().equals(sender) && n.port().equals(inPort) && n.vlan().equals(vlan))
                .findFirst()
                .filter(n -> neighbours.learn(sender, inPort, vlan, mac));
    }

    /**
     * Returns the routers and services whose MAC must be learned by ARP.
     *
     * @param includeConfigured also those whose MAC the document gives
     * @return neighbours
     */
    public List<ArpNeighbour> neighboursToResolve(boolean includeConfigured) {
        List<ArpNeighbour> result = new ArrayList<>();
        for (Tenant t : state.tenants()) {
            if (includeConfigured || t.routerMac().isEmpty()) {
                Attachment a = t.attachment();
                result.add(new ArpNeighbour(t.routerIp(), a.connectPoint(), a.vlan(), t.gatewayIp()));
            }
        }
        for (Service s : state.services()) {
            if (includeConfigured || s.mac().isEmpty()) {
                result.add(new ArpNeighbour(s.ip(), s.connectPoint(), VlanId.NONE, s.gatewayIp()));
            }
        }
        return result;
    }

    /**
     * Builds the ARP request that asks a neighbour for its MAC, sent from the provider gateway.
     *
     * @param neighbour router or service
     * @return frame to send out of the neighbour's port
     */
    public Ethernet request(ArpNeighbour neighbour) {
        short vlan = VlanId.NONE.equals(neighbour.vlan()) ? Ethernet.VLAN_UNTAGGED : neighbour.vlan().toShort();
        return ARP.buildArpRequest(state.gatewayMac().toBytes(), neighbour.askFrom().toOctets(),
                                   neighbour.ip().toOctets(), vlan);
    }

    private List<Ip4Address> ownedAddresses(ConnectPoint port, VlanId vlan) {
        List<Ip4Address> owned = new ArrayList<>();
        Attachment here = new Attachment(port, vlan);
        for (Tenant t : state.tenants()) {
            if (t.attachment().equals(here)) {
                owned.add(t.gatewayIp());
                t.access().stream().map(Access::vip).forEach(owned::add);
            }
        }
        for (Service s : state.services()) {
            if (s.connectPoint().equals(port) && VlanId.NONE.equals(vlan)) {
                owned.add(s.gatewayIp());
            }
        }
        return owned;
    }

    private static Optional<ARP> arpOf(Ethernet frame) {
        return frame.getEtherType() == Ethernet.TYPE_ARP && frame.getPayload() instanceof ARP
                ? Optional.of((ARP) frame.getPayload()) : Optional.empty();
    }

    private static VlanId vlanOf(Ethernet frame) {
        return frame.getVlanID() == Ethernet.VLAN_UNTAGGED ? VlanId.NONE : VlanId.vlanId(frame.getVlanID());
    }
}
