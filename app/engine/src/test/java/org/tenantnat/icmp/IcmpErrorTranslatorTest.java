package org.tenantnat.icmp;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPacket;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;
import org.onlab.packet.UDP;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.Link;
import org.onosproject.net.provider.ProviderId;
import org.tenantnat.alloc.AllocationIndex;
import org.tenantnat.binding.BindingIndex;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.NeighbourTable;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.pipeline.Neighbours;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICMP errors cross the translation with the outer and the quoted header translated consistently: the quoted
 * datagram the far side receives is byte for byte the one it sent (addresses, IP header checksum, TCP/UDP checksum),
 * whoever sent the error, in both directions.
 */
class IcmpErrorTranslatorTest {

    private static final MacAddress GATEWAY_MAC = MacAddress.valueOf("02:00:00:00:00:01");
    private static final MacAddress SERVICE_MAC = MacAddress.valueOf("02:05:00:00:00:01");
    private static final MacAddress ACME_ROUTER_MAC = MacAddress.valueOf("02:01:00:01:00:01");
    private static final MacAddress INITECH_ROUTER_MAC = MacAddress.valueOf("02:01:00:03:00:01");
    private static final ConnectPoint SERVICE_PORT = ConnectPoint.deviceConnectPoint("of:0000000000000001/10");
    private static final ConnectPoint TRUNK = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint INITECH_PORT = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
    private static final VlanId ACME_VLAN = VlanId.vlanId((short) 100);
    private static final ConnectPoint EDGE_LINK = ConnectPoint.deviceConnectPoint("of:0000000000000001/20");

    private static final Ip4Address SERVICE = ip("10.1.1.10");
    private static final Ip4Address VIP = ip("10.250.0.10");
    private static final Ip4Address HOST = ip("10.1.1.10");
    private static final Ip4Address ACME_HOST_TRANSLATED = ip("100.64.0.10");
    private static final Ip4Address INITECH_HOST_TRANSLATED = ip("100.64.2.10");
    private static final Ip4Address INITECH_ROUTER = ip("192.168.100.2");
    private static final Ip4Address PROVIDER_ROUTER = ip("10.1.1.254");
    private static final Ip4Address PAT_ADDRESS = ip("100.64.3.1");
    private static final ConnectPoint UMBRELLA_PORT = ConnectPoint.deviceConnectPoint("of:0000000000000001/3");

