package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a NAT usually breaks keeps working, on {@code tools/examples/mtu-lab.json}: the demo with the service behind
 * a provider router whose link to it has a smaller MTU, and initech's router with a smaller MTU on its LAN. ICMP
 * errors crossing the translation (fragmentation needed from either router, time exceeded, port unreachable) reach
 * the sender with their quoted header translated, so path-MTU discovery and traceroute work; fragments pass.
 */
class PathMtuAndTracerouteTest {

    /** services[backup].router.mtu in mtu-lab.json. */
    private static final int PROVIDER_LINK_MTU = 1400;
    /** tenants[initech].lanMtu in mtu-lab.json. */
    private static final int CUSTOMER_LAN_MTU = 1300;
    private static final long FILE_BYTES = 4L << 20;

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().scenario("tools/examples/mtu-lab.json");

    @Test
    void anUploadAcrossTheProvidersSmallerLinkCompletesAndTheSenderLearnsThatMtu() {
        // A directly attached host, and one on a VLAN of the shared trunk.
        for (String sender : List.of("umbrella", "acme")) {
            LabHost host = LAB.lab().host(sender);
            String vip = LAB.vipOf(host);
            LAB.awaitVip(host);
            assertEquals(Optional.empty(), LAB.lab().pathMtu(sender, vip), sender + ": no MTU learned yet");

            assertEquals(FILE_BYTES, LAB.lab().transfer("upload", sender, vip, FILE_BYTES),
                         sender + ": upload of a 4 MiB file with DF set");

            Optional<Integer> learned = LAB.lab().pathMtu(sender, vip);
            System.out.println("path MTU " + sender + " -> " + vip + " (VIP): " + learned.orElse(null));
            assertEquals(Optional.of(PROVIDER_LINK_MTU), learned,
                         sender + " learned the provider link's MTU from the provider router's ICMP error");
        }
    }

    @Test
    void aDownloadAcrossTheCustomerRoutersSmallerLanCompletesAndTheServiceLearnsThatMtu() {
        LabHost host = LAB.lab().host("initech-h1");
        String vip = LAB.vipOf(host);
        LAB.awaitVip(host);
        String translated = LAB.translatedSource(host);

        assertEquals(FILE_BYTES, LAB.lab().transfer("download", host.name(), vip, FILE_BYTES),
                     "download of a 4 MiB file with DF set");

        Optional<Integer> learned = LAB.lab().pathMtu("backup", translated);
        System.out.println("path MTU backup -> " + translated + " (initech-h1): " + learned.orElse(null));
        assertEquals(Optional.of(CUSTOMER_LAN_MTU), learned, "the service learned the customer LAN's MTU from an "
                + "ICMP error the customer router sent from its own address, outside the tenant's prefixes");
    }

    @Test
    void tracerouteFromAHostBehindACustomerRouterTerminatesAtItsVip() {
        LabHost host = LAB.lab().host("initech-h2");
        String vip = LAB.vipOf(host);
        LAB.awaitVip(host);

        List<String> hops = LAB.lab().tracerouteHops(host.name(), vip, 8);

        // The customer router, the provider router (time exceeded), the service (port unreachable): the last two
        // answer from the VIP, the only provider address the tenant knows.
        assertEquals(List.of("10.1.1.1", vip, vip), hops);
    }

    @Test
    void pingsLargerThanEveryLinkCrossInFragmentsBothWays() {
        for (LabHost host : LAB.lab().customerHosts()) {
            String vip = LAB.vipOf(host);
            LAB.awaitVip(host);
            Lab.Ping ping = new Lab.Ping(LAB.lab().exec(host.name(), "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2",
                                                        "-M", "dont", "-s", "4000", vip));
            assertTrue(ping.allReplied(), host.name() + ": 4 kB echo in fragments each way: " + ping);
        }
    }
}
