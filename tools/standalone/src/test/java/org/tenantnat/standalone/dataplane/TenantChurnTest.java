package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.standalone.history.FileChangeHistory;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A tenant added, used and removed over REST many times on a live switch leaves nothing behind: afterwards
 * the switch holds the same rules, the pool the same allocation, the state directory the same live records, the
 * intents are the baseline's (all INSTALLED), the history of changes holds what its retention keeps, and the host's
 * heap after a full collection is where it was. Every
 * cycle's intent turned INSTALLED (none FAILED, none stuck INSTALLING) and its host reached the VIP.
 * <p>
 * Each cycle's tenant has a new name and id (on umbrella's port, with umbrella's lab host), so anything kept per
 * tenant and never dropped would pile up. The router's MAC is left to ARP, so each cycle also learns it, stores it
 * and forgets it with the tenant.
 * <p>
 * The test command runs 200 cycles (about 30 s); the full run of 1,000 is
 * {@code mvn -B verify -pl tools/standalone -am -Dtest=TenantChurnTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtenantnat.churn.cycles=1000}.
 */
class TenantChurnTest {

    private static final String CYCLES_PROPERTY = "tenantnat.churn.cycles";
    private static final int CYCLES = Integer.getInteger(CYCLES_PROPERTY, 200);
    /** Cycles before the baseline is taken, so the host's lazily built caches and compiled code are in it. */
    private static final int WARM_UP = 20;
    private static final int FIRST_ID = 1000;
    /** A cycle's host is checked by TCP (the service sees its translated address) once in so many cycles. */
    private static final int TCP_EVERY = 100;
    /**
     * Heap the host may keep beyond its baseline after all cycles: a leak of 256 bytes per cycle fails over 1,000
     * cycles, of 1.3 KiB per cycle over 200; the spread of the heap after a full collection between two idle
     * moments is well below it.
     */
    private static final long HEAP_SLACK_BYTES = 256 * 1024;
    /**
     * The record log is append-only; FileStateStore compacts it into its live records once it is past 1 MiB and
     * four times their size (a few KiB here), so it never holds much more than 1 MiB and a line.
     */
    private static final long LOG_BOUND_BYTES = (1 << 20) + 4096;
    private static final String VIP = "10.250.0.10";
    private static final String SERVICE = "backup";
    private static final String LAB_HOST = "umbrella";
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final int PING_ATTEMPTS = 5;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicReference<ObjectNode> TEMPLATE = new AtomicReference<>();

    /**
     * The history of changes keeps this many records, so it is full after the warm-up: by default it keeps up to
     * 10,000, which a churn of two changes a cycle fills for 5,000 cycles (its heap grows meanwhile, by design).
     */
    private static final int HISTORY_KEPT = 10;
    /** history.log is rewritten once 64 records beyond those kept were dropped from it. */
    private static final int HISTORY_LINES_BOUND = HISTORY_KEPT + 64 + 1;

    /** The host starts without umbrella: its lab host serves the churned tenants. */
    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp().config(TenantChurnTest::withoutUmbrella)
            .hostArgs("--history-retention", String.valueOf(HISTORY_KEPT));

    private static void withoutUmbrella(ObjectNode config) {
        for (Iterator<JsonNode> it = ((ArrayNode) config.get("tenants")).elements(); it.hasNext();) {
            JsonNode tenant = it.next();
            if (LAB_HOST.equals(tenant.path("name").asText())) {
                TEMPLATE.set((ObjectNode) tenant.deepCopy());
                it.remove();
            }
        }
    }

    @Test
    void addUseRemoveCyclesLeaveRulesPoolStoreIntentsAndHeapAtTheirBaseline() throws Exception {
        Rest rest = new Rest(LAB);
        LAB.lab().customerHosts().stream().filter(h -> !h.name().equals(LAB_HOST)).forEach(LAB::awaitVip);
        Footprint cold = Footprint.of(LAB, rest);
        for (int i = 0; i < WARM_UP; i++) {
            cycle(rest, CYCLES + i);
        }
        Footprint baseline = Footprint.of(LAB, rest);

        List<Long> millis = new ArrayList<>();
        int[] extraPings = new int[1];
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            long cycleStart = System.nanoTime();
            extraPings[0] += cycle(rest, i);
            millis.add((System.nanoTime() - cycleStart) / 1_000_000);
        }
        long totalMillis = (System.nanoTime() - start) / 1_000_000;
        Footprint after = Footprint.of(LAB, rest);

        Collections.sort(millis);
        System.out.printf("churn: %d cycles (add tenant, intent INSTALLED, ping, remove) in %.1f s; cycle median %d ms,"
                                  + " max %d ms; %d pings repeated%n", CYCLES, totalMillis / 1000.0,
                          millis.get(millis.size() / 2), millis.get(millis.size() - 1), extraPings[0]);
        System.out.printf("churn: cold     %s%nchurn: baseline %s%nchurn: after    %s%n", cold, baseline, after);
        System.out.printf("churn: the record log grew %.0f bytes a cycle and was compacted %d times%n",
                          (after.logBytes() - baseline.logBytes()) / (double) CYCLES,
                          LAB.host().logSinceStart().split(" compacted to ", -1).length - 1);

