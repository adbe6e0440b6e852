package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static, dynamic and pat tenants side by side on one Open vSwitch ({@code tools/examples/economy.json}): pat
 * tenants whose hosts have the same address and send from the same source port at the same time are both served;
 * a /8 customer is bound into a /24 pool block on its first packet, released when idle and its address held down;
 * more hosts than addresses get a counted refusal and an alarm; a host's port blocks run out, grow, and are refused
 * beyond the limit; the audit trail names a host by address, port and time after its binding ended; and an active
 * host keeps its address across a kill -9 of the controller.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EconomyTest {

    /** Idle timeout and hold-down of every binding tenant of economy.json. */
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration HOLD_DOWN = Duration.ofSeconds(5);
    /** Idle timeouts count whole seconds on the switch, and a scrape of the trail may lag a little. */
    private static final Duration EXPIRY_TIMEOUT = IDLE.plusSeconds(15);
    private static final String VIP = "10.250.0.10";
    private static final String CHARLIE_VIP = "172.31.250.10";
    private static final Pattern SEEN = Pattern.compile("SEEN proto=(\\w+) src=([0-9.]+) sport=(\\d+)");

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.economy();

    private final ObjectMapper mapper = new ObjectMapper();

    /** What the echo server answered: the source and port it saw, then the message. */
    private static final class Reply {
        private final String source;
        private final int port;
        private final String echoed;

        Reply(String source, int port, String echoed) {
            this.source = source;
            this.port = port;
            this.echoed = echoed;
        }
    }

    private static Reply send(String proto, String host, String dst, String message, int sport) {
        CommandResult r = LAB.lab().run(Duration.ofSeconds(30), proto, host, dst, "--timeout", "3", "--message",
                                        message, "--sport", String.valueOf(sport));
        Matcher m = SEEN.matcher(r.output());
        assertTrue(r.succeeded() && m.find(), host + " " + proto + " got no reply: " + r);
        String[] lines = r.output().substring(m.start()).split("\n");
        return new Reply(m.group(2), Integer.parseInt(m.group(3)), lines.length > 1 ? lines[1].trim() : "");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = new Rest(LAB).get("/" + path);
        assertTrue(response.statusCode() == 200 || response.statusCode() == 404, path + ": " + response.body());
        return mapper.readTree(response.body());
    }

    private List<JsonNode> bindings(String tenant) throws IOException, InterruptedException {
        List<JsonNode> list = new ArrayList<>();
        get("bindings?tenant=" + tenant).path("bindings").forEach(list::add);
        return list;
    }

    private JsonNode usage(String tenant) throws IOException, InterruptedException {
        for (JsonNode u : get("pool").path("bindings")) {
            if (u.path("tenant").asText().equals(tenant)) {
                return u;
            }
        }
        throw new AssertionError("no pool block for " + tenant);
    }

    @Test
    @Order(1)
    void patTenantsWithTheSameHostAndSourcePortAreServedAtOnceEachReplyToItsHost() throws Exception {
        for (String proto : List.of("tcp", "udp")) {
            int sport = proto.equals("tcp") ? 40000 : 40001;
            CompletableFuture<Reply> alpha = CompletableFuture.supplyAsync(
                    () -> send(proto, "alpha", VIP, "I am alpha", sport));
            CompletableFuture<Reply> bravo = CompletableFuture.supplyAsync(
                    () -> send(proto, "bravo", VIP, "I am bravo", sport));

            Reply a = alpha.get();
            Reply b = bravo.get();

            assertEquals("I am alpha", a.echoed, proto + ": alpha's reply came back to alpha");
            assertEquals("I am bravo", b.echoed, proto + ": bravo's reply came back to bravo");
            assertNotEquals(a.source, b.source, proto + ": the service tells the two hosts apart");
            String alphaBlock = bindings("alpha").get(0).path("translated").asText();
            String bravoBlock = bindings("bravo").get(0).path("translated").asText();
            assertEquals(alphaBlock, a.source);
            assertEquals(bravoBlock, b.source);
            assertTrue(a.port >= 1024 && b.port >= 1024, "sources in the port blocks: " + a.port + ", " + b.port);
        }
        for (String host : List.of("alpha", "bravo")) {
            Lab.Ping ping = LAB.lab().ping(host, VIP, 3, 2);
            assertTrue(ping.allReplied(), host + " echo through conntrack: " + ping);
        }
    }

    @Test
    @Order(2)
    void aSlash8CustomerIsBoundIntoItsSlash24OnItsFirstPacketReleasedWhenIdleAndHeldDown() throws Exception {
        JsonNode block = usage("charlie");
        assertEquals("dynamic", block.path("mode").asText());
        assertTrue(block.path("poolBlock").asText().endsWith("/24"), block.toString());
        String base = block.path("poolBlock").asText().replace(".0/24", ".");

        Reply first = send("udp", "charlie", CHARLIE_VIP, "first packet", 0);
        Instant bound = Instant.now();

        assertEquals(base + "0", first.source, "the first datagram itself was bound and released");
        assertEquals("first packet", first.echoed);
        assertTrue(LAB.lab().flows().rules(r -> r.contains("nw_src=10.20.30.40") && r.contains("idle_timeout=10"))
                           .size() == 1, "the host's source rule expires after the idle timeout");

        assertTrue(Poll.until(EXPIRY_TIMEOUT, () -> bindingsOf("charlie").isEmpty()),
                   "the binding ends once the host was idle for " + IDLE.toSeconds() + " s");
        assertTrue(LAB.lab().flows().rules(r -> r.contains("nw_src=10.20.30.40")).isEmpty(), "its rules are gone");
        Reply during = send("udp", "charlie", CHARLIE_VIP, "held down", 0);
        assertEquals(base + "1", during.source, base + "0 is held down for " + HOLD_DOWN.toSeconds() + " s");

        JsonNode then = get("lookup/" + base + "0?at=" + bound.plusMillis(200));
        assertEquals("charlie", then.path("bindings").get(0).path("tenant").asText(), then.toString());
        assertEquals("10.20.30.40", then.path("bindings").get(0).path("original").asText());
        assertTrue(then.path("bindings").get(0).has("to"), "the answer says when it ended: " + then);

        assertTrue(Poll.until(EXPIRY_TIMEOUT, () -> bindingsOf("charlie").isEmpty()), "idle again");
        Thread.sleep(HOLD_DOWN.toMillis());
        Reply reused = send("udp", "charlie", CHARLIE_VIP, "after hold-down", 0);
        assertEquals(base + "0", reused.source, "after its hold-down the oldest released address is reused");
    }

    private List<JsonNode> bindingsOf(String tenant) {
        try {
            return bindings(tenant);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void moreHostsThanAddressesGetACountedRefusalAndTheAlarm() throws Exception {
        Reply h1 = send("udp", "delta-h1", VIP, "h1", 0);
        Reply h2 = send("udp", "delta-h2", VIP, "h2", 0);
        CommandResult h3 = LAB.lab().run(Duration.ofSeconds(30), "udp", "delta-h3", VIP, "--timeout", "2");

        assertNotEquals(h1.source, h2.source);
        assertFalse(h3.succeeded(), "a /31 pool block binds two hosts: " + h3);
        JsonNode delta = usage("delta");
        assertEquals("FAILED", delta.path("state").asText(), delta.toString());
        assertTrue(delta.path("refusals").path("poolBlockFull").asInt() >= 1, delta.toString());
        assertTrue(delta.path("reason").asText().startsWith("no free address in tenant delta's pool block"),
                   delta.toString());
        assertEquals(2, delta.path("inUse").asInt());
        assertTrue(LAB.host().logSinceStart().contains("tenant delta: 2 of 2 slots of its pool block in use, at or "
                + "above the alarm threshold of 80%"), "the alarm is logged");
        assertTrue(LAB.host().logSinceStart().contains("WARN PoolPressure - no free address in tenant delta's"),
                   "the refusal is logged");
    }

    @Test
    @Order(4)
    void aHostsUsedUpPortBlockGrowsOnceThenIsRefusedAndItsBlocksExpire() throws Exception {
        // Disjoint source ports: a port of the first burst handed out again would be the same connection, not a new one.
        CommandResult burst = LAB.lab().run(Duration.ofSeconds(30), "udp-many", "foxtrot", VIP, "--count", "100",
                                            "--sport", "41000");
        assertTrue(burst.succeeded(), "100 connections fit two blocks of 64 ports: " + burst);
        List<JsonNode> blocks = bindings("foxtrot");
        assertEquals(2, blocks.size(), blocks.toString());
        Set<String> ports = new TreeSet<>();
        blocks.forEach(b -> ports.add(b.path("ports").asText()));
        assertEquals(Set.of("1024-1087", "1088-1151"), ports);
        Thread.sleep(1000);

        CommandResult beyond = LAB.lab().run(Duration.ofSeconds(30), "udp-many", "foxtrot", VIP, "--count", "50",
                                             "--timeout", "2", "--sport", "41100");

        assertTrue(beyond.output().contains("REPLIES 28 of 50"), "128 ports in all, 100 in use: " + beyond);
        JsonNode foxtrot = usage("foxtrot");
        assertEquals(22, foxtrot.path("refusals").path("maxPortBlocks").asInt(), foxtrot.toString());
        assertEquals("host 10.1.1.10 of tenant foxtrot holds 2 port blocks of 64 ports, its maxPortBlocks",
                     foxtrot.path("reason").asText());

        Instant used = Instant.now();
        assertTrue(Poll.until(EXPIRY_TIMEOUT, () -> bindingsOf("foxtrot").isEmpty()), "idle port blocks expire");
        JsonNode who = get("lookup/" + blocks.get(0).path("translated").asText() + "?port=1100&at=" + used);
        assertEquals(1, who.path("bindings").size(), who.toString());
        assertEquals("foxtrot", who.path("bindings").get(0).path("tenant").asText());
        assertEquals("10.1.1.10", who.path("bindings").get(0).path("original").asText());
        assertEquals("1088-1151", who.path("bindings").get(0).path("ports").asText());
        assertTrue(who.path("bindings").get(0).has("to"), who.toString());
    }

    @Test
    @Order(5)
    void theStaticTenantKeepsItsBlockBesideThem() {
        Reply echo = send("tcp", "echo", VIP, "static", 0);

        assertTrue(echo.source.endsWith(".77"), "host bits kept: " + echo.source);
        assertTrue(LAB.allocation().blocks("echo").get(0).translated().contains(
                org.onlab.packet.Ip4Address.valueOf(echo.source)));
    }

    /**
     * Sends a datagram from one socket every 200 ms and prints, per datagram, the send time (epoch milliseconds)
     * and the source the echo server saw, or "none" when no reply came within a second.
     */
    private static final String STEADY_SENDER = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.settimeout(1)",
            "end = time.time() + float(sys.argv[2])",
            "while time.time() < end:",
            "    sent = int(time.time() * 1000)",
            "    s.sendto(b'steady\\n', (sys.argv[1], 7000))",
            "    try:",
            "        print(sent, s.recvfrom(65536)[0].split()[2].decode()[4:], flush=True)",
            "    except socket.timeout:",
            "        print(sent, 'none', flush=True)",
            "    time.sleep(0.2)");

    private static CompletableFuture<List<String[]>> steady(String host, String dst, int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            CommandResult r = LAB.lab().run(Duration.ofSeconds(seconds + 30), "exec", host, "--", "python3", "-c",
                                            STEADY_SENDER, dst, String.valueOf(seconds));
            List<String[]> samples = new ArrayList<>();
            r.output().lines().map(l -> l.split(" ")).filter(f -> f.length == 2).forEach(samples::add);
            return samples;
        });
    }

    @Test
    @Order(6)
    void anActiveHostKeepsItsAddressAcrossAKill9OfTheController() throws Exception {
        // A binding that goes idle while the controller is down is not reported to it: it would be put back.
        for (String idle : List.of("delta", "foxtrot")) {
            assertTrue(Poll.until(EXPIRY_TIMEOUT, () -> bindingsOf(idle).isEmpty()), idle + "'s bindings ended");
        }
        send("udp", "alpha", VIP, "before", 0);
        String address = send("udp", "charlie", CHARLIE_VIP, "before", 0).source;
        CompletableFuture<List<String[]>> charlie = steady("charlie", CHARLIE_VIP, 20);
        // alpha keeps its port block too: its conntrack rule is reconciled as well.
        CompletableFuture<List<String[]>> alpha = steady("alpha", VIP, 20);
        Thread.sleep(3000);

        long killed = System.currentTimeMillis();
        LAB.host().kill9();
        Thread.sleep(1000);
        LAB.startHostAgain();
        long restarted = System.currentTimeMillis();
        List<String[]> samples = charlie.get();
        alpha.get();

        Set<String> sources = new TreeSet<>();
        samples.forEach(f -> sources.add(f[1]));
        long during = samples.stream().filter(f -> Long.parseLong(f[0]) > killed && Long.parseLong(f[0]) < restarted)
                .count();
        long after = samples.stream().filter(f -> Long.parseLong(f[0]) > restarted).count();
        assertTrue(during >= 1 && after >= 3, "samples while the controller was down and after it came back: "
                + during + ", " + after);
        assertEquals(Set.of(address), sources, "every reply, before, during and after the restart");
        assertEquals(address, bindings("charlie").get(0).path("translated").asText());
        // The switch reports the conntrack and nat actions as they were sent: nothing is sent again.
        assertTrue(LAB.host().logSinceStart().contains("reconciled, 0 rules added, 0 removed"),
                   "the restarted host found every rule in place, bindings' included");
    }
}
