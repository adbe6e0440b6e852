package org.tenantnat.icmp;

import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Translates an ICMP error that crosses the NAT, outer and quoted header alike, so the far side can match it to
 * the flow it is about: path-MTU discovery (fragmentation needed), traceroute (time exceeded, port unreachable) and
 * failing connections work across the translation.
 * <p>
 * From a tenant (to one of its VIPs, about a packet the service sent): the quoted packet went VIP to customer host,
 * and becomes service to translated host; the error goes to the service from the customer host's translated
 * address, or from the translated address of the sender when that is a customer address. A customer router's own
 * address is outside the tenant's prefixes and has no translation: its errors (e.g. fragmentation needed on the way
 * to a host behind it) come from the translated address of the host the quoted packet was for, so nothing outside
 * the tenant's translated block ever reaches the provider side.
 * <p>
 * From the service port (to a translated address, about a packet a customer sent): the quoted packet went
 * translated host to service, and becomes customer host to VIP; the error comes from the VIP, whoever on the
 * provider side sent it (the service or a router in front of it), so the tenant sees nothing of the provider's
 * addresses.
 * <p>
 * To a pat tenant's pool address, the controller cannot finish the job: conntrack chose the connection's port. It
 * does the half the switch cannot, the service's address into the VIP in the outer source and the quote, and sends
 * the error back through the pipeline, where the tenant's {@code ct(nat)} finds it related to the connection and
 * restores the host's address and port in both headers ({@link Forward#throughPipeline()}). From a pat tenant, the
 * switch sends the controller only errors its conntrack already found related to a connection and translated (the
 * sender into the pool address, the quoted host into the pool address and port); the controller turns the VIP into
 * the service's address, as for any tenant.
 * <p>
 * Anything that does not fit (unknown attachment, a VIP or service the tenant has no access to, a quote that
 * belongs to another flow, an unresolved neighbour) is dropped. Stateless and pure: the same frame and context
 * always give the same answer.
 */
public final class IcmpErrorTranslator {

    /** ICMP destination unreachable (all codes, fragmentation needed among them). */
    public static final byte DESTINATION_UNREACHABLE = 3;
    /** ICMP time exceeded. */
    public static final byte TIME_EXCEEDED = 11;
    /** The ICMP error types the pipeline sends to the controller for translation. */
    public static final List<Byte> ERROR_TYPES = List.of(DESTINATION_UNREACHABLE, TIME_EXCEEDED);

    /** Type, code, checksum and the 4 bytes that follow (unused, or next-hop MTU) precede the quote. */
    private static final int REST_OF_HEADER = 4;
    /** The MF bit of the 3-bit IPv4 flags: a fragment of the error is not translated (errors are small). */
    private static final int MORE_FRAGMENTS = 0x1;

    private final NatContext context;

