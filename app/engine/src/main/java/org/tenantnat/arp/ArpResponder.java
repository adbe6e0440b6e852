package org.tenantnat.arp;

import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.state.DesiredStateIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provider side of ARP on every attachment: answers for gateway addresses and VIPs with the gateway MAC,
 * learns router and service MACs from their ARP packets, and builds the requests that resolve them. Looks the
 * attachment up in the state's indexes, so a packet costs the same whatever the number of tenants.
 */
public final class ArpResponder {

    private final DesiredStateIndex state;

    /**
     * Creates a responder for a desired state.
     *
     * @param state desired state in force
     */
    public ArpResponder(DesiredStateIndex state) {
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
        if (!ownedAddresses(new Attachment(inPort, vlanOf(frame))).contains(target)) {
            return Optional.empty();
        }
        Ethernet reply = ARP.buildArpReply(target, state.settings().gatewayMac(), frame);
        reply.setVlanID(frame.getVlanID());
        return Optional.of(reply);
    }

    /**
     * Learns the MAC of a router or service from any ARP packet it sent on its own attachment.
     *
     * @param inPort switch port the frame arrived on
     * @param frame  ARP frame as received
     * @return the MAC heard, when the sender is a router or service on that attachment
     */
    public Optional<LearnedMac> learn(ConnectPoint inPort, Ethernet frame) {
        Optional<ARP> arp = arpOf(frame);
        if (arp.isEmpty()) {
            return Optional.empty();
        }
        Neighbour sender = new Neighbour(Ip4Address.valueOf(arp.get().getSenderProtocolAddress()),
                                         new Attachment(inPort, vlanOf(frame)));
        boolean known = state.tenantRoutedBy(sender).isPresent() || !state.servicesReachedVia(sender).isEmpty();
        return known ? Optional.of(new LearnedMac(sender, MacAddress.valueOf(arp.get().getSenderHardwareAddress())))
                : Optional.empty();
    }

    /**
     * Returns the routers and services whose MAC the document does not give, so it must be resolved by ARP.
     *
     * @return neighbours to resolve
     */
    public List<Neighbour> neighboursToResolve() {
        List<Neighbour> result = new ArrayList<>();
        for (Tenant t : state.tenants()) {
            if (t.routerMac().isEmpty()) {
                result.add(Neighbour.routerOf(t));
            }
        }
        for (Service s : state.services()) {
            if (s.nextHopMac().isEmpty()) {
                result.add(Neighbour.of(s));
            }
        }
        return result;
    }

    /**
     * Builds the ARP request that resolves a router or service, asked from the provider gateway on its attachment.
     *
     * @param neighbour router or service
     * @return the request, empty when the neighbour is neither a tenant's router nor a service
     */
    public Optional<Ethernet> request(Neighbour neighbour) {
        Optional<Ip4Address> askFrom = state.tenantRoutedBy(neighbour).map(Tenant::gatewayIp)
                .or(() -> state.servicesReachedVia(neighbour).stream().findFirst().map(Service::gatewayIp));
        short vlan = neighbour.attachment().isTagged() ? neighbour.vlan().toShort() : Ethernet.VLAN_UNTAGGED;
        return askFrom.map(from -> ARP.buildArpRequest(state.settings().gatewayMac().toBytes(), from.toOctets(),
                                                        neighbour.ip().toOctets(), vlan));
    }

    private List<Ip4Address> ownedAddresses(Attachment here) {
        List<Ip4Address> owned = new ArrayList<>();
        state.tenantAt(here).flatMap(state::tenant).ifPresent(t -> {
            owned.add(t.gatewayIp());
            t.access().stream().map(Access::vip).forEach(owned::add);
        });
        if (!here.isTagged()) {
            state.servicesAt(here.connectPoint()).stream().map(state::service).flatMap(Optional::stream)
                    .forEach(s -> owned.add(s.gatewayIp()));
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
