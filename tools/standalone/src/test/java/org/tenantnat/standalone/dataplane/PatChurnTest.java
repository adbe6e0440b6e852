package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pat tenant added, used through conntrack and removed over REST many times on a live switch leaves nothing
 * behind: the switch holds the same rules, the pool the same allocation, no binding is left in force, the intents
 * and the state directory's live records are the baseline's; the conntrack entries of the removed tenants' zones
 * are not flushed by the host (OpenFlow 1.3 has no message for it) and leave with Open vSwitch's own timeouts.
 * <p>
 * Each cycle's tenant has a new name and id (so a zone of its own), on umbrella's port with umbrella's lab host:
 * its host's ping and datagram to the VIP are its first packets, bound into a port block and translated by
 * {@code ct(commit, nat)}; the service sees the datagram from the tenant's pool address. The test command runs 20
 * cycles; {@code -Dtenantnat.patchurn.cycles=N} runs more.
 */
class PatChurnTest {

    private static final int CYCLES = Integer.getInteger("tenantnat.patchurn.cycles", 20);
    private static final int FIRST_ID = 2000;
    private static final String VIP = "10.250.0.10";
    private static final String SERVICE = "backup";
    private static final String LAB_HOST = "umbrella";
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(30);
    /** Open vSwitch's userspace conntrack forgets ICMP and UDP entries 30 to 60 s after their last packet. */
    private static final Duration CONNTRACK_EXPIRY = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final Pattern ZONE = Pattern.compile("zone=(\\d+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicReference<ObjectNode> TEMPLATE = new AtomicReference<>();

    /** The host starts without umbrella: its lab host serves the churned tenants. */
    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp().config(PatChurnTest::withoutUmbrella);

    private static void withoutUmbrella(ObjectNode config) {
        for (Iterator<JsonNode> it = ((ArrayNode) config.get("tenants")).elements(); it.hasNext();) {
            JsonNode tenant = it.next();
            if (LAB_HOST.equals(tenant.path("name").asText())) {
                ObjectNode pat = (ObjectNode) tenant.deepCopy();
                pat.putObject("translation").put("mode", "pat").put("blockSize", 32).put("portBlockSize", 64)
                        .put("idleTimeout", 10).put("holdDown", 0);
                TEMPLATE.set(pat);
                it.remove();
            }
        }
    }

    @Test
    void addUseRemoveCyclesOfAPatTenantLeaveRulesPoolBindingsIntentsAndRecordsAtTheirBaseline() throws Exception {
        Rest rest = new Rest(LAB);
        LAB.lab().customerHosts().stream().filter(h -> !h.name().equals(LAB_HOST)).forEach(LAB::awaitVip);
        Footprint cold = Footprint.of(LAB, rest);

        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(rest, i);
        }
        long churnMillis = (System.nanoTime() - start) / 1_000_000;
        Footprint after = Footprint.of(LAB, rest);
        long leftInZones = churnedConntrackEntries();
        System.out.printf("pat churn: %d cycles (add pat tenant, ping and datagram through conntrack, remove) in "
                                  + "%.1f s; %d conntrack entries left in their zones%n", CYCLES,
                          churnMillis / 1000.0, leftInZones);
        System.out.printf("pat churn: cold  %s%npat churn: after %s%n", cold, after);

        assertEquals(cold.flows(), after.flows(), "the switch's rules before vs after the churn");
        assertEquals(cold.pool(), after.pool(), "GET /pool before vs after the churn");
        assertEquals(0, after.bindings(), "bindings in force after the churn");
        assertEquals(cold.intents(), after.intents(), "GET /intents before vs after the churn");
        assertEquals(cold.stored().records(), after.stored().records(), "the live records of the state directory");
        assertTrue(leftInZones > 0, "the churn went through conntrack");
        long expiryStart = System.nanoTime();
        long left = Poll.until(CONNTRACK_EXPIRY, PatChurnTest::churnedConntrackEntries, n -> n == 0);
        System.out.printf("pat churn: the removed tenants' conntrack entries expired %.1f s after the churn%n",
                          (System.nanoTime() - expiryStart) / 1e9);
        assertEquals(0, left, "conntrack entries of the removed tenants' zones after Open vSwitch's timeouts");
    }

    /** One cycle: add the tenant, wait for its intent, send through conntrack from its host, remove it. */
    private static void cycle(Rest rest, int n) throws IOException, InterruptedException {
        String name = "patchurn-" + n;
        ObjectNode tenant = TEMPLATE.get().deepCopy().put("name", name).put("id", FIRST_ID + n);
        HttpResponse<String> created = rest.post("/tenants", MAPPER.writeValueAsString(tenant));
        assertEquals(201, created.statusCode(), () -> "cycle " + n + ": POST " + created.body());
        awaitIntent(rest, name, "INSTALLED");

        Lab.Ping ping = Poll.until(INSTALL_TIMEOUT, () -> LAB.lab().ping(LAB_HOST, VIP, 1, 1), Lab.Ping::allReplied);
        assertTrue(ping.allReplied(), "cycle " + n + ": " + LAB_HOST + " pings the VIP as " + name + ": " + ping);
        String seen = LAB.lab().udp(LAB_HOST, VIP).orElse("no UDP reply");
        JsonNode bound = MAPPER.readTree(rest.get("/bindings?tenant=" + name).body()).path("bindings");
        assertEquals(1, bound.size(), "cycle " + n + ": one binding: " + bound);
        assertEquals(bound.get(0).path("translated").asText(), seen,
                     "cycle " + n + ": the service sees the host at " + name + "'s pool address");

        HttpResponse<String> deleted = rest.delete("/tenants/" + name);
        assertEquals(204, deleted.statusCode(), () -> "cycle " + n + ": DELETE " + deleted.body());
        awaitIntent(rest, name, null);
    }

    /** Waits for a tenant's intent to reach a state, or (null) to be gone. */
    private static void awaitIntent(Rest rest, String name, String state) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + INSTALL_TIMEOUT.toNanos();
        String last;
        do {
            HttpResponse<String> reply = rest.get("/intents/" + name + "/" + SERVICE);
            last = reply.statusCode() + " " + reply.body();
            if (state == null ? reply.statusCode() == 404
                    : reply.statusCode() == 200 && state.equals(MAPPER.readTree(reply.body()).path("state").asText())) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + "'s intent is not " + (state == null ? "gone" : state) + " after "
                                         + INSTALL_TIMEOUT.toSeconds() + " s: " + last);
    }

    /** Entries of Open vSwitch's conntrack in the zones of the churned tenants (zone = tenant id). */
    private static long churnedConntrackEntries() {
        CommandResult dump = LAB.lab().run(Duration.ofSeconds(30), "appctl", "dpctl/dump-conntrack");
        assertTrue(dump.succeeded(), dump.toString());
        long count = 0;
        for (String line : dump.output().split("\n")) {
            Matcher m = ZONE.matcher(line);
            if (m.find()) {
                int zone = Integer.parseInt(m.group(1));
                if (zone >= FIRST_ID && zone < FIRST_ID + CYCLES) {
                    count++;
                }
            }
        }
        return count;
    }
}
