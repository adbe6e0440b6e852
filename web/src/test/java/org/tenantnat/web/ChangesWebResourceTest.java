package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.codec.LocalCodecContext;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET /changes lists every change made through the API, newest first, with its source and what it changed, as
 * the history holds it; limit, since and before page through it.
 */
class ChangesWebResourceTest {

    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
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

    private JsonNode changes(String query) {
        Reply reply = http.get("changes" + query);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().path("changes");
    }

    private static List<String> summaries(JsonNode changes) {
        List<String> lines = new ArrayList<>();
        changes.forEach(c -> lines.add(String.join("; ", texts(c.path("summary")))));
        return lines;
    }

    private static List<Long> revisions(JsonNode changes) {
        List<Long> revisions = new ArrayList<>();
        changes.forEach(c -> revisions.add(c.path("revision").asLong()));
        return revisions;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Five changes after the starting state, one per kind of verb. */
    private void fiveChanges() {
        assertEquals(201, http.post("tenants", Documents.newTenant()).status());
        assertEquals(201, http.post("intents", "{\"tenant\": \"acme\", \"service\": \"portal\", "
                + "\"vip\": \"10.250.0.20\"}").status());
        assertEquals(204, http.delete("intents/globex/backup").status());
        assertEquals(200, http.put("tenants/initech", Documents.tenant("initech", 3, 5, "\"vlan\": 30,")).status());
        assertEquals(204, http.delete("tenants/initech").status());
    }

    @Test
    void everyChangeThroughTheApiIsListedNewestFirstWithWhatItChanged() {
        fiveChanges();

        JsonNode changes = changes("");

        assertEquals(List.of("tenant initech removed", "tenant initech changed: vlan", "access globex/backup revoked",
                             "access acme/portal granted", "tenant initech added",
                             "settings changed: pool; service backup added; service portal added; tenant acme added;"
                                     + " tenant globex added"), summaries(changes));
        changes.forEach(c -> assertEquals("rest", c.path("source").asText()));
        assertEquals(codecs.codec(ChangeRecord.class).encode(host.history().changes(0, Long.MAX_VALUE, 100),
                                                             codecs).toString(), changes.toString(),
                     "each change as its codec writes it");
    }

    @Test
    void limitAndBeforePageBackwardsAndSinceAsksForWhatIsNew() {
        fiveChanges();
        List<Long> all = revisions(changes(""));
        assertEquals(6, all.size());

        JsonNode first = changes("?limit=2");
        JsonNode second = changes("?limit=2&before=" + revisions(first).get(1));
        JsonNode third = changes("?limit=2&before=" + revisions(second).get(1));
        List<Long> paged = new ArrayList<>(revisions(first));
        paged.addAll(revisions(second));
        paged.addAll(revisions(third));
        assertEquals(all, paged, "three pages of two, each older than the last");
        assertEquals(List.of(), revisions(changes("?before=" + all.get(5))));

        assertEquals(all.subList(0, 2), revisions(changes("?since=" + all.get(2))), "newer than the third");
        assertEquals(List.of(), revisions(changes("?since=" + all.get(0))), "nothing new");
    }

    @Test
    void aChangeThatChangesNothingIsNotListed() {
        int before = changes("").size();

        assertEquals(200, http.put("tenants/acme", Documents.tenant("acme", 1, 1, "\"vlan\": 100,")).status());

        assertEquals(before, changes("").size());
    }
}
