package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.Tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every rewrite style must deliver on the demo lab: every customer host (directly attached, on a VLAN of a
 * shared trunk, behind a customer router) reaches its VIP with ICMP, TCP and UDP, and the service sees each as an
 * address of its own inside its tenant's translated block, although every customer and the service use 10.1.1.0/24.
 * A subclass per rewrite style runs these on a lab of its own.
 */
abstract class ReachabilityChecks {

    /**
     * Returns the lab the subclass registered.
     *
     * @return lab
     */
    abstract DataplaneLab lab();

    @Test
    void everyTenantHostReachesItsVipWithIcmpTcpAndUdp() {
        Lab lab = lab().lab();
        // Guards against a vacuous pass: the lab must hold a host of every configured tenant.
        assertEquals(lab().storedState().desiredState().tenants().stream().map(Tenant::name)
                             .collect(Collectors.toSet()),
                     lab.customerHosts().stream().map(h -> h.tenant().orElseThrow()).collect(Collectors.toSet()),
                     "tenants with a customer host in the lab");
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("host        VIP          ICMP  TCP   UDP\n");
        for (LabHost host : lab.customerHosts()) {
            String vip = lab().vipOf(host);
            // The first packets wait for rules and ARP in both directions; after that every packet must pass.
            lab().awaitVip(host);
            Lab.Ping icmp = lab.ping(host.name(), vip, 3, 1);
            Optional<String> tcp = lab.tcp(host.name(), vip);
            Optional<String> udp = lab.udp(host.name(), vip);
            table.append(String.format("%-11s %-12s %-5s %-5s %-5s%n", host.name(), vip,
                                       icmp.allReplied() ? "ok" : icmp.received() + "/" + icmp.sent(),
                                       tcp.isPresent() ? "ok" : "FAIL", udp.isPresent() ? "ok" : "FAIL"));
            if (!icmp.allReplied() || tcp.isEmpty() || udp.isEmpty()) {
                failures.add(host.name());
            }
        }
        assertTrue(failures.isEmpty(), "these hosts did not reach their VIP: " + failures + "\n" + table);
    }

    @Test
    void serviceSeesEachHostAsItsOwnAddressInsideItsTenantsBlock() {
        Lab lab = lab().lab();
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> sawTcp = new LinkedHashMap<>();
        Map<String, String> sawUdp = new LinkedHashMap<>();
        for (LabHost host : lab.customerHosts()) {
            String vip = lab().vipOf(host);
            lab().awaitVip(host);
            expected.put(host.name(), lab().translatedSource(host));
            sawTcp.put(host.name(), lab.tcp(host.name(), vip).orElse("no reply"));
            sawUdp.put(host.name(), lab.udp(host.name(), vip).orElse("no reply"));
        }
        assertEquals(expected, sawTcp, "TCP sources the service saw (host -> source) vs the stored allocation");
        assertEquals(expected, sawUdp, "UDP sources the service saw (host -> source) vs the stored allocation");
        assertEquals(expected.size(), expected.values().stream().distinct().count(),
                     "every host needs a source of its own: " + expected);
        for (LabHost host : lab.customerHosts()) {
            String source = expected.get(host.name());
            assertTrue(lab().block(host).translated().contains(Ip4Address.valueOf(source)),
                       source + " is outside " + host.tenant().orElseThrow() + "'s block " + lab().block(host));
            // The translated address alone names the customer: the service side needs no other context.
            Binding binding = lab().allocation().lookup(Ip4Address.valueOf(source)).orElseThrow(
                    () -> new AssertionError(source + " is in no allocated block"));
            assertEquals(host.tenant().orElseThrow() + " " + host.address(),
                         binding.tenant() + " " + binding.original(), "whose host " + source + " is");
        }
        List<String> loggedTcp = lab.seenSources("tcp");
        List<String> loggedUdp = lab.seenSources("udp");
        assertTrue(loggedTcp.containsAll(expected.values()) && loggedUdp.containsAll(expected.values()),
                   "the echo server's own log lacks some sources " + expected.values() + ": " + lab.seen());
    }
}
