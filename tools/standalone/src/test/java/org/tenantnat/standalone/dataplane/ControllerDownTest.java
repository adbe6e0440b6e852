package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data plane needs no controller: with the standalone host killed for a minute, every host forgetting its
 * neighbours again and again (so it must ARP for its gateway or VIP, which switch flows answer), a 10 Hz ping from
 * every customer host loses nothing; when the host comes back it reconciles without touching a single rule.
 */
class ControllerDownTest {

    private static final Duration DOWN = Duration.ofSeconds(60);
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(2);
    private static final Pattern FLOW = Pattern.compile("cookie=(0x[0-9a-f]+), duration=([0-9.]+)s, table=(\\d+), "
            + "n_packets=\\d+, n_bytes=\\d+, (.*)");
    private static final Pattern ARP_PACKETS = Pattern.compile("n_packets=(\\d+)");
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(40);

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo();

    @Test
    void withTheControllerDownAMinuteAndNeighboursFlushedA10HzPingLosesNothingAndTheReturnTouchesNoRule()
            throws Exception {
        List<LabHost> senders = LAB.lab().customerHosts();
        senders.forEach(LAB::awaitVip);
        Map<String, Double> before = flowAges();
        int count = (int) (DOWN.toSeconds() * 10 + 300);
        Map<String, CompletableFuture<Lab.Ping>> pings = new LinkedHashMap<>();
        for (LabHost host : senders) {
            String vip = LAB.vipOf(host);
            pings.put(host.name(), CompletableFuture.supplyAsync(() -> new Lab.Ping(LAB.lab().run(
                    Duration.ofSeconds(count / 10 + 60), "exec", host.name(), "--", "ping", "-n", "-q", "-i", "0.1",
                    "-W", "1", "-c", String.valueOf(count), vip))));
        }

        long answeredBefore = arpAnsweredBySwitch();
        LAB.host().kill9();
        assertFalse(LAB.host().isAlive(), "the host survived SIGKILL");
        long downUntil = System.nanoTime() + DOWN.toNanos();
        int flushes = 0;
        while (System.nanoTime() < downUntil) {
            for (LabHost host : LAB.lab().hosts()) {
                LAB.lab().exec(host.name(), "ip", "neigh", "flush", "all");
            }
            flushes++;
            Thread.sleep(FLUSH_EVERY.toMillis());
        }
        long answered = arpAnsweredBySwitch() - answeredBefore;
        System.out.printf("ARP requests the switch answered while the controller was down: %d%n", answered);
        assertTrue(answered >= flushes, "the hosts had to ARP after each flush, and the switch answered");
        LAB.startHostAgain();
        assertTrue(Poll.until(RECOVERY_TIMEOUT, () -> LAB.host().logSinceStart().contains("reconciled")),
                   "the host came back and reconciled within " + RECOVERY_TIMEOUT.toSeconds() + " s");

        StringBuilder losses = new StringBuilder();
        for (Map.Entry<String, CompletableFuture<Lab.Ping>> e : pings.entrySet()) {
            Lab.Ping ping = e.getValue().get();
            System.out.printf("controller down %d s, %d neighbour flushes: %s sent %d, received %d%n",
                              DOWN.toSeconds(), flushes, e.getKey(), ping.sent(), ping.received());
            if (ping.sent() != count || !ping.allReplied()) {
                losses.append(e.getKey()).append(": ").append(ping).append('\n');
            }
        }
        assertEquals("", losses.toString(), "pings lost while the controller was down");

        String reconciled = LAB.host().logSinceStart().lines().filter(l -> l.contains("reconciled"))
                .collect(Collectors.joining("\n"));
        System.out.println(reconciled);
        Map<String, Double> after = flowAges();
        assertEquals(before.keySet(), after.keySet(), "the same rules (cookie, table, match, actions) after");
        List<String> touched = before.keySet().stream().filter(f -> after.get(f) < before.get(f) + DOWN.toSeconds())
                .collect(Collectors.toList());
        assertEquals(List.of(), touched, "rules re-added since the controller went down (their age restarted)");
        String meters = LAB.lab().require("ofctl", "dump-meters", bridge()).output();
        assertTrue(meters.contains("meter=1 ") && meters.contains("meter=2 "), "the punt meters are still there: "
                + meters);
    }

    /** Packets the ARP responder flows (the ones that send a request back out as its reply) have handled. */
    private static long arpAnsweredBySwitch() {
        String dump = LAB.lab().require("ofctl", "dump-flows", bridge(), "arp,arp_op=1").output();
        return dump.lines().filter(l -> l.contains("IN_PORT")).map(ARP_PACKETS::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    /** Every rule of the switch (cookie, table, match, actions) with its age in seconds. */
    private static Map<String, Double> flowAges() {
        String dump = LAB.lab().require("ofctl", "--no-names", "dump-flows", bridge()).output();
        Map<String, Double> ages = new LinkedHashMap<>();
        for (String line : dump.split("\n")) {
            Matcher m = FLOW.matcher(line.strip());
            if (m.matches()) {
                ages.put(m.group(1) + " table=" + m.group(3) + " " + m.group(4), Double.parseDouble(m.group(2)));
            }
        }
        assertFalse(ages.isEmpty(), "no rules in " + dump);
        return ages;
    }

    private static String bridge() {
        return "s1";
    }
}
