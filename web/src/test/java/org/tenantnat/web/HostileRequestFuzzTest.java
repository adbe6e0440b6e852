package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.runtime.TenantNatRuntime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST API under hostile input at volume, over real HTTP in front of a real runtime: mutated documents of every
 * kind (wrong JSON types, huge, negative and fractional numbers, deep nesting, megabyte strings, unicode with lone
 * surrogates, NUL and right-to-left overrides, duplicate and unknown keys, truncated or mis-encoded JSON, odd
 * content types) and odd requests (methods, paths, query strings, bodies on reads). Every answer comes within the
 * per-request timeout and is below 500; every refusal is the API's JSON error, a 400 names each offending field,
 * and the desired state and translations read back byte for byte the same with nothing written to the store; a
 * change that is accepted reads back as it was sent.
 * <p>
 * CI runs {@code jqwik.tries.default} tries of each property (see {@code junit-platform.properties}); a longer run:
 * {@code mvn -B verify -pl web -am -Dtest=HostileRequestFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Djqwik.tries.default=100000}.
 */
class HostileRequestFuzzTest {

    /** No answer within this time is a hang. */
    private static final Duration PER_REQUEST = Duration.ofSeconds(30);
    // Jetty reads the request line and headers into one 8 KiB buffer by default; a longer line is its 414.
    private static final int REQUEST_LINE_JETTY_READS = 4096;