        assertEquals(cold.flows(), after.flows(), "the switch's rules before vs after the churn");
        assertEquals(cold.pool(), after.pool(), "GET /pool before vs after the churn");
        assertEquals(cold.bindings(), after.bindings(), "GET /bindings before vs after the churn");
        assertEquals(cold.intents(), after.intents(), "GET /intents before vs after the churn");
        after.intents().path("intents").forEach(intent -> assertEquals("INSTALLED", intent.path("state").asText(),
                                                                        intent.toString()));
        assertEquals(cold.stored().records(), after.stored().records(), "the live records of the state directory");
        assertTrue(after.logBytes() <= LOG_BOUND_BYTES, "the record log is compacted: " + after.logBytes() + " bytes");
        assertEquals(HISTORY_KEPT, after.historyRecords(), "records of the history of changes kept");
        long historyLines = Files.readAllLines(LAB.stateFile().resolveSibling(FileChangeHistory.FILE)).size();
        assertTrue(historyLines <= HISTORY_LINES_BOUND, "history.log is rewritten: " + historyLines + " lines");
        assertTrue(after.heapBytes() <= baseline.heapBytes() + HEAP_SLACK_BYTES,
                   "heap after GC grew from " + baseline.heapBytes() + " to " + after.heapBytes() + " bytes over "
                           + CYCLES + " cycles");
    }

    /**
     * One cycle: add the tenant, wait for its intent to turn INSTALLED, reach the VIP from its host, remove it.
     *
     * @return pings that had to be repeated before a reply came
     */
    private static int cycle(Rest rest, int n) throws IOException, InterruptedException {
        String name = "churn-" + n;
        ObjectNode tenant = TEMPLATE.get().deepCopy().put("name", name).put("id", FIRST_ID + n);
        HttpResponse<String> created = rest.post("/tenants", MAPPER.writeValueAsString(tenant));
        assertEquals(201, created.statusCode(), () -> "cycle " + n + ": POST " + created.body());

        awaitInstalled(rest, name);
        int repeated = reachVip(name);
        if (n % TCP_EVERY == 0) {
            assertEquals(translatedHost(name), LAB.lab().tcp(LAB_HOST, VIP).orElse("no TCP reply"),
                         "cycle " + n + ": the service sees the host inside " + name + "'s block");
        }

        HttpResponse<String> deleted = rest.delete("/tenants/" + name);
        assertEquals(204, deleted.statusCode(), () -> "cycle " + n + ": DELETE " + deleted.body());
        awaitWithdrawn(rest, name);
        return repeated;
    }

    // Listed WITHDRAWN until the switch confirmed its rules are gone, then no longer listed.
    private static void awaitWithdrawn(Rest rest, String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + INSTALL_TIMEOUT.toNanos();
        HttpResponse<String> reply;
        do {
            reply = rest.get("/intents/" + name + "/" + SERVICE);
            if (reply.statusCode() == 404) {
                return;
            }
            String state = MAPPER.readTree(reply.body()).path("state").asText();
            if (!"WITHDRAWN".equals(state)) {
                fail(name + "'s intent after DELETE: " + reply.body());
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        fail(name + "'s intent is still listed " + INSTALL_TIMEOUT.toSeconds() + " s after DELETE: " + reply.body());
    }

    private static void awaitInstalled(Rest rest, String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + INSTALL_TIMEOUT.toNanos();
        JsonNode intent;
        do {
            HttpResponse<String> reply = rest.get("/intents/" + name + "/" + SERVICE);
            assertEquals(200, reply.statusCode(), reply::body);
            intent = MAPPER.readTree(reply.body());
            String state = intent.path("state").asText();
            if ("INSTALLED".equals(state)) {
                return;
            }
            if (!"INSTALLING".equals(state)) {
                fail(name + "'s intent turned " + state + ": " + intent);
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        fail(name + "'s intent is still INSTALLING after " + INSTALL_TIMEOUT.toSeconds() + " s: " + intent);
    }

    private static int reachVip(String name) {
        String namespace = LAB.lab().host(LAB_HOST).namespace();
        List<String> ping = List.of("ip", "netns", "exec", namespace, "ping", "-n", "-c", "1", "-W", "1", VIP);
        for (int attempt = 0; attempt < PING_ATTEMPTS; attempt++) {
            if (CommandResult.run(Paths.get("."), Duration.ofSeconds(10), ping).succeeded()) {
                return attempt;
            }
        }
        return fail(LAB_HOST + " did not reach " + VIP + " as tenant " + name + " in " + PING_ATTEMPTS + " pings");
    }

    private static String translatedHost(String name) {
        return LAB.allocation().blocks(name).get(0).translate(LAB.lab().host(LAB_HOST).address()).toString();
    }
}
