package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An intent's state over REST follows what the switch confirmed, not what was requested.
 */
class IntentStateTest {

    private static final String ACME_PORTAL =
            "{\"tenant\": \"acme\", \"service\": \"portal\", \"vip\": \"10.250.0.20\"}";

    private RestHost host;
    private HttpCalls http;

    @BeforeEach
    void start() throws Exception {
        host = new RestHost();
        http = host.http();
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private JsonNode intent(String tenant, String service) {
        for (JsonNode i : http.get("intents").json().path("intents")) {
            if (i.path("tenant").asText().equals(tenant) && i.path("service").asText().equals(service)) {
                return i;
            }
        }
        return null;
    }

    @Test
    void postedIntentIsInstallingUntilTheSwitchConfirmsThenInstalled() {
        host.southbound().holdConfirmations();

        Reply reply = http.post("intents", ACME_PORTAL);

        assertEquals(201, reply.status(), reply::toString);
        assertEquals("INSTALLING", reply.json().path("state").asText());
        assertEquals("INSTALLING", intent("acme", "portal").path("state").asText());
        assertTrue(host.southbound().heldBatches() > 0);

        host.southbound().confirmHeld();

        JsonNode installed = intent("acme", "portal");
        assertEquals("INSTALLED", installed.path("state").asText());
        assertFalse(installed.has("reason"), installed::toString);
        assertEquals("INSTALLED", http.get("intents/acme/portal").json().path("state").asText());
    }

    @Test
    void intentWhoseRulesTheSwitchRejectsIsFailedWithTheReason() {
        host.southbound().holdConfirmations();
        http.post("intents", ACME_PORTAL);

        host.southbound().failHeld("table 2 is full");

        JsonNode failed = intent("acme", "portal");
        assertEquals("FAILED", failed.path("state").asText());
        assertTrue(failed.path("reason").asText().contains("table 2 is full"), failed::toString);
        assertEquals("INSTALLED", intent("globex", "backup").path("state").asText());
    }

    @Test
    void deletedIntentIsWithdrawnUntilTheSwitchConfirmsThenGone() {
        host.southbound().holdConfirmations();

        assertEquals(204, http.delete("intents/acme/backup").status());

        JsonNode withdrawn = intent("acme", "backup");
        assertEquals("WITHDRAWN", withdrawn.path("state").asText());
        assertEquals("WITHDRAWN", http.get("intents/acme/backup").json().path("state").asText());
        assertEquals("INSTALLED", intent("globex", "backup").path("state").asText());

        host.southbound().confirmHeld();

        assertNull(intent("acme", "backup"));
        assertEquals(404, http.get("intents/acme/backup").status());
    }
}
