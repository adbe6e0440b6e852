package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.UDP;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.FlowRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bindings of a dynamic tenant over REST: those in force, who held a pool address at a time (also after the
 * binding ended, and for static blocks), the audit trail over a window, and the tenant's pool block in /pool.
 */
class BindingsWebResourceTest {

    private static final ConnectPoint INITECH = ConnectPoint.deviceConnectPoint("of:0000000000000001/5");
    private static final String DYNAMIC = "\"translation\": {\"mode\": \"dynamic\", \"blockSize\": 30, "
            + "\"idleTimeout\": 60, \"holdDown\": 10},";

    private RestHost host;
    private HttpCalls http;

    @BeforeEach
    void start() throws Exception {
        host = new RestHost();
        http = host.http();
        Reply added = http.post("tenants", Documents.tenant("initech", 3, 5, DYNAMIC));
        assertEquals(201, added.status(), added::toString);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private void firstPacket() throws InterruptedException {
        firstPacket("10.1.1.33");
    }

    // A host's first packet toward the VIP, as the switch punts it with the cookie of initech's rule.
    private void firstPacket(String source) throws InterruptedException {
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:01:05").setDestinationMACAddress("02:00:00:00:00:01");
        frame.setPayload(new IPv4().setSourceAddress(source).setDestinationAddress("10.250.0.10")
                                 .setProtocol(IPv4.PROTOCOL_UDP).setTtl((byte) 64)
                                 .setPayload(new UDP().setSourcePort(40123).setDestinationPort(7000)
                                                     .setPayload(new Data(new byte[4]))));
        host.runtime().packetIn(INITECH, frame, (1L << 48) | (3L << 32) | 1);
        assertTrue(host.runtime().awaitBindings(5000));
    }

    private static String error(Reply reply) {
        assertEquals(reply.status() == 404 ? 404 : 400, reply.status(), reply::toString);
        return reply.json().path("error").asText();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.path(field).asText()));
        return values;
    }

    @Test
    void bindingsInForceAreListedAndLookedUpNow() throws Exception {
        firstPacket();

        Reply all = http.get("bindings");
        Reply initech = http.get("bindings?tenant=initech");
        Reply acme = http.get("bindings?tenant=acme");
        Reply now = http.get("lookup/100.64.2.0");

        assertEquals(200, all.status(), all::toString);
        assertEquals(List.of("10.1.1.33"), texts(all.json().path("bindings"), "original"));
        assertEquals(List.of("100.64.2.0"), texts(all.json().path("bindings"), "translated"));
        assertTrue(Instant.parse(all.json().path("bindings").get(0).path("from").asText()).isBefore(Instant.now()));
        assertEquals(all.json(), initech.json());
        assertEquals(0, acme.json().path("bindings").size());
        assertEquals(200, now.status(), now::toString);
        assertEquals("initech", now.json().path("tenant").asText());
        assertEquals("10.1.1.33", now.json().path("original").asText());
    }

    @Test
    void aLimitListsTheFirstBindingsAndTellsHowManyThereAre() throws Exception {
        for (String source : List.of("10.1.1.33", "10.1.1.34", "10.1.1.35")) {
            firstPacket(source);
        }

        Reply all = http.get("bindings");
        Reply two = http.get("bindings?limit=2");
        Reply initech = http.get("bindings?tenant=initech&limit=1");
        Reply more = http.get("bindings?limit=10000");

        assertEquals(List.of("10.1.1.33", "10.1.1.34", "10.1.1.35"), texts(all.json().path("bindings"), "original"));
        assertTrue(all.json().path("total").isMissingNode(), "without a limit the answer is as before: " + all);
        assertEquals(200, two.status(), two::toString);
        assertEquals(List.of("10.1.1.33", "10.1.1.34"), texts(two.json().path("bindings"), "original"));
        assertEquals(3, two.json().path("total").asInt());
        assertEquals(all.json().path("bindings").get(0), two.json().path("bindings").get(0));
        assertEquals(List.of("10.1.1.33"), texts(initech.json().path("bindings"), "original"));
        assertEquals(3, initech.json().path("total").asInt());
        assertEquals(all.json().path("bindings"), more.json().path("bindings"));
        assertEquals(3, more.json().path("total").asInt());
    }

    @Test
    void aLimitOutOfRangeIsRefusedNamingIt() {
        for (String limit : List.of("0", "-1", "10001", "ten", "")) {
            Reply refused = http.get("bindings?limit=" + limit);
            assertEquals("limit: expected a whole number 1..10000, got '" + limit + "'", error(refused));
            assertEquals("limit", refused.json().path("errors").get(0).path("field").asText());
        }
    }

    @Test
    void aLimitListsTheOldestRecordsOfTheWindowAndTellsHowManyThereAre() throws Exception {
        for (String source : List.of("10.1.1.33", "10.1.1.34", "10.1.1.35")) {
            firstPacket(source);
        }
        String window = "from=" + Instant.now().minusSeconds(60) + "&to=" + Instant.now().plusSeconds(1);

        Reply all = http.get("bindings/history?" + window);
        Reply two = http.get("bindings/history?limit=2&" + window);
        Reply initech = http.get("bindings/history?tenant=initech&limit=1&" + window);
        Reply more = http.get("bindings/history?limit=10000&" + window);

        JsonNode records = all.json().path("records");
        assertTrue(records.size() > 3, "acme's and globex's static blocks and initech's three bindings: " + all);
        assertTrue(all.json().path("total").isMissingNode(), "without a limit the answer is as before: " + all);
        assertEquals(200, two.status(), two::toString);
        assertEquals(2, two.json().path("records").size());
        assertEquals(records.get(0), two.json().path("records").get(0));
        assertEquals(records.get(1), two.json().path("records").get(1));
        assertEquals(records.size(), two.json().path("total").asInt());
        assertEquals(List.of("10.1.1.33"), texts(initech.json().path("records"), "original"), "the oldest first");
        assertEquals(3, initech.json().path("total").asInt());
        assertEquals(records, more.json().path("records"));
        for (String limit : List.of("0", "10001", "ten")) {
            Reply refused = http.get("bindings/history?limit=" + limit);
            assertEquals("limit: expected a whole number 1..10000, got '" + limit + "'", error(refused));
        }
    }

    @Test
    void nobodyEmptyAnswersAnEmptyListWhereTheLookupOtherwiseAnswers404() throws Exception {
        // A minute before: the trail keeps times to the millisecond, so "just before" could fall in the binding.
        Instant before = Instant.now().minusSeconds(60);
        firstPacket();

        Reply contract = http.get("lookup/100.64.2.0?at=" + before);
        Reply empty = http.get("lookup/100.64.2.0?at=" + before + "&nobody=empty");
        Reply held = http.get("lookup/100.64.2.0?at=" + Instant.now() + "&nobody=empty");
        Reply heldNow = http.get("lookup/100.64.2.0?nobody=empty");
        Reply wrong = http.get("lookup/100.64.2.0?nobody=yes");

        assertEquals("ip: no tenant held 100.64.2.0 at " + before, error(contract), "others still get the 404");
        assertEquals(200, empty.status(), empty::toString);
        assertEquals(0, empty.json().path("bindings").size(), empty::toString);
        assertTrue(empty.json().path("bindings").isArray(), empty::toString);
        assertEquals(List.of("10.1.1.33"), texts(held.json().path("bindings"), "original"));
        assertEquals(held.json(), heldNow.json(), "nobody=empty alone asks the trail about now");
        assertEquals("nobody: 'yes' is not 'empty'; leave it out for 404 when nobody held the address", error(wrong));
        assertEquals("nobody", wrong.json().path("errors").get(0).path("field").asText());
    }

    @Test
    void aBindingThatEndedIsStillAnsweredAtItsTime() throws Exception {
        firstPacket();
        Instant during = Instant.now();
        FlowRule idle = host.southbound().table(INITECH.deviceId()).stream().filter(r -> !r.isPermanent())
                .findFirst().orElseThrow();
        Thread.sleep(20);
        host.runtime().ruleRemoved(INITECH.deviceId(), idle);
        Instant after = Instant.now().plusSeconds(1);

        Reply then = http.get("lookup/100.64.2.0?at=" + during);
        Reply later = http.get("lookup/100.64.2.0?at=" + after);
        Reply inForce = http.get("bindings");

        assertEquals(200, then.status(), then::toString);
        JsonNode who = then.json().path("bindings").get(0);
        assertEquals("initech", who.path("tenant").asText());
        assertEquals("10.1.1.33", who.path("original").asText());
        assertTrue(who.has("to"), who::toString);
        assertEquals(404, later.status());
        assertEquals("ip: no tenant held 100.64.2.0 at " + after, error(later));
        assertEquals(0, inForce.json().path("bindings").size());
    }

    @Test
    void staticBlocksAreAnsweredFromTheTrailToo() {
        Reply acme = http.get("lookup/" + staticAddress() + "?at=" + Instant.now());

        assertEquals(200, acme.status(), acme::toString);
        assertEquals("acme", acme.json().path("bindings").get(0).path("tenant").asText());
        assertEquals("10.1.1.10", acme.json().path("bindings").get(0).path("original").asText());
    }

    private String staticAddress() {
        return host.runtime().allocation().blocks("acme").get(0).translate(
                org.onlab.packet.Ip4Address.valueOf("10.1.1.10")).toString();
    }

    @Test
    void theTrailListsEveryBlockAndBindingOfAWindow() throws Exception {
        firstPacket();

        Reply all = http.get("bindings/history");
        Reply initech = http.get("bindings/history?tenant=initech&from=" + Instant.now().minusSeconds(60) + "&to="
                                         + Instant.now().plusSeconds(1));

        assertEquals(200, all.status(), all::toString);
        assertEquals(List.of("acme", "globex", "initech"), texts(all.json().path("records"), "tenant").stream()
                .sorted().distinct().collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("10.1.1.33"), texts(initech.json().path("records"), "original"));
    }

    @Test
    void aRemovedTenantsTrailIsStillListedAndAnUnknownNameIs404() throws Exception {
        firstPacket();
        Instant from = Instant.now().minusSeconds(60);
        Reply removed = http.delete("tenants/initech");
        Instant to = Instant.now().plusSeconds(1);

        Reply initech = http.get("bindings/history?tenant=initech&from=" + from + "&to=" + to);
        Reply nobody = http.get("bindings/history?tenant=nobody&from=" + from + "&to=" + to);

        assertEquals(204, removed.status(), removed::toString);
        assertEquals(200, initech.status(), initech::toString);
        JsonNode record = initech.json().path("records").get(0);
        assertEquals("10.1.1.33", record.path("original").asText(), initech::toString);
        assertTrue(record.has("to"), "the binding ended with its tenant: " + record);
        assertEquals("tenant: no tenant named nobody, and no record of one between " + from + " and " + to,
                     error(nobody));
    }

    @Test
    void malformedParametersAreRefusedNamingThem() {
        assertEquals("at: 'yesterday' is not a moment in ISO-8601 with a zone offset, e.g. 2026-11-24T14:02:00Z",
                     error(http.get("lookup/100.64.2.0?at=yesterday")));
        assertEquals("port: '70000' is not a port 0..65535", error(http.get("lookup/100.64.2.0?port=70000")));
        assertEquals(404, http.get("bindings?tenant=nobody").status());
        assertEquals(400, http.get("bindings?tenant=").status());
        Reply backwards = http.get("bindings/history?from=2026-11-24T14:00:00Z&to=2026-11-24T13:00:00Z");
        assertEquals("to: 2026-11-24T13:00:00Z is before from (2026-11-24T14:00:00Z)", error(backwards));
    }

    @Test
    void thePoolReportsTheDynamicTenantsPoolBlock() throws Exception {
        firstPacket();

        Reply pool = http.get("pool");

        JsonNode initech = pool.json().path("bindings").get(0);
        assertEquals("initech", initech.path("tenant").asText());
        assertEquals("dynamic", initech.path("mode").asText());
        assertEquals("100.64.2.0/30", initech.path("poolBlock").asText());
        assertEquals(4, initech.path("capacity").asInt());
        assertEquals(1, initech.path("inUse").asInt());
        assertEquals("OK", initech.path("state").asText());
        assertEquals(0, initech.path("refusals").path("maxHosts").asInt());
        assertEquals(4, pool.json().path("perTenant").path("initech").asInt());
    }
}
