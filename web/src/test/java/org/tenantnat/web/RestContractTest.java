package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint answers as the contract says when the request is good, and reports what the runtime holds.
 */
class RestContractTest {

    private static final String ROOT = "/onos/tenantnat/";

    private final LocalCodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final ObjectMapper mapper = new ObjectMapper();
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

    private DesiredState decode(String document) {
        return codecs.decode(JsonDocument.parseObject(document), DesiredState.class);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.path(field).asText()));
        return values;
    }

    @Test
    void getConfigAnswersTheDesiredStateInForce() {
        Reply reply = http.get("config");

        assertEquals(200, reply.status());
        assertEquals(codecs.encode(host.runtime().desiredState(), DesiredState.class), reply.json());
        assertEquals(List.of("acme", "globex"), texts(reply.json().path("tenants"), "name"));
    }

    @Test
    void putConfigReplacesTheWholeDesiredState() {
        String next = Documents.CONFIG.replace(", " + Documents.tenant("globex", 2, 2, ""), "");

        Reply reply = http.put("config", next);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(codecs.encode(decode(next), DesiredState.class), reply.json());
        assertEquals(decode(next), host.runtime().desiredState());
        assertTrue(host.runtime().allocation().blocks("globex").isEmpty());
    }

    @Test
    void aWholeStateLargerThanTheLimitOfOneItemIsAccepted() {
        String large = Documents.manyTenants(5000);
        assertTrue(large.length() > RequestSizeLimit.MAX_BODY_BYTES, "the document must pass the one-item limit");

        Reply reply = http.put("config", large);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(5000, host.runtime().desiredState().tenants().size());
        assertEquals(413, http.post("tenants", large).status(), "one item is still held to its limit");
    }

    @Test
    void putConfigAcceptsJsonWithACharset() {
        Reply reply = http.send("PUT", "config", "application/json; charset=utf-8", Documents.CONFIG);

        assertEquals(200, reply.status(), reply::toString);
    }

    @Test
    void getTenantsListsThemInDocumentOrder() {
        Reply reply = http.get("tenants");

        assertEquals(200, reply.status());
        assertEquals(List.of("acme", "globex"), texts(reply.json().path("tenants"), "name"));
        assertEquals(100, reply.json().path("tenants").get(0).path("vlan").asInt());
    }

    @Test
    void postTenantAnswersCreatedWithItsLocationAndAllocatesIt() {
        Reply reply = http.post("tenants", Documents.newTenant());

        assertEquals(201, reply.status(), reply::toString);
        String location = reply.header("Location").orElseThrow();
        assertTrue(location.endsWith(ROOT + "tenants/initech"), location);
        assertEquals("initech", reply.json().path("name").asText());
        assertEquals(reply.json(), http.get("tenants/initech").json());
        assertFalse(host.runtime().allocation().blocks("initech").isEmpty());
    }

    @Test
    void getTenantAnswersThatTenant() {
        Reply reply = http.get("tenants/globex");

        assertEquals(200, reply.status());
        assertEquals(codecs.encode(host.runtime().desiredState().tenant("globex").orElseThrow(), Tenant.class),
                     reply.json());
    }

    @Test
    void putTenantReplacesItInPlace() {
        String changed = Documents.tenant("globex", 2, 2, "").replace("10.1.1.0/24", "10.1.0.0/23");

        Reply reply = http.put("tenants/globex", changed);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("10.1.0.0/23", http.get("tenants/globex").json().path("prefixes").get(0).asText());
        assertEquals(List.of("acme", "globex"), texts(http.get("tenants").json().path("tenants"), "name"));
    }

    @Test
    void putTenantWithoutANameTakesTheNameFromThePath() {
        String unnamed = Documents.tenant("globex", 2, 2, "").replace("\"name\": \"globex\", ", "")
                .replace("10.250.0.10", "10.250.0.11");

        Reply reply = http.put("tenants/globex", unnamed);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("10.250.0.11", host.runtime().desiredState().tenant("globex").orElseThrow()
                .access().get(0).vip().toString());
    }

    @Test
    void deleteTenantRemovesItAndItsBlocks() {
        Reply reply = http.delete("tenants/acme");

        assertEquals(204, reply.status(), reply::toString);
        assertEquals(404, http.get("tenants/acme").status());
        assertTrue(host.runtime().allocation().blocks("acme").isEmpty());
        assertEquals(List.of("globex"), texts(http.get("tenants").json().path("tenants"), "name"));
    }

    @Test
    void servicesCanBeListedCreatedReadAndDeleted() {
        assertEquals(List.of("backup", "portal"), texts(http.get("services").json().path("services"), "name"));

        Reply created = http.post("services", Documents.service("archive", "10.1.1.30", 6));
        assertEquals(201, created.status(), created::toString);
        assertTrue(created.header("Location").orElseThrow().endsWith(ROOT + "services/archive"));
        assertEquals("10.1.1.30", http.get("services/archive").json().path("ip").asText());

        assertEquals(204, http.delete("services/archive").status());
        assertEquals(404, http.get("services/archive").status());
        assertTrue(host.runtime().desiredState().service("archive").isEmpty());
    }

    @Test
    void servicesMayShareAPortAndSitBehindARouter() {
        String beside = Documents.service("archive", "10.1.1.30", 3);
        String routed = "{\"name\": \"reports\", \"ip\": \"10.20.0.5\", \"connectPoint\": \"of:0000000000000001/3\","
                + " \"gatewayIp\": \"10.1.1.1\", \"routerIp\": \"10.1.1.254\", \"routerMac\": \"02:00:00:00:0a:fe\"}";

        assertEquals(201, http.post("services", beside).status());
        Reply reply = http.post("services", routed);

        assertEquals(201, reply.status(), reply::toString);
        assertEquals("10.1.1.254", reply.json().path("routerIp").asText());
        assertEquals("02:00:00:00:0A:FE", http.get("services/reports").json().path("routerMac").asText());
        assertEquals(3, host.runtime().desiredState().services().stream()
                .filter(s -> s.connectPoint().port().toLong() == 3).count());
    }

    @Test
    void getTopologyListsTheSwitchesAndTheLinksWithTheirState() {
        String declared = Documents.CONFIG.replace("\"tenants\": [", "\"links\": [{\"src\": "
                + "\"of:0000000000000001/9\", \"dst\": \"of:0000000000000002/9\"}], \"tenants\": [");
        assertEquals(200, http.put("config", declared).status());

        Reply reply = http.get("topology");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(List.of("of:0000000000000001", "of:0000000000000002"),
                     texts(reply.json().path("switches"), "id"));
        assertTrue(reply.json().path("switches").get(0).path("connected").asBoolean());
        assertEquals(2, reply.json().path("switches").get(0).path("tenants").asInt());
        JsonNode link = reply.json().path("links").get(0);
        assertEquals("of:0000000000000001/9", link.path("src").asText());
        assertEquals("DOWN", link.path("state").asText());
        assertTrue(link.path("declared").asBoolean());
        assertFalse(link.path("discovered").asBoolean());
        assertEquals("switch of:0000000000000002 is not connected", link.path("reason").asText());
    }

    @Test
    void unusedServiceCanBeDeleted() {
        Reply reply = http.delete("services/portal");

        assertEquals(204, reply.status(), reply::toString);
        assertEquals(List.of("backup"), texts(http.get("services").json().path("services"), "name"));
    }

    @Test
    void getIntentsListsEveryAccessWithItsState() {
        Reply reply = http.get("intents");

        assertEquals(200, reply.status());
        JsonNode intents = reply.json().path("intents");
        assertEquals(List.of("acme", "globex"), texts(intents, "tenant"));
        assertEquals(List.of("backup", "backup"), texts(intents, "service"));
        assertEquals(List.of("10.250.0.10", "10.250.0.10"), texts(intents, "vip"));
        assertEquals(List.of("INSTALLED", "INSTALLED"), texts(intents, "state"));
    }

    @Test
    void postIntentAddsTheAccessToTheTenant() {
        Reply reply = http.post("intents", "{\"tenant\": \"acme\", \"service\": \"portal\", \"vip\": \"10.250.0.20\"}");

        assertEquals(201, reply.status(), reply::toString);
        assertTrue(reply.header("Location").orElseThrow().endsWith(ROOT + "intents/acme/portal"));
        assertEquals("INSTALLED", reply.json().path("state").asText());
        assertEquals("10.250.0.20", host.runtime().desiredState().tenant("acme").orElseThrow()
                .access("portal").orElseThrow().vip().toString());
        Reply one = http.get("intents/acme/portal");
        assertEquals(200, one.status());
        assertEquals("10.250.0.20", one.json().path("vip").asText());
    }

    @Test
    void deleteIntentRemovesTheAccessOnly() {
        Reply reply = http.delete("intents/globex/backup");

        assertEquals(204, reply.status(), reply::toString);
        assertTrue(host.runtime().desiredState().tenant("globex").orElseThrow().access().isEmpty());
        assertTrue(host.runtime().desiredState().tenant("acme").orElseThrow().access("backup").isPresent());
        assertEquals(List.of("acme"), texts(http.get("intents").json().path("intents"), "tenant"));
    }

    @Test
    void getTranslationsListsEveryBlockOrOneTenants() {
        JsonNode all = http.get("translations").json().path("translations");
        List<TranslatedBlock> blocks = host.runtime().allocation().allBlocks();
        assertEquals(blocks.size(), all.size());
        for (int i = 0; i < blocks.size(); i++) {
            assertEquals(blocks.get(i).tenant(), all.get(i).path("tenant").asText());
            assertEquals(blocks.get(i).original().toString(), all.get(i).path("original").asText());
            assertEquals(blocks.get(i).translated().toString(), all.get(i).path("translated").asText());
        }

        JsonNode acme = http.get("translations?tenant=acme").json().path("translations");
        assertEquals(List.of("acme"), texts(acme, "tenant"));
        assertEquals("10.1.1.0/24", acme.get(0).path("original").asText());
    }

    @Test
    void lookupAnswersTheTenantAndOriginalHostOfATranslatedAddress() {
        TranslatedBlock globex = host.runtime().allocation().blocks("globex").get(0);
        Ip4Address translated = globex.translate(Ip4Address.valueOf("10.1.1.77"));

        Reply reply = http.get("lookup/" + translated);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("globex", reply.json().path("tenant").asText());
        assertEquals("10.1.1.77", reply.json().path("original").asText());
        assertEquals(translated.toString(), reply.json().path("translated").asText());
    }

    @Test
    void poolAnswersSizeAllocatedFreeAndPerTenant() {
        Reply reply = http.get("pool");

        assertEquals(200, reply.status());
        JsonNode pool = reply.json();
        PoolUsage usage = host.runtime().poolUsage();
        assertEquals(List.of("100.64.0.0/16"), List.of(pool.path("prefixes").get(0).asText()));
        assertEquals(65536, pool.path("size").asLong());
        assertEquals(512, pool.path("allocated").asLong());
        assertEquals(65536 - 512, pool.path("free").asLong());
        assertEquals(usage.perTenant(), mapper.convertValue(pool.path("perTenant"),
                mapper.getTypeFactory().constructMapType(Map.class, String.class, Long.class)));
        assertEquals(256, pool.path("perTenant").path("acme").asLong());
    }

    @Test
    void statsAnswerEachTenantsCountersInBothDirections() {
        host.southbound().countPerRule(5, 500);

        Reply reply = http.get("stats");

        assertEquals(200, reply.status());
        JsonNode stats = reply.json().path("stats");
        assertEquals(List.of("acme", "globex"), texts(stats, "tenant"));
        Map<String, TenantStats> expected = host.runtime().stats();
        for (JsonNode s : stats) {
            TenantStats t = expected.get(s.path("tenant").asText());
            assertTrue(t.packetsFromTenant() > 0 && t.packetsToTenant() > 0, t::toString);
            assertEquals(t.packetsFromTenant(), s.path("fromTenant").path("packets").asLong());
            assertEquals(t.bytesFromTenant(), s.path("fromTenant").path("bytes").asLong());
            assertEquals(t.packetsToTenant(), s.path("toTenant").path("packets").asLong());
            assertEquals(t.bytesToTenant(), s.path("toTenant").path("bytes").asLong());
        }
    }

    @Test
    void bodyWithoutContentTypeIsReadAsJson() {
        Reply reply = http.send("POST", "tenants", null, Documents.newTenant());

        assertEquals(201, reply.status(), reply::toString);
    }
}
