package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tenant reaches its VIP and nothing else. Each probe is a ping and a UDP datagram; a probe passes when no reply
 * came back, no lab namespace (another tenant's host, a router, the service, the sender itself) received an echo
 * request or a datagram, and the sender really put the packets on its wire, so a probe that never left its host
 * cannot pass for isolation. Every test first checks that its senders do reach their own VIP.
 *
 * <p>The host runs the demo config with one change: umbrella's VIP is 10.250.0.20, so "another tenant's VIP" is an
 * address of its own (in the demo every tenant uses 10.250.0.10).</p>
 */
class IsolationTest {

    private static final String UMBRELLA_VIP = "10.250.0.20";
    private static final String SHARED_VIP = "10.250.0.10";

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().config(IsolationTest::umbrellaGetsItsOwnVip);

    private static void umbrellaGetsItsOwnVip(ObjectNode config) {
        config.withArray("tenants").forEach(t -> {
            if ("umbrella".equals(t.path("name").asText())) {
                ((ObjectNode) t.path("access").path(0)).put("vip", UMBRELLA_VIP);
            }
        });
    }

    /**
     * The translated address of every other customer host proves that the return path (which matches translated
     * destinations) only serves replies from the service port, never traffic from a tenant port; acme's own
     * translated address proves there is no hairpin either. From a directly attached host and from behind a router.
     */
    @Test
    void tenantCannotReachAnyTranslatedAddress() {
        LabHost acme = LAB.lab().host("acme");
        LabHost initechH2 = LAB.lab().host("initech-h2");
        List<Probe> probes = new ArrayList<>();
        for (LabHost other : LAB.lab().customerHosts()) {
            probes.add(routed(acme, LAB.translatedSource(other), other.name() + "'s translated address"));
        }
        probes.add(routed(initechH2, LAB.translatedSource(acme), "acme's translated address"));
        probes.add(routed(initechH2, LAB.translatedSource(LAB.lab().host("umbrella")),
                          "umbrella's translated address"));
        assertNothingArrives(probes);
    }

    /** A VIP is published to its tenant only: umbrella's VIP is closed to acme and the others' VIP to umbrella. */
    @Test
    void tenantCannotReachAnotherTenantsVip() {
        assertEquals(UMBRELLA_VIP, LAB.vipOf(LAB.lab().host("umbrella")), "the test config gives umbrella its VIP");
        assertNothingArrives(List.of(
                routed(LAB.lab().host("acme"), UMBRELLA_VIP, "umbrella's VIP"),
                routed(LAB.lab().host("initech-h1"), UMBRELLA_VIP, "umbrella's VIP"),
                routed(LAB.lab().host("umbrella"), SHARED_VIP, "the VIP of acme, globex and initech")));
    }

    /**
     * Other tenants' hosts: initech's router address (192.168.100.2, routed through the gateway, the one customer
     * address outside 10.1.1.0/24) from two tenants; and on the shared 10.1.1.0/24 itself, where umbrella's
     * 10.1.1.10 means acme, globex, initech-h1 and the service at once, an ARP that the switch must neither answer
     * nor pass on, so the address never resolves.
     */
    @Test
    void tenantCannotReachAnotherTenantsHosts() {
        LabHost initech = LAB.lab().host("initech");
        assertNothingArrives(List.of(
                routed(LAB.lab().host("acme"), initech.address().toString(), "initech's router"),
                routed(LAB.lab().host("umbrella"), initech.address().toString(), "initech's router"),
                onLink(LAB.lab().host("umbrella"), LAB.lab().host("backup").address().toString(),
                       "acme, globex, initech-h1 and the service"),
                onLink(LAB.lab().host("acme"), LAB.lab().host("umbrella").address().toString(), "umbrella")));
    }

    /**
     * Provider addresses that are not published: an arbitrary address behind the gateway, the gateway itself (it
     * answers ARP, nothing else), pool addresses nobody was given, and the service's real address routed through
     * the gateway by a host route (its source is umbrella's own and translates fine: only the VIP opens the way).
     */
    @Test
    void tenantCannotReachUnpublishedProviderAddresses() {
        LabHost acme = LAB.lab().host("acme");
        LabHost umbrella = LAB.lab().host("umbrella");
        String service = LAB.storedState().desiredState().services().get(0).ip().toString();
        String acmeGateway = gatewayOf(acme);
        require(LAB.lab().exec(umbrella.name(), "ip", "route", "add", service + "/32", "via", gatewayOf(umbrella),
                               "dev", "eth0"));
        try {
            assertNothingArrives(List.of(
                    routed(acme, "10.9.9.9", "an unpublished provider address"),
                    routed(acme, acmeGateway, "the provider gateway"),
                    routed(acme, "100.64.200.1", "an unallocated pool address"),
                    routed(acme, "100.127.255.254", "the pool's last address"),
                    routed(umbrella, service, "the service's real address, routed through the gateway")));
        } finally {
            LAB.lab().exec(umbrella.name(), "ip", "route", "del", service + "/32");
        }
    }

    /**
     * Anti-spoofing: a source outside the tenant's prefixes matches no source translation and is dropped, also one
     * that looks already translated (globex's translated address sent by acme would otherwise get globex's
     * replies), and initech's router sending from its own WAN address (outside initech's prefixes by design).
     */
    @Test
    void spoofedSourceIsDropped() {
        LabHost acme = LAB.lab().host("acme");
        String globexTranslated = LAB.translatedSource(LAB.lab().host("globex"));
        List<String> spoofed = List.of("10.2.2.2", globexTranslated);
        spoofed.forEach(a -> require(LAB.lab().exec(acme.name(), "ip", "addr", "add", a + "/32", "dev", "eth0")));
        try {
            assertNothingArrives(List.of(
                    spoofed(acme, spoofed.get(0), SHARED_VIP),
                    spoofed(acme, spoofed.get(1), SHARED_VIP),
                    routed(LAB.lab().host("initech"), SHARED_VIP, "the VIP, from the router's own address")));
        } finally {
            spoofed.forEach(a -> LAB.lab().exec(acme.name(), "ip", "addr", "del", a + "/32", "dev", "eth0"));
        }
    }

    /**
     * The probes can see a leak: aimed at the tenant's own VIP, the same probe reports the replies, the service's
     * counters and the service's log. Without this, a probe that silently stopped working would pass every test above.
     */
    @Test
    void probeAimedAtTheTenantsOwnVipReportsEveryWayItArrived() {
        AssertionError leak = assertThrows(AssertionError.class, () -> assertNothingArrives(List.of(
                routed(LAB.lab().host("globex"), SHARED_VIP, "its own VIP"))));
        String report = leak.getMessage();
        assertTrue(report.contains("got [echo reply, UDP reply]") && report.contains("backup received ")
                   && report.contains("the service logged [SEEN proto=udp src="
                                      + LAB.translatedSource(LAB.lab().host("globex"))), report);
    }

    /** A probe through the gateway: ping and a datagram to the echo port. */
    private static Probe routed(LabHost sender, String destination, String what) {
        return new Probe(sender, destination + " (" + what + ")", 3, () -> replies(
                LAB.lab().ping(sender.name(), destination, 2, 1).received() > 0 ? "echo reply" : null,
                LAB.lab().udp(sender.name(), destination, 1).map(s -> "UDP reply").orElse(null)));
    }

    /** A probe to an address on the sender's own subnet: it stands or falls with ARP. */
    private static Probe onLink(LabHost sender, String destination, String what) {
        return new Probe(sender, destination + " on-link (" + what + ")", 1, () -> {
            String ping = LAB.lab().ping(sender.name(), destination, 2, 1).received() > 0 ? "echo reply" : null;
            String neighbour = LAB.lab().exec(sender.name(), "ip", "neigh", "show", destination, "dev", "eth0")
                    .output().strip();
            boolean resolved = neighbour.contains("lladdr");
            return replies(ping, resolved ? "ARP resolved: " + neighbour : null);
        });
    }

    /** A ping and a datagram to a destination from a source address that is not the tenant's. */
    private static Probe spoofed(LabHost sender, String source, String destination) {
        String udp = "import socket,sys\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "s.bind((sys.argv[1], 0)); s.settimeout(1)\n"
                + "s.sendto(b'spoofed', (sys.argv[2], int(sys.argv[3])))\n"
                + "print(s.recv(65536).decode())\n";
        return new Probe(sender, destination + " from " + source, 3, () -> replies(
                LAB.lab().exec(sender.name(), "ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", "-I", source,
                               destination).succeeded() ? "echo reply" : null,
                LAB.lab().exec(sender.name(), "python3", "-c", udp, source, destination,
                               String.valueOf(Lab.ECHO_PORT)).succeeded() ? "UDP reply" : null));
    }

    private static String gatewayOf(LabHost host) {
        return LAB.storedState().desiredState().tenant(host.tenant().orElseThrow()).orElseThrow().gatewayIp()
                .toString();
    }

    private static void require(CommandResult setup) {
        assertTrue(setup.succeeded(), "test setup: " + setup);
    }

    /** Who shows that a sender's path works: itself, or for a customer router the first host behind it. */
    private static LabHost control(LabHost sender) {
        return sender.isCustomerHost() ? sender : LAB.hostsOf(sender.tenant().orElseThrow()).get(0);
    }

    private static List<String> replies(String... replies) {
        return Arrays.stream(replies).filter(Objects::nonNull).collect(Collectors.toList());
    }

    /**
     * Runs the probes (in parallel: each must reach nothing, so they cannot hide one another) and checks that
     * nothing arrived anywhere.
     */
    private static void assertNothingArrives(List<Probe> probes) {
        probes.stream().map(p -> control(p.sender)).distinct().forEach(host -> {
            Lab.Ping control = LAB.awaitVip(host);
            assertTrue(control.allReplied(), host + " must reach its own VIP first: " + control);
        });
        Lab lab = LAB.lab();
        Map<String, Long> before = lab.probesReceived();
        int seenBefore = lab.seen().size();
        Map<String, Long> sentBefore = probes.stream().map(p -> p.sender.name()).distinct()
                .collect(Collectors.toMap(h -> h, lab::framesSent));

        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, probes.size()));
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            probes.forEach(p -> results.add(pool.submit(p.run::get)));
            for (int i = 0; i < probes.size(); i++) {
                List<String> got = results.get(i).get();
                if (!got.isEmpty()) {
                    failures.add(probes.get(i) + " got " + got);
                }
            }
        } catch (Exception e) {
            throw new AssertionError("a probe could not run", e);
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> after = lab.probesReceived();
        after.forEach((host, count) -> {
            if (count > before.getOrDefault(host, 0L)) {
                failures.add(host + " received " + (count - before.getOrDefault(host, 0L))
                             + " echo requests or datagrams");
            }
        });
        List<String> seen = lab.seen();
        if (seen.size() > seenBefore) {
            failures.add("the service logged " + seen.subList(seenBefore, seen.size()));
        }
        sentBefore.forEach((host, count) -> {
            long needed = probes.stream().filter(p -> p.sender.name().equals(host)).mapToLong(p -> p.frames).sum();
            long sent = lab.framesSent(host) - count;
            if (sent < needed) {
                failures.add(host + " sent only " + sent + " frames for probes that need " + needed
                             + ": the probes did not leave the host, so they prove nothing");
            }
        });
        assertTrue(failures.isEmpty(), "isolation broken:\n  " + String.join("\n  ", failures)
                + "\nprobes: " + probes);
    }

    /** One probe: who sends what, and what came back. */
    private static final class Probe {
        private final LabHost sender;
        private final String target;
        private final int frames;
        private final Supplier<List<String>> run;

        /**
         * @param frames frames the probe puts on the sender's wire at least (IPv4 packets, or ARP when on-link)
         * @param run    sends the probe; returns what came back, nothing when isolated
         */
        Probe(LabHost sender, String target, int frames, Supplier<List<String>> run) {
            this.sender = sender;
            this.target = target;
            this.frames = frames;
            this.run = run;
        }

        @Override
        public String toString() {
            return sender.name() + " -> " + target;
        }
    }
}