    private static final Service BACKUP = new Service("backup", SERVICE, SERVICE_PORT, ip("10.1.1.1"), null);
    private static final Tenant ACME = Tenant.builder().name("acme").id(1)
            .attachment(new Attachment(TRUNK, ACME_VLAN)).routerIp(HOST).gatewayIp(ip("10.1.1.1"))
            .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
            .access(List.of(new Access("backup", VIP))).build();
    private static final Tenant INITECH = Tenant.builder().name("initech").id(3)
            .attachment(new Attachment(INITECH_PORT, VlanId.NONE)).routerIp(INITECH_ROUTER)
            .routerMac(INITECH_ROUTER_MAC).gatewayIp(ip("192.168.100.1"))
            .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
            .access(List.of(new Access("backup", VIP))).build();
    private static final DesiredState STATE = new DesiredState(List.of(DesiredState.DEFAULT_POOL), GATEWAY_MAC,
                                                               List.of(BACKUP), List.of(ACME, INITECH));
    private static final Allocation ALLOCATION = Allocation.of(List.of(
            new TranslatedBlock("acme", Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.0.0/24")),
            new TranslatedBlock("initech", Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.2.0/24"))));

    private final IcmpErrorTranslator translator = new IcmpErrorTranslator(context(learned()));

    private static Neighbours learned() {
        NeighbourTable table = new NeighbourTable();
        table.set(new Neighbour(SERVICE, new Attachment(SERVICE_PORT, VlanId.NONE)), Optional.of(SERVICE_MAC));
        table.set(new Neighbour(HOST, new Attachment(TRUNK, ACME_VLAN)), Optional.of(ACME_ROUTER_MAC));
        return table;
    }

    // The state and allocation above, indexed as the runtime keeps them.
    private static NatContext context(Neighbours neighbours) {
        StateChange.Builder records = StateChange.builder(Origin.SYSTEM).settings(ProviderSettings.of(STATE));
        STATE.services().forEach(records::putService);
        STATE.tenants().forEach(records::putTenant);
        ALLOCATION.byTenant().forEach(records::putBlocks);
        StateChange change = records.build();
        DesiredStateIndex desired = new DesiredStateIndex();
        desired.apply(change);
        AllocationIndex allocation = new AllocationIndex(STATE.pool());
        allocation.apply(change.blocks());
        return new StateNatContext(desired, allocation, neighbours);
    }

    private static Ip4Address ip(String address) {
        return Ip4Address.valueOf(address);
    }

    @Test
    void portUnreachableFromTheServiceQuotesTheDatagramTheCustomerSent() {
        IPv4 customerSent = udp(HOST, VIP, 33434, 33435, 20);
        IPv4 serviceGot = udp(ACME_HOST_TRANSLATED, SERVICE, 33434, 33435, 20);
        Ethernet error = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0,
                               serviceGot, Integer.MAX_VALUE);

        IcmpErrorTranslator.Forward out = translator.translate(SERVICE_PORT, error).orElseThrow();

        assertEquals(TRUNK, out.port());
        assertEquals(ACME_VLAN.toShort(), out.frame().getVlanID(), "tagged for acme's VLAN");
        assertEquals(GATEWAY_MAC, out.frame().getSourceMAC());
        assertEquals(ACME_ROUTER_MAC, out.frame().getDestinationMAC());
        IPv4 outer = ipv4(out.frame());
        assertEquals(VIP, Ip4Address.valueOf(outer.getSourceAddress()), "the error comes from the VIP");
        assertEquals(HOST, Ip4Address.valueOf(outer.getDestinationAddress()));
        assertValidChecksums(out.frame());
        assertEquals(3, icmp(out.frame()).getIcmpType());
        assertEquals(3, icmp(out.frame()).getIcmpCode());
        assertArrayEquals(customerSent.serialize(), quote(out.frame()), "the quote is what the customer sent");
    }

    @Test
    void fragmentationNeededFromAProviderRouterKeepsItsMtuAndComesFromTheVip() {
        IPv4 customerSent = tcp(HOST, VIP, 40000, 7000, 1400);
        IPv4 serviceSide = tcp(INITECH_HOST_TRANSLATED, SERVICE, 40000, 7000, 1400);
        Ethernet error = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, PROVIDER_ROUTER, INITECH_HOST_TRANSLATED, 3,
                               4, 1400, serviceSide, 548);

        IcmpErrorTranslator.Forward out = translator.translate(SERVICE_PORT, error).orElseThrow();

        assertEquals(INITECH_PORT, out.port());
        assertEquals(Ethernet.VLAN_UNTAGGED, out.frame().getVlanID());
        assertEquals(INITECH_ROUTER_MAC, out.frame().getDestinationMAC(), "configured router MAC");
        IPv4 outer = ipv4(out.frame());
        assertEquals(VIP, Ip4Address.valueOf(outer.getSourceAddress()), "no provider address reaches the tenant");
        assertEquals(HOST, Ip4Address.valueOf(outer.getDestinationAddress()));
        assertEquals(1400, nextHopMtu(out.frame()));
        assertValidChecksums(out.frame());
        assertArrayEquals(Arrays.copyOf(customerSent.serialize(), 548), quote(out.frame()),
                          "the quote, TCP checksum included, is the start of what the customer sent");
    }

    @Test
    void fragmentationNeededFromTheCustomersRouterComesFromTheHostsTranslatedAddress() {
        IPv4 serviceSent = tcp(SERVICE, INITECH_HOST_TRANSLATED, 7000, 40000, 1448);
        IPv4 customerGot = tcp(VIP, HOST, 7000, 40000, 1448);
        Ethernet error = error(INITECH_ROUTER_MAC, GATEWAY_MAC, VlanId.NONE, INITECH_ROUTER, VIP, 3, 4, 1400,
                               customerGot, 548);

        IcmpErrorTranslator.Forward out = translator.translate(INITECH_PORT, error).orElseThrow();

        assertEquals(SERVICE_PORT, out.port());
        assertEquals(SERVICE_MAC, out.frame().getDestinationMAC(), "learned service MAC");
        IPv4 outer = ipv4(out.frame());
        assertEquals(INITECH_HOST_TRANSLATED, Ip4Address.valueOf(outer.getSourceAddress()),
                     "the router's own address has no translation: the host's translated address stands for it");
        assertEquals(SERVICE, Ip4Address.valueOf(outer.getDestinationAddress()));
        assertEquals(1400, nextHopMtu(out.frame()));
        assertValidChecksums(out.frame());
        assertArrayEquals(Arrays.copyOf(serviceSent.serialize(), 548), quote(out.frame()));
    }

    @Test
    void timeExceededFromACustomerHostIsTranslatedLikeItsOtherTraffic() {
        Ip4Address otherHost = ip("10.1.1.77");
        IPv4 serviceSent = udp(SERVICE, ip("100.64.0.10"), 7000, 50000, 8);
        Ethernet error = error(ACME_ROUTER_MAC, GATEWAY_MAC, ACME_VLAN, otherHost, VIP, 11, 0, 0,
                               udp(VIP, HOST, 7000, 50000, 8), Integer.MAX_VALUE);

        IcmpErrorTranslator.Forward out = translator.translate(TRUNK, error).orElseThrow();

        assertEquals(SERVICE_PORT, out.port());
        assertEquals(Ethernet.VLAN_UNTAGGED, out.frame().getVlanID());
        assertEquals(ip("100.64.0.77"), Ip4Address.valueOf(ipv4(out.frame()).getSourceAddress()));
        assertEquals(11, icmp(out.frame()).getIcmpType());
        assertValidChecksums(out.frame());
        assertArrayEquals(serviceSent.serialize(), quote(out.frame()));
    }

    @Test
    void aQuoteCutAfterEightBytesKeepsItsTcpPortsAndHasNoChecksumToAdjust() {
        IPv4 serviceSide = tcp(INITECH_HOST_TRANSLATED, SERVICE, 40000, 7000, 100);
        Ethernet error = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, INITECH_HOST_TRANSLATED, 3, 1, 0,
                               serviceSide, 28);

        byte[] quote = quote(translator.translate(SERVICE_PORT, error).orElseThrow().frame());

        assertArrayEquals(Arrays.copyOf(tcp(HOST, VIP, 40000, 7000, 100).serialize(), 28), quote);
    }

    @Test
    void errorsThatBelongToNoTranslatedFlowAreDropped() {
        IPv4 quoted = udp(ACME_HOST_TRANSLATED, SERVICE, 1, 2, 8);
        // From a port that is neither an attachment nor the service's.
        assertEquals(Optional.empty(), translator.translate(ConnectPoint.deviceConnectPoint("of:0000000000000001/7"),
                error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0, quoted, 99)));
        // To a pool address no tenant's block holds: the switch sends every error to the pool here.
        assertEquals(Optional.empty(), translator.translate(SERVICE_PORT,
                error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ip("100.64.1.10"), 3, 3, 0,
                      udp(ip("100.64.1.10"), SERVICE, 1, 2, 8), 99)));
        // To a translated address, quoting another tenant's host.
        assertEquals(Optional.empty(), translator.translate(SERVICE_PORT,
                error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, INITECH_HOST_TRANSLATED, 3, 3, 0, quoted, 99)));
        // Quoting a packet to something that is not the service.
        assertEquals(Optional.empty(), translator.translate(SERVICE_PORT,
                error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0,
                      udp(ACME_HOST_TRANSLATED, ip("10.1.1.11"), 1, 2, 8), 99)));
        // From a tenant, to an address that is not its VIP.
        assertEquals(Optional.empty(), translator.translate(TRUNK,
                error(ACME_ROUTER_MAC, GATEWAY_MAC, ACME_VLAN, HOST, ip("10.250.0.11"), 3, 3, 0,
                      udp(ip("10.250.0.11"), HOST, 1, 2, 8), 99)));
        // From a tenant, quoting a packet from another source than the VIP.
        assertEquals(Optional.empty(), translator.translate(TRUNK,
                error(ACME_ROUTER_MAC, GATEWAY_MAC, ACME_VLAN, HOST, VIP, 3, 3, 0, udp(ip("8.8.8.8"), HOST, 1, 2, 8),
                      99)));
        // On a VLAN no tenant uses.
        assertEquals(Optional.empty(), translator.translate(TRUNK,
                error(ACME_ROUTER_MAC, GATEWAY_MAC, VlanId.vlanId((short) 300), HOST, VIP, 3, 3, 0,
                      udp(VIP, HOST, 1, 2, 8), 99)));
    }

    @Test
    void anythingButADestinationUnreachableOrTimeExceededIsLeftAlone() {
        Ethernet echo = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 8, 0, 0,
                              udp(ACME_HOST_TRANSLATED, SERVICE, 1, 2, 8), 99);
        assertEquals(Optional.empty(), translator.translate(SERVICE_PORT, echo));
        Ethernet tooShort = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0,
                                  udp(ACME_HOST_TRANSLATED, SERVICE, 1, 2, 8), 12);
        assertEquals(Optional.empty(), translator.translate(SERVICE_PORT, tooShort), "no whole IPv4 header quoted");
    }

    @Test
    void anUnresolvedNextHopDropsTheError() {
        IcmpErrorTranslator noMacs = new IcmpErrorTranslator(context(Neighbours.NONE));
        Ethernet toAcme = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0,
                                udp(ACME_HOST_TRANSLATED, SERVICE, 1, 2, 8), 99);
        assertEquals(Optional.empty(), noMacs.translate(SERVICE_PORT, toAcme), "acme's router MAC is not known");
        Ethernet fromInitech = error(INITECH_ROUTER_MAC, GATEWAY_MAC, VlanId.NONE, INITECH_ROUTER, VIP, 3, 4, 1400,
                                     udp(VIP, HOST, 1, 2, 8), 99);
        assertEquals(Optional.empty(), noMacs.translate(INITECH_PORT, fromInitech), "the service MAC is not known");
    }

    @Test
    void anErrorFromAServiceOnAnotherSwitchArrivesOverTheLinkAndIsTranslatedForTheTenant() {
        IcmpErrorTranslator fabric = new IcmpErrorTranslator(remoteContext());
        IPv4 customerSent = udp(HOST, VIP, 33434, 33435, 20);
        Ethernet error = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0,
                               udp(ACME_HOST_TRANSLATED, SERVICE, 33434, 33435, 20), Integer.MAX_VALUE);

        IcmpErrorTranslator.Forward out = fabric.translate(EDGE_LINK, error).orElseThrow();

        assertEquals(TRUNK, out.port());
        assertEquals(VIP, Ip4Address.valueOf(ipv4(out.frame()).getSourceAddress()));
        assertValidChecksums(out.frame());
        assertArrayEquals(customerSent.serialize(), quote(out.frame()));
        assertEquals(Optional.empty(), fabric.translate(ConnectPoint.deviceConnectPoint("of:0000000000000001/7"),
                                                        error), "from a port that is no link, service or tenant");
    }

    @Test
    void anErrorPuntedOnTheServicesSwitchOrOnTheWayIsSentOutOfTheTenantsAttachment() {
        IcmpErrorTranslator fabric = new IcmpErrorTranslator(remoteContext());
        IPv4 customerSent = udp(HOST, VIP, 33434, 33435, 20);
        Ethernet error = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ACME_HOST_TRANSLATED, 3, 3, 0,
                               udp(ACME_HOST_TRANSLATED, SERVICE, 33434, 33435, 20), Integer.MAX_VALUE);
        // A switch with tenants of its own punts errors to any pool address, those of other switches' tenants too.
        ConnectPoint servicePort = ConnectPoint.deviceConnectPoint("of:0000000000000004/1");
        ConnectPoint linkOnTheWay = ConnectPoint.deviceConnectPoint("of:0000000000000004/20");

        for (ConnectPoint punted : List.of(servicePort, linkOnTheWay)) {
            IcmpErrorTranslator.Forward out = fabric.translate(punted, error).orElseThrow();

            assertEquals(TRUNK, out.port(), "punted at " + punted);
            assertEquals(VIP, Ip4Address.valueOf(ipv4(out.frame()).getSourceAddress()));
            assertValidChecksums(out.frame());
            assertArrayEquals(customerSent.serialize(), quote(out.frame()));
        }
        assertEquals(Optional.empty(), fabric.translate(ConnectPoint.deviceConnectPoint("of:0000000000000004/7"),
                                                        error), "from a port of that switch that is no link");
    }

    @Test
    void anErrorFromATenantToAServiceOnAnotherSwitchIsRoutedTowardTheServicesSwitch() {
        IcmpErrorTranslator fabric = new IcmpErrorTranslator(remoteContext());
        IPv4 serviceSent = tcp(SERVICE, INITECH_HOST_TRANSLATED, 7000, 40000, 1448);
        Ethernet error = error(INITECH_ROUTER_MAC, GATEWAY_MAC, VlanId.NONE, INITECH_ROUTER, VIP, 3, 4, 1400,
                               tcp(VIP, HOST, 7000, 40000, 1448), 548);

        IcmpErrorTranslator.Forward out = fabric.translate(INITECH_PORT, error).orElseThrow();

        assertEquals(EDGE_LINK, out.port(), "out of the link toward the service's switch");
        assertEquals(INITECH_HOST_TRANSLATED, Ip4Address.valueOf(ipv4(out.frame()).getSourceAddress()));
        assertEquals(SERVICE, Ip4Address.valueOf(ipv4(out.frame()).getDestinationAddress()));
        assertValidChecksums(out.frame());
        assertArrayEquals(Arrays.copyOf(serviceSent.serialize(), 548), quote(out.frame()));
    }

    @Test
    void anErrorToAPatAddressGoesBackThroughThePipelineFromTheVipQuotingThePacketToTheVip() {
        IPv4 serviceGot = udp(PAT_ADDRESS, SERVICE, 1100, 9, 20);
        Ethernet error = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, PROVIDER_ROUTER, PAT_ADDRESS, 3, 4, 1400,
                               serviceGot, Integer.MAX_VALUE);

        IcmpErrorTranslator.Forward out = new IcmpErrorTranslator(patContext()).translate(SERVICE_PORT, error)
                .orElseThrow();

        assertTrue(out.throughPipeline(), "the tenant's conntrack restores the host and its port");
        assertEquals(SERVICE_PORT, out.port(), "as if it came in from the service again");
        IPv4 outer = ipv4(out.frame());
        assertEquals(VIP, Ip4Address.valueOf(outer.getSourceAddress()), "from the VIP, as the tenant's rules match");
        assertEquals(PAT_ADDRESS, Ip4Address.valueOf(outer.getDestinationAddress()), "conntrack untranslates it");
        assertValidChecksums(out.frame());
        assertEquals(1400, nextHopMtu(out.frame()));
        assertArrayEquals(udp(PAT_ADDRESS, VIP, 1100, 9, 20).serialize(), quote(out.frame()),
                          "the quote is the packet of the connection conntrack tracked: pool address and port to VIP");
    }

    @Test
    void anErrorToAPatAddressQuotingAnotherSourceOrServiceIsDropped() {
        IcmpErrorTranslator patTranslator = new IcmpErrorTranslator(patContext());
        Ethernet otherSource = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, PAT_ADDRESS, 3, 3, 0,
                                     udp(ip("100.64.3.2"), SERVICE, 1100, 9, 20), Integer.MAX_VALUE);
        Ethernet otherService = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, PAT_ADDRESS, 3, 3, 0,
                                      udp(PAT_ADDRESS, ip("10.9.9.9"), 1100, 9, 20), Integer.MAX_VALUE);
        Ethernet noBinding = error(SERVICE_MAC, GATEWAY_MAC, VlanId.NONE, SERVICE, ip("100.64.3.2"), 3, 3, 0,
                                   udp(ip("100.64.3.2"), SERVICE, 1100, 9, 20), Integer.MAX_VALUE);

        assertEquals(Optional.empty(), patTranslator.translate(SERVICE_PORT, otherSource));
        assertEquals(Optional.empty(), patTranslator.translate(SERVICE_PORT, otherService));
        assertEquals(Optional.empty(), patTranslator.translate(SERVICE_PORT, noBinding));
    }

    @Test
    void anErrorFromAPatTenantThatConntrackTranslatedGoesToTheServiceQuotingWhatItSent() {
        IPv4 serviceSent = udp(SERVICE, PAT_ADDRESS, 9, 1100, 20);
        // Conntrack put the pool address and port in: the outer source and the quoted destination.
        Ethernet error = error(GATEWAY_MAC, GATEWAY_MAC, VlanId.NONE, PAT_ADDRESS, VIP, 3, 4, 1300,
                               udp(VIP, PAT_ADDRESS, 9, 1100, 20), Integer.MAX_VALUE);

        IcmpErrorTranslator.Forward out = new IcmpErrorTranslator(patContext()).translate(UMBRELLA_PORT, error)
                .orElseThrow();

        assertEquals(SERVICE_PORT, out.port());
        assertFalse(out.throughPipeline(), "straight out of the service port");
        assertEquals(SERVICE_MAC, out.frame().getDestinationMAC());
        IPv4 outer = ipv4(out.frame());
        assertEquals(PAT_ADDRESS, Ip4Address.valueOf(outer.getSourceAddress()));
        assertEquals(SERVICE, Ip4Address.valueOf(outer.getDestinationAddress()));
        assertValidChecksums(out.frame());
        assertEquals(1300, nextHopMtu(out.frame()));
        assertArrayEquals(serviceSent.serialize(), quote(out.frame()), "the quote is what the service sent");
    }

    @Test
    void anErrorFromAPatTenantThatConntrackDidNotTranslateIsDropped() {
        IcmpErrorTranslator patTranslator = new IcmpErrorTranslator(patContext());
        Ethernet fromRouter = error(GATEWAY_MAC, GATEWAY_MAC, VlanId.NONE, ip("10.1.1.77"), VIP, 3, 4, 1300,
                                    udp(VIP, PAT_ADDRESS, 9, 1100, 20), Integer.MAX_VALUE);
        Ethernet toTheHost = error(GATEWAY_MAC, GATEWAY_MAC, VlanId.NONE, PAT_ADDRESS, VIP, 3, 4, 1300,
                                   udp(VIP, ip("10.1.1.77"), 9, 40100, 20), Integer.MAX_VALUE);

        assertEquals(Optional.empty(), patTranslator.translate(UMBRELLA_PORT, fromRouter));
        assertEquals(Optional.empty(), patTranslator.translate(UMBRELLA_PORT, toTheHost));
    }

    // backup and the pat tenant umbrella, whose host 10.1.1.77 holds ports 1024-1535 of 100.64.3.1.
    private static NatContext patContext() {
        Tenant umbrella = Tenant.builder().name("umbrella").id(4)
                .attachment(new Attachment(UMBRELLA_PORT, VlanId.NONE))
                .routerIp(ip("10.1.1.77")).routerMac(ACME_ROUTER_MAC).gatewayIp(ip("10.1.1.1"))
                .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
                .translation(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(32).build())
                .access(List.of(new Access("backup", VIP))).build();
        StateChange change = StateChange.builder(Origin.SYSTEM).settings(ProviderSettings.of(STATE))
                .putService(BACKUP).putTenant(umbrella).build();
        DesiredStateIndex desired = new DesiredStateIndex();
        desired.apply(change);
        BindingIndex bindings = new BindingIndex();
        Binding bound = new Binding("umbrella", ip("10.1.1.77"), PAT_ADDRESS, new PortRange(1024, 1535),
                                    Instant.parse("2026-12-01T10:00:00Z"), null);
        bindings.apply(Map.of(bound.slot(), Optional.of(bound)));
        return new StateNatContext(desired, new AllocationIndex(STATE.pool()), learned(), bindings,
                                   () -> Fabric.NONE);
    }

    // The same tenants with backup on switch 4, joined to switch 1 by the link 1/20 - 4/20.
    private static NatContext remoteContext() {
        Service remote = new Service("backup", SERVICE, ConnectPoint.deviceConnectPoint("of:0000000000000004/1"),
                                     ip("10.1.1.1"), SERVICE_MAC);
        StateChange.Builder records = StateChange.builder(Origin.SYSTEM).settings(ProviderSettings.of(STATE))
                .putService(remote);
        STATE.tenants().forEach(records::putTenant);
        ALLOCATION.byTenant().forEach(records::putBlocks);
        StateChange change = records.build();
        DesiredStateIndex desired = new DesiredStateIndex();
        desired.apply(change);
        AllocationIndex allocation = new AllocationIndex(STATE.pool());
        allocation.apply(change.blocks());
        ConnectPoint far = ConnectPoint.deviceConnectPoint("of:0000000000000004/20");
        List<Link> links = List.of(link(EDGE_LINK, far), link(far, EDGE_LINK));
        Fabric fabric = Fabric.of(links, List.of(), d -> true, p -> true, p -> Optional.empty());
        return new StateNatContext(desired, allocation, learned(), new BindingIndex(), () -> fabric);
    }

    private static Link link(ConnectPoint src, ConnectPoint dst) {
        return DefaultLink.builder().providerId(new ProviderId("test", "lldp")).src(src).dst(dst)
                .type(Link.Type.DIRECT).state(Link.State.ACTIVE).build();
    }

    /** A UDP datagram with its checksum computed (onlab computes it when serializing). */
    private static IPv4 udp(Ip4Address src, Ip4Address dst, int sport, int dport, int payload) {
        UDP udp = new UDP();
        udp.setSourcePort(sport);
        udp.setDestinationPort(dport);
        udp.setPayload(new Data(payload(payload)));
        return ip(src, dst, IPv4.PROTOCOL_UDP, udp);
    }

    /** A TCP segment with its checksum computed. */
    private static IPv4 tcp(Ip4Address src, Ip4Address dst, int sport, int dport, int payload) {
        TCP tcp = new TCP();
        tcp.setSourcePort(sport);
        tcp.setDestinationPort(dport);
        tcp.setSequence(0x12345678);
        tcp.setAcknowledge(0x9abcdef0);
        tcp.setDataOffset((byte) 5);
        tcp.setFlags((short) 0x18);
        tcp.setWindowSize((short) 502);
        tcp.setPayload(new Data(payload(payload)));
        return ip(src, dst, IPv4.PROTOCOL_TCP, tcp);
    }

    private static IPv4 ip(Ip4Address src, Ip4Address dst, byte protocol, IPacket payload) {
        IPv4 ip = new IPv4();
        ip.setSourceAddress(src.toInt());
        ip.setDestinationAddress(dst.toInt());
        ip.setProtocol(protocol);
        ip.setTtl((byte) 63);
        ip.setIdentification((short) 4242);
        ip.setFlags((byte) 0x2);
        ip.setPayload(payload);
        // Serialized once so the checksums are set, then parsed back: what a switch would carry.
        byte[] bytes = ip.serialize();
        try {
            return IPv4.deserializer().deserialize(bytes, 0, bytes.length);
        } catch (DeserializationException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] payload(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        return data;
    }

    /** An ICMP error quoting the first {@code quoted} bytes of a datagram, as it arrives at the switch. */
    private static Ethernet error(MacAddress from, MacAddress to, VlanId vlan, Ip4Address src, Ip4Address dst,
                                  int type, int code, int mtu, IPv4 offending, int quoted) {
        byte[] datagram = offending.serialize();
        byte[] cut = Arrays.copyOf(datagram, Math.min(quoted, datagram.length));
        byte[] body = ByteBuffer.allocate(4 + cut.length).putShort((short) 0).putShort((short) mtu).put(cut).array();
        ICMP icmp = new ICMP();
        icmp.setIcmpType((byte) type);
        icmp.setIcmpCode((byte) code);
        icmp.setPayload(new Data(body));
        IPv4 ip = new IPv4();
        ip.setSourceAddress(src.toInt());
        ip.setDestinationAddress(dst.toInt());
        ip.setProtocol(IPv4.PROTOCOL_ICMP);
        ip.setTtl((byte) 64);
        ip.setPayload(icmp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(from);
        eth.setDestinationMACAddress(to);
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setVlanID(VlanId.NONE.equals(vlan) ? Ethernet.VLAN_UNTAGGED : vlan.toShort());
        eth.setPayload(ip);
        return onTheWire(eth);
    }

    /** Parses a frame as the far side would: from its bytes. */
    private static Ethernet onTheWire(Ethernet frame) {
        byte[] wire = frame.serialize();
        try {
            return Ethernet.deserializer().deserialize(wire, 0, wire.length);
        } catch (DeserializationException e) {
            throw new AssertionError("unparsable frame", e);
        }
    }

    private static IPv4 ipv4(Ethernet frame) {
        return (IPv4) onTheWire(frame).getPayload();
    }

    private static ICMP icmp(Ethernet frame) {
        return (ICMP) ipv4(frame).getPayload();
    }

    private static byte[] body(Ethernet frame) {
        return ((Data) icmp(frame).getPayload()).getData();
    }

    private static int nextHopMtu(Ethernet frame) {
        return ByteBuffer.wrap(body(frame)).getShort(2) & 0xffff;
    }

    private static byte[] quote(Ethernet frame) {
        byte[] body = body(frame);
        return Arrays.copyOfRange(body, 4, body.length);
    }

    /** The outer IPv4 header and the ICMP message each sum to 0xffff when their checksums are right. */
    private static void assertValidChecksums(Ethernet frame) {
        byte[] ip = ipv4(frame).serialize();
        IPv4 parsed = ipv4(frame);
        int headerLength = parsed.getHeaderLength() * 4;
        // serialize() keeps a non-zero checksum as it is: this is the checksum the frame carries.
        assertEquals(0xffff, sum(ip, 0, headerLength), "outer IPv4 header checksum");
        assertEquals(0xffff, sum(ip, headerLength, ip.length - headerLength), "ICMP checksum");
        byte[] quote = quote(frame);
        assertTrue(quote.length >= 20);
        assertEquals(0xffff, sum(quote, 0, (quote[0] & 0xf) * 4), "quoted IPv4 header checksum");
    }

    private static int sum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = data[offset + i] & 0xff;
            int lo = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
            sum += hi << 8 | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }
}