    /** The methods a servlet container implements itself. */
    private static final Set<String> SERVLET_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
                                                              "TRACE");

    private static RestHost host;
    private static RawHttp client;
    private static String baseline;
    private static DesiredState baselineState;

    @BeforeContainer
    static void start() throws Exception {
        host = new RestHost();
        client = new RawHttp(host.http().root(), PER_REQUEST);
        baseline = host.http().get("config").body();
        baselineState = host.runtime().desiredState();
    }

    @AfterContainer
    static void stop() throws Exception {
        host.close();
    }

    @Provide
    Arbitrary<HostileRequest> mutatedDocuments() {
        return HostileRequests.mutatedDocuments();
    }

    @Provide
    Arbitrary<HostileRequest> oddRequests() {
        return HostileRequests.oddRequests();
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void aMutatedDocumentIsRefusedNamingItsFieldsOrReadsBackAsSent(
            @ForAll("mutatedDocuments") HostileRequest request) {
        exchange(request);
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void anOddRequestIsAnsweredBelow500AndARefusalChangesNothing(@ForAll("oddRequests") HostileRequest request) {
        exchange(request);
    }

    private static void exchange(HostileRequest request) {
        TenantNatRuntime nat = host.runtime();
        DesiredState stateBefore = nat.desiredState();
        Allocation allocationBefore = nat.allocation();
        List<AccessIntent> intentsBefore = nat.intents();
        int savesBefore = host.store().saves();
        int changesBefore = host.history().size();

        RawHttp.Answer answer = send(request);
        int status = answer.status;
        Statistics.label("status").collect(status);

        assertTrue(status < 500 || isAnUnknownMethodOutsideTheApi(request, status),
                   () -> "server error for " + request + ": " + answer);
        boolean refused = status >= 400;
        if (refused) {
            assertIsTheApisRefusal(request, answer);
        }
        if (refused || !request.isChange()) {
            // Read in process: over HTTP, three reads a try would cost more than the try.
            assertEquals(stateBefore, nat.desiredState(), () -> "desired state changed by " + request);
            assertEquals(allocationBefore, nat.allocation(), () -> "translations changed by " + request);
            assertEquals(intentsBefore, nat.intents(), () -> "access intents changed by " + request);
            assertEquals(savesBefore, host.store().saves(), () -> "store written by " + request);
            assertEquals(changesBefore, host.history().size(), () -> "a change recorded for " + request);
            return;
        }
        try {
            request.target.ifPresent(target -> assertReadsBackAsSent(target, request, answer));
        } finally {
            // The next try starts from the starting state, whatever this one found.
            restore();
        }
    }

    private static RawHttp.Answer send(HostileRequest request) {
        try {
            return client.exchange(request);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + PER_REQUEST + " to " + request, e);
        } catch (IOException e) {
            throw new AssertionError("connection failed for " + request + ": " + e, e);
        }
    }

    // A refusal is JSON {"error": ...}; a 400 also lists each offending field.
    private static void assertIsTheApisRefusal(HostileRequest request, RawHttp.Answer answer) {
        if (request.method.equals("HEAD")) {
            return;
        }
        String type = answer.header("Content-Type");
        // The container's own error page is HTML, or JSON without "error" when the request accepts JSON.
        boolean api = type.startsWith(HttpCalls.JSON) && JsonDocument.parse(answer.body).has("error");
        if (!api && isTheContainers(request, answer.status)) {
            Statistics.label("answered by the container").collect(answer.status);
            return;
        }
        assertTrue(type.startsWith(HttpCalls.JSON), () -> "not JSON: " + type + " " + answer.body + " for "
                + request);
        JsonNode error = JsonDocument.parse(answer.body);
        assertFalse(error.path("error").asText().isBlank(), () -> "no error text in " + answer.body);
        if (answer.status == 400) {
            JsonNode fields = error.path("errors");
            assertTrue(fields.size() > 0, () -> "a 400 without fields: " + answer.body + " for " + request);
            fields.forEach(f -> {
                assertFalse(f.path("field").asText().isEmpty(), () -> "an error without a field: " + answer.body);
                assertFalse(f.path("message").asText().isBlank(), () -> "an error without a message: "
                        + answer.body);
            });
        }
    }

    // Jetty refuses a path it will not decode (400) and a request line too long to read (414) before any servlet
    // sees it, and answers a path that resolves outside the API (dot segments, plain or encoded) itself.
    private static boolean isTheContainers(HostileRequest request, int status) {
        String path = request.pathAndQuery.replaceFirst("\\?.*", "");
        URI resolved = URI.create(host.http().root() + path.replaceAll("(?i)%2e", ".")).normalize();
        boolean outside = !resolved.getPath().startsWith(host.http().root().getPath());
        return outside || status == 400 && path.contains("%")
                || status == 414 && request.pathAndQuery.length() > REQUEST_LINE_JETTY_READS;
    }

    // Outside the API the servlet container answers a method it does not know with 501, as HTTP says it should
    // (RFC 9110, 15.6.2): the server lacks the method, it has not failed.
    private static boolean isAnUnknownMethodOutsideTheApi(HostileRequest request, int status) {
        return status == 501 && !SERVLET_METHODS.contains(request.method) && isTheContainers(request, status);
    }

    private static void assertReadsBackAsSent(HostileRequest.Target target, HostileRequest request,
                                              RawHttp.Answer answer) {
        JsonNode sent = JsonDocument.parse(new ByteArrayInputStream(request.body));
        String where;
        switch (target) {
            case NEW_TENANT:
            case NEW_SERVICE:
                where = target.readBack + sent.path("name").asText();
                break;
            case NEW_INTENT:
                where = target.readBack + sent.path("tenant").asText() + "/" + sent.path("service").asText();
                break;
            default:
                where = target.readBack;
                break;
        }
        Reply stored = host.http().get(where);
        assertEquals(200, stored.status(), () -> "accepted " + request + " but " + where + " answers " + stored);
        assertEquals(JsonDocument.parse(answer.body), stored.json(), () -> "the answer to " + request
                + " differs from what " + where + " reads");
        assertHolds(sent, stored.json(), "", request);
    }

    // Every value sent (null meaning absent) is what is stored; services and tenants are matched by name.
    private static void assertHolds(JsonNode sent, JsonNode stored, String at, HostileRequest request) {
        if (sent.isObject()) {
            assertTrue(stored.isObject(), () -> at + " sent as an object, stored as " + stored + " for " + request);
            Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    assertHolds(field.getValue(), stored.path(field.getKey()), at + "." + field.getKey(), request);
                }
            }
        } else if (sent.isArray() && (at.equals(".tenants") || at.equals(".services"))) {
            Map<String, JsonNode> byName = new HashMap<>();
            stored.forEach(item -> byName.put(item.path("name").asText(), item));
            assertEquals(sent.size(), byName.size(), () -> at + " count differs for " + request);
            sent.forEach(item -> assertHolds(item, byName.getOrDefault(item.path("name").asText(),
                    JsonDocument.parse("{}")), at + "[" + item.path("name").asText() + "]", request));
        } else if (sent.isArray()) {
            assertEquals(sent.size(), stored.size(), () -> at + " length differs: " + stored + " for " + request);
            for (int i = 0; i < sent.size(); i++) {
                assertHolds(sent.get(i), stored.get(i), at + "[" + i + "]", request);
            }
        } else if (sent.isNumber() && stored.isNumber()) {
            assertEquals(0, sent.decimalValue().compareTo(stored.decimalValue()),
                         () -> at + " sent " + sent + ", stored " + stored + " for " + request);
        } else if (at.endsWith("ac")) {
            // A MAC address reads back in ONOS's canonical upper case.
            assertTrue(sent.asText().equalsIgnoreCase(stored.asText()), () -> at + " sent " + sent + ", stored "
                    + stored + " for " + request);
        } else {
            assertEquals(sent, stored, () -> at + " sent " + sent + ", stored " + stored + " for " + request);
        }
    }

    private static void restore() {
        host.runtime().replaceState(Origin.rest("fuzzer"), baselineState);
        assertEquals(baseline, host.http().get("config").body(), "the restored state differs from the start");
    }
}
