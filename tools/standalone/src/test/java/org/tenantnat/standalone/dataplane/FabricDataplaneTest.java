package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.standalone.openflow.LinkDiscovery;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fabric example on real Open vSwitch ({@code tools/examples/fabric.json}, {@code fabric-lab.json}): acme on
 * edge e1, globex and initech on edge e2 (every host 10.1.1.10), the core, and the service switch with backup and
 * archive on one provider port and reports behind a provider router; links e1-core, e2-core, core-svc and the
 * redundant e1-e2, discovered by the host's LLDP. The tests run in order on one lab: reach, isolation, a link
 * going down and up, switches restarting, bad input, a tenant's removal, and last acme and globex turned dynamic
 * and pat: bound on their edges, their pool blocks routed back through the core.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricDataplaneTest {

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.fabric();

    private static final List<String> BRIDGES = List.of("e1", "e2", "core", "svc");
    private static final String BACKUP_VIP = "10.250.0.10";
    private static final String ARCHIVE_VIP = "10.250.0.11";
    private static final String REPORTS_VIP = "10.250.0.12";
    private static final String E1_TO_CORE = "of:0000000000000001/10";
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern PING_REPLY = Pattern.compile("^\\[[0-9.]+] \\d+ bytes from .* icmp_seq=(\\d+)",
                                                              Pattern.MULTILINE);
    private static final int PINGS = 500;
    private static final int PING_INTERVAL_MS = 10;
    private static final Pattern SEEN = Pattern.compile("SEEN proto=(\\w+) src=([0-9.]+) .*service=(\\w+)");
    private static final Pattern COOKIE = Pattern.compile("cookie=0x([0-9a-f]+)");

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    @Order(1)
    void tenantsOnTwoEdgesWithTheSameAddressesReachTwoServicesOnOneProviderPortThroughTheCore() {
        Lab lab = LAB.lab();
        for (String tenant : List.of("acme", "globex")) {
            LabHost host = lab.host(tenant);
            String translated = LAB.translatedSource(host);
            assertEquals("10.1.1.10", host.address().toString());
            for (String vip : List.of(BACKUP_VIP, ARCHIVE_VIP)) {
                Optional<String> seen = Poll.until(DataplaneLab.REACH_TIMEOUT, () -> lab.tcp(tenant, vip),
                                                   Optional::isPresent);
                assertEquals(Optional.of(translated), seen, tenant + " -> " + vip);
                assertEquals(Optional.of(translated), lab.udp(tenant, vip), tenant + " UDP -> " + vip);
                assertTrue(lab.ping(tenant, vip, 2, 1).allReplied(), tenant + " ICMP -> " + vip);
            }
            assertEquals(Set.of("backup", "archive"), servicesThatSaw(lab, translated),
                         "both services on the provider port saw " + tenant);
        }
        assertEquals(Optional.of(LAB.translatedSource(lab.host("acme"))),
                     Poll.until(DataplaneLab.REACH_TIMEOUT, () -> lab.tcp("acme", REPORTS_VIP), Optional::isPresent),
                     "reports, behind the provider router");
        assertEquals(Optional.of(LAB.translatedSource(lab.host("initech-h1"))), lab.tcp("initech-h1", BACKUP_VIP));

        FlowTable core = lab.flows("core");
        for (String rule : core.rules()) {
            assertFalse(rule.contains("metadata") || rule.contains("set_field") || rule.contains("load:")
                                || rule.contains("mod_nw"), "the core holds no tenant context: " + rule);
        }
        assertEquals(3, core.rules(r -> r.contains("table=6") && r.contains("nw_dst=100.")).size(),
                     "the core routes one translated block per tenant: " + core);
        assertEquals(List.of(REPORTS_VIP, REPORTS_VIP), lab.tracerouteHops("acme", REPORTS_VIP, 6),
                     "the provider router's time exceeded and the service's port unreachable cross the core to e1");
    }

    @Test
    @Order(2)
    void noTenantReachesAnotherTenantsTranslatedAddressOrAnUnpublishedServiceAnywhereInTheFabric() {
        Lab lab = LAB.lab();
        String globexTranslated = LAB.translatedSource(lab.host("globex"));
        Map<String, Long> before = lab.probesReceived();

        assertEquals(0, lab.ping("acme", globexTranslated, 2, 1).received(), "acme -> globex's translated address");
        assertEquals(0, lab.ping("initech-h1", ARCHIVE_VIP, 2, 1).received(), "initech was not granted archive");
        assertEquals(Optional.empty(), lab.udp("initech-h1", ARCHIVE_VIP, 1));
        assertEquals(0, lab.ping("globex", REPORTS_VIP, 2, 1).received(), "globex was not granted reports");
        assertEquals(0, lab.ping("globex", "10.9.0.10", 2, 1).received(), "a service's real address is no VIP");
        assertEquals(0, lab.ping("acme", "10.9.0.1", 2, 1).received(), "nor is the provider gateway");

        Map<String, Long> after = lab.probesReceived();
        for (String target : List.of("globex", "archive", "reports", "backup", "provider")) {
            assertEquals(before.get(target), after.get(target), target + " received probes it must not get");
        }
    }

    @Test
    @Order(3)
    void aLinkGoingDownMovesTrafficToTheOtherPathAndBackWhenItReturns() throws Exception {
        Lab lab = LAB.lab();
        String acmeBlock = LAB.block(lab.host("acme")).translated().toString();
        assertTrue(lab.flows("e2").rules(r -> r.contains("nw_dst=" + acmeBlock)).isEmpty(),
                   "acme's replies do not cross e2 while e1's link to the core is up");

        CompletableFuture<CommandResult> ping = CompletableFuture.supplyAsync(
                () -> lab.exec("acme", "ping", "-n", "-D", "-i", "0.01", "-c", String.valueOf(PINGS), "-W", "1",
                               ARCHIVE_VIP));
        Thread.sleep(1500);
        lab.link(E1_TO_CORE, false);
        Set<Integer> answered = answered(ping.get().output());
        int lost = lostInARow(answered);
        System.out.printf("fabric failover: %d of %d pings %d ms apart answered, at most %d lost in a row (%d ms)%n",
                          answered.size(), PINGS, PING_INTERVAL_MS, lost, lost * PING_INTERVAL_MS);
        assertTrue(answered.contains(PINGS), "traffic resumed on the other path: " + answered.size() + " replies");
        assertTrue(lost * PING_INTERVAL_MS < LinkDiscovery.LINK_TIMEOUT.toMillis(), "the port going down moved the "
                + "path after " + lost + " lost pings, before LLDP would have noticed");
        assertEquals(Optional.of(LAB.translatedSource(lab.host("acme"))), lab.tcp("acme", ARCHIVE_VIP));
        assertFalse(lab.flows("e2").rules(r -> r.contains("nw_dst=" + acmeBlock)).isEmpty(),
                    "acme's replies now cross e2");
        assertEquals(List.of(REPORTS_VIP, REPORTS_VIP), lab.tracerouteHops("acme", REPORTS_VIP, 6),
                     "errors to acme are punted at e2, which has tenants, and sent out of acme's port on e1");
        JsonNode links = topology().path("links");
        assertEquals(3, links.size(), "the link is gone from the topology: " + links);

        lab.link(E1_TO_CORE, true);
        assertTrue(Poll.until(CHANGE_TIMEOUT, () -> lab.flows("e2").rules(r -> r.contains("nw_dst=" + acmeBlock))
                .isEmpty()), "acme's path came back to the core and left e2");
        assertEquals(4, topology().path("links").size());
        assertTrue(lab.ping("acme", ARCHIVE_VIP, 3, 1).allReplied());
    }

    @Test
    @Order(4)
    void aSwitchThatRestartsIsReconciledAndItsPathsCarryTrafficAgain() {
        Lab lab = LAB.lab();
        Map<String, FlowTable> before = tables(lab);

        lab.bounceSwitch("core");
        assertTrue(lab.waitConnected(Duration.ofSeconds(30)));
        assertEquals(before.get("core"), Poll.until(CHANGE_TIMEOUT, () -> lab.flows("core"),
                                                    t -> t.equals(before.get("core"))), "core reconciled");
        assertTrue(Poll.until(CHANGE_TIMEOUT, () -> lab.ping("globex", BACKUP_VIP, 1, 1).allReplied()));

        lab.restartSwitch();
        assertTrue(lab.waitConnected(Duration.ofSeconds(30)));
        assertEquals(before, Poll.until(CHANGE_TIMEOUT, () -> tables(lab), t -> t.equals(before)),
                     "every switch reconciled after ovs-vswitchd restarted");
        for (String tenant : List.of("acme", "globex")) {
            assertTrue(Poll.until(CHANGE_TIMEOUT, () -> lab.ping(tenant, ARCHIVE_VIP, 1, 1).allReplied()), tenant);
        }
    }

    @Test
    @Order(5)
    void badInputGetsAClearErrorOrAFailedReasonAndNeverHalfAPath() throws Exception {
        Lab lab = LAB.lab();
        Rest rest = new Rest(LAB);
        Map<String, FlowTable> before = tables(lab);
        String config = rest.get("/config").body();

        ObjectNode twice = (ObjectNode) mapper.readTree(config);
        ArrayNode links = twice.putArray("links");
        links.addObject().put("src", "of:0000000000000001/10").put("dst", "of:0000000000000003/1");
        links.addObject().put("src", "of:0000000000000003/1").put("dst", "of:0000000000000001/10");
        HttpResponse<String> refused = rest.put("/config", twice.toString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("links[1]"), refused.body());
        assertEquals(mapper.readTree(config), mapper.readTree(rest.get("/config").body()), "nothing changed");

        ObjectNode unknown = (ObjectNode) mapper.readTree(config);
        unknown.putArray("links").addObject().put("src", "of:0000000000000003/9")
                .put("dst", "of:0000000000000009/1");
        assertEquals(200, rest.put("/config", unknown.toString()).statusCode());
        JsonNode declared = Poll.until(CHANGE_TIMEOUT, this::topology, t -> t.path("links").size() == 5)
                .path("links");
        JsonNode toUnknown = declared.get(declared.size() - 1);
        assertEquals("DOWN", toUnknown.path("state").asText(), declared.toString());
        assertEquals("switch of:0000000000000009 is not connected", toUnknown.path("reason").asText());

        assertEquals(201, rest.post("/services", "{\"name\": \"ghost\", \"ip\": \"10.9.9.9\", \"connectPoint\": "
                + "\"of:0000000000000009/2\", \"gatewayIp\": \"10.9.9.1\"}").statusCode());
        assertEquals(201, rest.post("/intents", "{\"tenant\": \"acme\", \"service\": \"ghost\", "
                + "\"vip\": \"10.250.0.99\"}").statusCode());
        JsonNode ghost = mapper.readTree(rest.get("/intents/acme/ghost").body());
        assertEquals("FAILED", ghost.path("state").asText(), ghost.toString());
        assertEquals("service ghost on of:0000000000000009 is unreachable from tenant acme on "
                             + "of:0000000000000001: no path over the 4 links up", ghost.path("reason").asText());
        assertEquals(before, tables(lab), "no switch got any rule of the unreachable service");

        assertEquals(204, rest.delete("/intents/acme/ghost").statusCode());
        assertEquals(204, rest.delete("/services/ghost").statusCode());
        assertEquals(200, rest.put("/config", config).statusCode());
        assertEquals(before, Poll.until(CHANGE_TIMEOUT, () -> tables(lab), t -> t.equals(before)));
    }

    @Test
    @Order(6)
    void removingATenantRemovesExactlyItsRulesOnEverySwitch() throws Exception {
        Lab lab = LAB.lab();
        Tenant initech = LAB.storedState().desiredState().tenant("initech").orElseThrow();
        Map<String, FlowTable> before = tables(lab);
        Map<String, Set<String>> initechRules = new HashMap<>();
        before.forEach((bridge, table) -> initechRules.put(bridge, table.rules(r -> tenantOf(r) == initech.id())));
        assertFalse(initechRules.get("e2").isEmpty() || initechRules.get("core").isEmpty()
                            || initechRules.get("svc").isEmpty(), "initech has rules on its edge and its path back "
                + initechRules);

        assertEquals(204, new Rest(LAB).delete("/tenants/initech").statusCode());

        Map<String, FlowTable> after = Poll.until(CHANGE_TIMEOUT, () -> tables(lab), t -> t.values().stream()
                .allMatch(table -> table.rules(r -> tenantOf(r) == initech.id()).isEmpty()));
        for (String bridge : BRIDGES) {
            assertEquals(initechRules.get(bridge), before.get(bridge).minus(after.get(bridge)),
                         bridge + ": the rules that went are exactly initech's");
            assertEquals(Set.of(), after.get(bridge).minus(before.get(bridge)), bridge + ": nothing new");
        }
        assertTrue(lab.ping("globex", BACKUP_VIP, 2, 1).allReplied(), "globex, on initech's edge, still forwards");
    }

    @Test
    @Order(7)
    void dynamicAndPatHostsOnTheEdgesAreBoundThereAndTheCoreRoutesTheirPoolBlocks() throws Exception {
        Lab lab = LAB.lab();
        Rest rest = new Rest(LAB);
        Map<String, String> modes = Map.of(
                "acme", "{\"mode\": \"dynamic\", \"blockSize\": 28, \"idleTimeout\": 60, \"holdDown\": 5}",
                "globex", "{\"mode\": \"pat\", \"blockSize\": 32, \"portBlockSize\": 64, \"maxPortBlocks\": 2, "
                        + "\"idleTimeout\": 60, \"holdDown\": 5}");
        for (Map.Entry<String, String> mode : modes.entrySet()) {
            ObjectNode tenant = (ObjectNode) mapper.readTree(rest.get("/tenants/" + mode.getKey()).body());
            tenant.set("translation", mapper.readTree(mode.getValue()));
            HttpResponse<String> put = rest.put("/tenants/" + mode.getKey(), tenant.toString());
            assertEquals(200, put.statusCode(), put.body());
        }
        Map<String, String> poolBlocks = new HashMap<>();
        for (JsonNode usage : mapper.readTree(rest.get("/pool").body()).path("bindings")) {
            poolBlocks.put(usage.path("tenant").asText(), usage.path("poolBlock").asText());
        }
        assertEquals(Set.of("acme", "globex"), poolBlocks.keySet(), poolBlocks.toString());

        Optional<String> acme = Poll.until(CHANGE_TIMEOUT, () -> lab.udp("acme", ARCHIVE_VIP), Optional::isPresent);
        Optional<String> globex = Poll.until(CHANGE_TIMEOUT, () -> lab.tcp("globex", BACKUP_VIP),
                                             Optional::isPresent);

        JsonNode acmeBinding = mapper.readTree(rest.get("/bindings?tenant=acme").body()).path("bindings").get(0);
        JsonNode globexBinding = mapper.readTree(rest.get("/bindings?tenant=globex").body()).path("bindings").get(0);
        assertEquals(Optional.of(acmeBinding.path("translated").asText()), acme,
                     "archive, behind the core, saw acme's host bound on e1: " + acmeBinding);
        assertTrue(Ip4Prefix.valueOf(poolBlocks.get("acme")).contains(Ip4Address.valueOf(acme.orElseThrow())));
        assertEquals(Optional.of(globexBinding.path("translated").asText()), globex,
                     "backup saw globex's host's port block on e2: " + globexBinding);
        assertEquals("1024-1087", globexBinding.path("ports").asText(), globexBinding.toString());
        assertTrue(lab.ping("globex", BACKUP_VIP, 2, 1).allReplied(), "ICMP through globex's conntrack zone");

        FlowTable core = lab.flows("core");
        for (String rule : core.rules()) {
            assertFalse(rule.contains("metadata") || rule.contains("set_field") || rule.contains("ct(")
                                || rule.contains("load:"), "the core holds no tenant context: " + rule);
        }
        for (String block : poolBlocks.values()) {
            String match = "nw_dst=" + (block.endsWith("/32") ? block.substring(0, block.length() - 3) : block);
            assertEquals(1, core.rules(r -> r.contains("table=6")
                                                 && (r.contains(match + " ") || r.contains(match + ","))).size(),
                         "the core routes the pool block " + block + " back to its edge: " + core);
        }
        assertTrue(lab.flows("e2").rules(r -> r.contains("ct(commit") && r.contains("nat(src=")).size() == 1,
                   "globex's host is translated by conntrack on its own edge");
    }

    private Map<String, FlowTable> tables(Lab lab) {
        Map<String, FlowTable> tables = new HashMap<>();
        BRIDGES.forEach(b -> tables.put(b, lab.flows(b)));
        return tables;
    }

    private JsonNode topology() {
        try {
            return mapper.readTree(new Rest(LAB).get("/topology").body());
        } catch (Exception e) {
            throw new IllegalStateException("GET /topology failed", e);
        }
    }

    // The tenant id a rule's cookie carries (0xAAAATTTTHHHHHHHH), -1 for flows of others (LLDP).
    private static int tenantOf(String rule) {
        Matcher m = COOKIE.matcher(rule);
        if (!m.find()) {
            return -1;
        }
        long cookie = Long.parseUnsignedLong(m.group(1), 16);
        return (cookie >>> 48) == 0x7e1a ? (int) ((cookie >>> 32) & 0xffff) : -1;
    }

    private static Set<String> servicesThatSaw(Lab lab, String source) {
        return lab.seen().stream().map(SEEN::matcher).filter(Matcher::find)
                .filter(m -> m.group(2).equals(source)).map(m -> m.group(3)).collect(Collectors.toSet());
    }

    // The sequence numbers of the pings answered.
    private static Set<Integer> answered(String pingOutput) {
        Set<Integer> answered = new HashSet<>();
        Matcher m = PING_REPLY.matcher(pingOutput);
        while (m.find()) {
            answered.add(Integer.parseInt(m.group(1)));
        }
        return answered;
    }

    // The longest run of unanswered pings: the outage, counted in ping intervals (late replies are not lost).
    private static int lostInARow(Set<Integer> answered) {
        int longest = 0;
        int run = 0;
        for (int seq = 1; seq <= PINGS; seq++) {
            run = answered.contains(seq) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

}
