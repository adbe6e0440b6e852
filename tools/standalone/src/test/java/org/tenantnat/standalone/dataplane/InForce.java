package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Tenant;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a lab's host has in force, read as a client and an operator read it (REST, the state directory, the switch's
 * flow table), checked against what a {@link ChangeWriter} was answered.
 */
final class InForce {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern VIP = Pattern.compile("10\\.250\\.\\d+\\.\\d+");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InForce() {
    }

    /**
     * Reads the tenants over REST.
     *
     * @param rest REST client
     * @return tenants by name
     */
    static Map<String, Tenant> tenants(Rest rest) throws IOException, InterruptedException {
        HttpResponse<String> list = rest.get("/tenants");
        assertEquals(200, list.statusCode(), list.body());
        Map<String, Tenant> tenants = new TreeMap<>();
        for (JsonNode t : MAPPER.readTree(list.body()).path("tenants")) {
            Tenant tenant = ChangeWriter.tenant(t.toString());
            tenants.put(tenant.name(), tenant);
        }
        return tenants;
    }

    /**
     * Reads one tenant over REST.
     *
     * @param rest REST client
     * @param name tenant name
     * @return the tenant, empty when the host has none of that name
     */
    static Optional<Tenant> tenant(Rest rest, String name) {
        try {
            HttpResponse<String> reply = rest.get("/tenants/" + name);
            if (reply.statusCode() == 404) {
                return Optional.empty();
            }
            assertEquals(200, reply.statusCode(), reply.body());
            return Optional.of(ChangeWriter.tenant(reply.body()));
        } catch (IOException e) {
            throw new AssertionError("GET /tenants/" + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Lets the writer add its first tenant, and counts that tenant's rules once installed: every tenant of the
     * writer has as many (one attachment, one access, the router's MAC given).
     *
     * @param lab    the lab
     * @param rest   REST client
     * @param writer a paused writer without tenants
     * @return rules per tenant of the writer
     */
    static int rulesPerWriterTenant(DataplaneLab lab, Rest rest, ChangeWriter writer) throws InterruptedException {
        writer.resume();
        assertTrue(Poll.until(TIMEOUT, () -> !writer.present().isEmpty()), "the writer added a tenant: " + writer);
        writer.pause();
        awaitIntentsInstalled(rest);
        Tenant first = writer.present().values().iterator().next();
        int rules = lab.lab().flows().byTenant().getOrDefault(first.id(), Set.of()).size();
        assertTrue(rules > 0, first.name() + " has rules");
        return rules;
    }

    /**
     * Checks, with the writer paused, that the host holds what the writer was answered: its tenants exactly (the
     * others untouched), each with its translated block, every intent INSTALLED, each of its tenants with its rules
     * on the switch for its VIP, and no rule or block of its removed tenants.
     *
     * @param lab       the lab
     * @param rest      REST client
     * @param writer    the paused writer
     * @param others    the tenants that are not the writer's, as they must be
     * @param perTenant rules of each of the writer's tenants
     * @param when      what happened before, for the messages
     */
    static void assertHolds(DataplaneLab lab, Rest rest, ChangeWriter writer, Map<String, Tenant> others,
                            int perTenant, String when) throws IOException, InterruptedException {
        Map<String, Tenant> expected = writer.present();
        Map<String, Tenant> held = new TreeMap<>();
        Map<String, Tenant> heldOthers = new TreeMap<>();
        tenants(rest).forEach((name, tenant) -> (writer.owns(name) ? held : heldOthers).put(name, tenant));
        assertEquals(expected, held, when + ": the writer's tenants in force");
        assertEquals(others, heldOthers, when + ": the other tenants, untouched");

        Allocation allocation = lab.allocation();
        for (String name : expected.keySet()) {
            assertTrue(!allocation.blocks(name).isEmpty(), when + ": " + name + " has its translated block");
        }
        for (String name : writer.absent()) {
            assertTrue(allocation.blocks(name).isEmpty(), when + ": removed " + name + " holds no block");
        }

        awaitIntentsInstalled(rest);
        Map<Integer, Set<String>> rules = lab.lab().flows().byTenant();
        for (Tenant t : expected.values()) {
            Set<String> own = rules.getOrDefault(t.id(), Set.of());
            assertEquals(perTenant, own.size(), when + ": rules of " + t.name() + ": " + own);
            String vip = t.access().stream().map(Access::vip).map(Object::toString).findFirst().orElseThrow();
            Set<String> vips = own.stream().flatMap(r -> VIP.matcher(r).results().map(x -> x.group()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(vip), vips, when + ": VIPs in the rules of " + t.name());
        }
        Set<Integer> ids = new TreeSet<>(rules.keySet());
        ids.remove(0);
        Set<Integer> wanted = new TreeSet<>();
        expected.values().forEach(t -> wanted.add(t.id()));
        others.values().forEach(t -> wanted.add(t.id()));
        assertEquals(wanted, ids, when + ": tenants with rules on the switch");
    }

    /**
     * Waits until every access intent is INSTALLED.
     *
     * @param rest REST client
     */
    static void awaitIntentsInstalled(Rest rest) {
        Set<String> states = Poll.until(TIMEOUT, () -> intentStates(rest), s -> s.equals(Set.of("INSTALLED")));
        assertEquals(Set.of("INSTALLED"), states, () -> "every intent installed: " + body(rest, "/intents"));
    }

    private static Set<String> intentStates(Rest rest) {
        try {
            HttpResponse<String> reply = rest.get("/intents");
            Set<String> states = new TreeSet<>();
            MAPPER.readTree(reply.body()).path("intents").forEach(i -> states.add(i.path("state").asText()));
            return states;
        } catch (IOException e) {
            return Set.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of(e.toString());
        }
    }

    /**
     * GETs a path, with the exception's text in place of a body when the host does not answer.
     *
     * @param rest REST client
     * @param path path
     * @return body
     */
    static String body(Rest rest, String path) {
        try {
            return rest.get(path).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /**
     * GETs a path for its status.
     *
     * @param rest REST client
     * @param path path
     * @return status, -1 while the host does not answer
     */
    static int status(Rest rest, String path) {
        try {
            return rest.get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
