package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.TranslatedBlock;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST API end to end on the standalone host and a real switch: a tenant POSTed at run time gets its traffic
 * through and its access intent turns INSTALLED once the switch confirmed the rules; DELETEd, its traffic stops
 * and the other tenants keep theirs.
 */
class TenantLifecycleOverRestTest {

    private static final String ADDED = "umbrella";
    private static final String VIP = "10.250.0.10";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicReference<JsonNode> ADDED_TENANT = new AtomicReference<>();

    /** The host starts without umbrella; its lab host is there, unserved. */
    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp().config(TenantLifecycleOverRestTest::withoutAdded);

    private static void withoutAdded(ObjectNode config) {
        for (Iterator<JsonNode> it = ((ArrayNode) config.get("tenants")).elements(); it.hasNext();) {
            JsonNode tenant = it.next();
            if (ADDED.equals(tenant.path("name").asText())) {
                ADDED_TENANT.set(tenant.deepCopy());
                it.remove();
            }
        }
    }

    @Test
    void postedTenantForwardsOnceInstalledAndStopsWhenDeleted() throws Exception {
        Lab lab = LAB.lab();
        Rest rest = new Rest(LAB);
        assertTrue(LAB.awaitVip(lab.host("acme")).allReplied(), "acme reaches its VIP");
        assertEquals(0, lab.ping(ADDED, VIP, 2, 1).received(), "umbrella is not a tenant yet");

        HttpResponse<String> created = rest.post("/tenants", new ObjectMapper().writeValueAsString(ADDED_TENANT.get()));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/tenants/" + ADDED));

        String state = Poll.until(TIMEOUT, () -> intentState(rest), "INSTALLED"::equals);
        assertEquals("INSTALLED", state, "umbrella's access intent once the switch confirmed its rules");
        assertTrue(Poll.until(TIMEOUT, () -> lab.ping(ADDED, VIP, 1, 1).allReplied()), "umbrella reaches the VIP");
        Ip4Address host = lab.host(ADDED).address();
        Ip4Address translated = LAB.allocation().blocks(ADDED).get(0).translate(host);
        assertEquals(translated.toString(), lab.tcp(ADDED, VIP).orElseThrow(),
                     "the service sees umbrella's host inside umbrella's new block");

        HttpResponse<String> deleted = rest.delete("/tenants/" + ADDED);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertTrue(Poll.until(TIMEOUT, () -> lab.ping(ADDED, VIP, 1, 1).received() == 0), "umbrella's traffic stops");
        assertTrue(lab.udp(ADDED, VIP, 1).isEmpty(), "umbrella's UDP stops");
        assertEquals(404, rest.get("/intents/" + ADDED + "/backup").statusCode(), "its intent is gone");
        assertTrue(lab.ping("acme", VIP, 3, 1).allReplied(), "acme still forwards");
        assertTrue(lab.ping("initech-h1", VIP, 3, 1).allReplied(), "initech still forwards");
    }

    @Test
    void postedTenantSurvivesAKillAndARestartWithTheSameCommand() throws Exception {
        Lab lab = LAB.lab();
        Rest rest = new Rest(LAB);
        HttpResponse<String> created = rest.post("/tenants", new ObjectMapper().writeValueAsString(ADDED_TENANT.get()));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("INSTALLED", Poll.until(TIMEOUT, () -> intentState(rest), "INSTALLED"::equals));
        TranslatedBlock block = LAB.allocation().blocks(ADDED).get(0);

        // The documented command again, --config included: the state directory, not the file, is the truth.
        LAB.host().kill9();
        LAB.startHostAgain();

        assertEquals(200, (int) Poll.until(TIMEOUT, () -> status(rest, "/tenants/" + ADDED), code -> code != -1),
                     "the POSTed tenant is still there");
        assertEquals(List.of(block), LAB.allocation().blocks(ADDED), "with the same translated block");
        assertTrue(LAB.host().logSinceStart().contains("not applied"),
                   "the host said it left the config file alone: " + LAB.host().logSinceStart());
        assertEquals("INSTALLED", Poll.until(TIMEOUT, () -> intentState(rest), "INSTALLED"::equals));
        assertTrue(Poll.until(TIMEOUT, () -> lab.ping(ADDED, VIP, 1, 1).allReplied()), "umbrella still forwards");
        assertEquals(block.translate(lab.host(ADDED).address()).toString(), lab.tcp(ADDED, VIP).orElseThrow());

        assertEquals(204, rest.delete("/tenants/" + ADDED).statusCode());
    }

    // The status of a GET, or -1 while the host does not answer yet.
    private static int status(Rest rest, String path) {
        try {
            return rest.get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String intentState(Rest rest) {
        try {
            HttpResponse<String> intent = rest.get("/intents/" + ADDED + "/backup");
            return intent.statusCode() == 200 ? new ObjectMapper().readTree(intent.body()).path("state").asText()
                    : "HTTP " + intent.statusCode();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