    /**
     * Creates a translator.
     *
     * @param context tenants, services and translations in force
     */
    public IcmpErrorTranslator(NatContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * A translated error and where it goes.
     */
    public static final class Forward {
        private final ConnectPoint port;
        private final Ethernet frame;
        private final boolean throughPipeline;

        Forward(ConnectPoint port, Ethernet frame) {
            this(port, frame, false);
        }

        private Forward(ConnectPoint port, Ethernet frame, boolean throughPipeline) {
            this.port = port;
            this.frame = frame;
            this.throughPipeline = throughPipeline;
        }

        /**
         * Returns the switch port to send it out of, or, when it goes through the pipeline, the port it is to seem
         * to come in on.
         *
         * @return port
         */
        public ConnectPoint port() {
            return port;
        }

        /**
         * Tells whether the error goes through the switch's pipeline from its first table (the connection tracker
         * finishes it) rather than straight out of {@link #port()}.
         *
         * @return true to send it through the pipeline
         */
        public boolean throughPipeline() {
            return throughPipeline;
        }

        /**
         * Returns the frame, tagged when the port is a tenant's trunk attachment.
         *
         * @return frame
         */
        public Ethernet frame() {
            return frame;
        }
    }

    /**
     * Translates an ICMP error that arrived at the switch.
     *
     * @param inPort switch port it arrived on
     * @param frame  frame as received (VLAN tag included)
     * @return the translated error and its port, empty when it is not one to translate
     */
    public Optional<Forward> translate(ConnectPoint inPort, Ethernet frame) {
        Optional<Error> error = Error.of(frame);
        if (error.isEmpty()) {
            return Optional.empty();
        }
        VlanId vlan = frame.getVlanID() == Ethernet.VLAN_UNTAGGED ? VlanId.NONE : VlanId.vlanId(frame.getVlanID());
        Optional<Tenant> tenant = context.tenantAt(inPort, vlan);
        if (tenant.isPresent()) {
            return fromTenant(tenant.get(), error.get());
        }
        return VlanId.NONE.equals(vlan) ? fromServicePort(inPort, error.get()) : Optional.empty();
    }

    private Optional<Forward> fromTenant(Tenant tenant, Error error) {
        Optional<Access> access = tenant.access().stream().filter(a -> a.vip().equals(error.destination()))
                .findFirst();
        if (access.isEmpty() || !error.quote.source().equals(access.get().vip())) {
            return Optional.empty();
        }
        Optional<Service> service = context.service(access.get().service());
        boolean pat = tenant.translation().mode() == TranslationPolicy.Mode.PAT;
        Optional<Ip4Address> host = pat ? conntracked(tenant, error)
                : context.translate(tenant.name(), error.quote.destination());
        if (service.isEmpty() || host.isEmpty()) {
            return Optional.empty();
        }
        Service s = service.get();
        Ip4Address from = pat ? host.get() : context.translate(tenant.name(), error.source()).orElse(host.get());
        byte[] quote = error.quote.rewrite(s.ip(), host.get());
        DeviceId edge = tenant.attachment().connectPoint().deviceId();
        DeviceId home = s.connectPoint().deviceId();
        if (!home.equals(edge)) {
            // Translated, the error is routed like the tenant's packets: toward the service's switch, which gives
            // it the service's MAC.
            return context.towardSwitch(edge, home).map(port -> new Forward(
                    new ConnectPoint(edge, port), error.rebuild(from, s.ip(), quote, context.gatewayMac(),
                                                               context.gatewayMac(), VlanId.NONE)));
        }
        Optional<MacAddress> serviceMac = s.nextHopMac().or(() -> context.learnedMac(Neighbour.of(s)));
        if (serviceMac.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Forward(s.connectPoint(),
                                       error.rebuild(from, s.ip(), quote, context.gatewayMac(), serviceMac.get(),
                                                     VlanId.NONE)));
    }

    private Optional<Forward> fromServicePort(ConnectPoint inPort, Error error) {
        Optional<Binding> to = context.lookup(error.destination());
        if (to.isEmpty()) {
            return context.patTenant(error.destination()).flatMap(t -> toPatTenant(inPort, t, error));
        }
        Optional<Binding> quotedFrom = context.lookup(error.quote.source());
        if (quotedFrom.isEmpty() || !to.get().tenant().equals(quotedFrom.get().tenant())) {
            return Optional.empty();
        }
        Optional<Tenant> tenant = context.tenant(to.get().tenant());
        Optional<Access> access = tenant.flatMap(t -> accessFrom(t, inPort, error));
        if (access.isEmpty()) {
            return Optional.empty();
        }
        Tenant t = tenant.get();
        ConnectPoint attachment = t.attachment().connectPoint();
        Optional<MacAddress> routerMac = t.routerMac()
                .or(() -> context.learnedMac(Neighbour.routerOf(t)));
        if (routerMac.isEmpty()) {
            return Optional.empty();
        }
        Ip4Address vip = access.get().vip();
        byte[] quote = error.quote.rewrite(quotedFrom.get().original(), vip);
        return Optional.of(new Forward(attachment, error.rebuild(vip, to.get().original(), quote, context.gatewayMac(),
                                                                 routerMac.get(), t.attachment().vlan())));
    }

    /**
     * The pool address of an error from a pat tenant that the tenant's conntrack already translated: in its source
     * and in the quoted destination (with the connection's port), as the switch sends such errors only once
     * conntrack found them related to a connection.
     */
    private Optional<Ip4Address> conntracked(Tenant tenant, Error error) {
        Ip4Address pooled = error.quote.destination();
        return context.patTenant(pooled).filter(tenant.name()::equals).filter(t -> pooled.equals(error.source()))
                .map(t -> pooled);
    }

    /**
     * The access of a tenant through which the service on (or routed from) a port sent the packet an error quotes.
     * From a service on another switch, the error arrives over a link: at the tenant's edge, or at any switch with
     * tenants on its way there (the pool's punts catch it first); it goes to the tenant from wherever it was punted.
     */
    private Optional<Access> accessFrom(Tenant tenant, ConnectPoint inPort, Error error) {
        boolean routed = context.isLinkPort(inPort);
        return tenant.access().stream()
                .filter(a -> context.service(a.service())
                        .filter(s -> (routed || s.connectPoint().equals(inPort))
                                && s.ip().equals(error.quote.destination()))
                        .isPresent())
                .findFirst();
    }

    /** The error from the VIP, about a packet to the VIP, back into the pipeline for the tenant's conntrack. */
    private Optional<Forward> toPatTenant(ConnectPoint inPort, String tenant, Error error) {
        if (!error.quote.source().equals(error.destination())) {
            return Optional.empty();
        }
        Optional<Access> access = context.tenant(tenant).flatMap(t -> accessFrom(t, inPort, error));
        return access.map(a -> new Forward(inPort, error.rebuild(
                a.vip(), error.destination(), error.quote.rewrite(error.destination(), a.vip()),
                context.gatewayMac(), context.gatewayMac(), VlanId.NONE), true));
    }

    /** An ICMP error as received: its IPv4 packet, ICMP message and the datagram it quotes. */
    private static final class Error {
        private final IPv4 ip;
        private final ICMP icmp;
        private final byte[] restOfHeader;
        private final QuotedDatagram quote;

        private Error(IPv4 ip, ICMP icmp, byte[] restOfHeader, QuotedDatagram quote) {
            this.ip = ip;
            this.icmp = icmp;
            this.restOfHeader = restOfHeader;
            this.quote = quote;
        }

        Ip4Address source() {
            return Ip4Address.valueOf(ip.getSourceAddress());
        }

        Ip4Address destination() {
            return Ip4Address.valueOf(ip.getDestinationAddress());
        }

        static Optional<Error> of(Ethernet frame) {
            if (frame.getEtherType() != Ethernet.TYPE_IPV4 || !(frame.getPayload() instanceof IPv4)) {
                return Optional.empty();
            }
            IPv4 ip = (IPv4) frame.getPayload();
            if (ip.getProtocol() != IPv4.PROTOCOL_ICMP || ip.getFragmentOffset() != 0
                    || (ip.getFlags() & MORE_FRAGMENTS) != 0 || !(ip.getPayload() instanceof ICMP)) {
                return Optional.empty();
            }
            ICMP icmp = (ICMP) ip.getPayload();
            if (!ERROR_TYPES.contains(icmp.getIcmpType()) || !(icmp.getPayload() instanceof Data)) {
                return Optional.empty();
            }
            byte[] body = ((Data) icmp.getPayload()).getData();
            if (body.length < REST_OF_HEADER) {
                return Optional.empty();
            }
            return QuotedDatagram.parse(Arrays.copyOfRange(body, REST_OF_HEADER, body.length))
                    .map(q -> new Error(ip, icmp, Arrays.copyOf(body, REST_OF_HEADER), q));
        }

        /** The same error between new addresses, quoting the rewritten datagram, framed for its next hop. */
        Ethernet rebuild(Ip4Address src, Ip4Address dst, byte[] newQuote, MacAddress gateway, MacAddress nextHop,
                         VlanId vlan) {
            byte[] body = new byte[REST_OF_HEADER + newQuote.length];
            System.arraycopy(restOfHeader, 0, body, 0, REST_OF_HEADER);
            System.arraycopy(newQuote, 0, body, REST_OF_HEADER, newQuote.length);
            ICMP out = new ICMP();
            out.setIcmpType(icmp.getIcmpType());
            out.setIcmpCode(icmp.getIcmpCode());
            out.setPayload(new Data(body));
            IPv4 packet = new IPv4();
            packet.setVersion((byte) 4);
            packet.setDiffServ(ip.getDiffServ());
            packet.setIdentification(ip.getIdentification());
            packet.setFlags(ip.getFlags());
            packet.setTtl(ip.getTtl());
            packet.setProtocol(IPv4.PROTOCOL_ICMP);
            packet.setOptions(ip.getOptions());
            packet.setSourceAddress(src.toInt());
            packet.setDestinationAddress(dst.toInt());
            packet.setPayload(out);
            Ethernet eth = new Ethernet();
            eth.setSourceMACAddress(gateway);
            eth.setDestinationMACAddress(nextHop);
            eth.setEtherType(Ethernet.TYPE_IPV4);
            eth.setVlanID(VlanId.NONE.equals(vlan) ? Ethernet.VLAN_UNTAGGED : vlan.toShort());
            eth.setPayload(packet);
            return eth;
        }
    }
}
