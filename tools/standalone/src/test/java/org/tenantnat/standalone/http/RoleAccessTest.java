package org.tenantnat.standalone.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.standalone.auth.PasswdCommand;
import org.tenantnat.standalone.auth.UsersFile;
import org.tenantnat.web.Documents;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;
import org.tenantnat.web.TenantNatWebApplication;
import org.tenantnat.web.TestRuntime;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Viewers read and admins change, on every endpoint of the REST API: the changing endpoints are found by
 * reflection over the JAX-RS application's resources, so an endpoint added later without a case here fails this
 * test. A viewer's change is refused with 403 and the body ONOS's role check gives in this application, and
 * changes nothing; the admin's change goes through under the admin's name, which the history of changes shows to
 * a viewer.
 */
class RoleAccessTest {

    private static final String ADMIN = "alice:alice-admin-pw";
    private static final String VIEWER = "victor:victor-viewer-pw";
    /** ONOS's AuthorizationFilter refusal, through this application's JSON error mapper. */
    private static final String FORBIDDEN = "{\"error\":\"User has insufficient privilege for this request\"}";
    private static final List<Class<? extends Annotation>> CHANGING = List.of(POST.class, PUT.class, DELETE.class,
                                                                              PATCH.class);

    /** A request that changes the starting state, per changing endpoint (method and path template). */
    private static final Map<String, Request> CHANGES = Map.of(
            "PUT config", new Request("config", () -> Documents.CONFIG.replace("100.64.0.0/16", "100.65.0.0/16")),
            "POST tenants", new Request("tenants", Documents::newTenant),
            "PUT tenants/{name}", new Request("tenants/acme",
                                              () -> Documents.tenant("acme", 1, 1, "\"vlan\": 300,")),
            "DELETE tenants/{name}", new Request("tenants/globex", null),
            "POST services", new Request("services", () -> Documents.service("mail", "10.1.1.30", 5)),
            "DELETE services/{name}", new Request("services/portal", null),
            "POST intents", new Request("intents", () -> "{\"tenant\": \"acme\", \"service\": \"portal\", "
                    + "\"vip\": \"10.250.0.20\"}"),
            "DELETE intents/{tenant}/{service}", new Request("intents/acme/backup", null));

    /** A path to read, per reading endpoint. */
    private static final Map<String, String> READS = Map.ofEntries(
            Map.entry("GET config", "config"), Map.entry("GET tenants", "tenants"),
            Map.entry("GET tenants/{name}", "tenants/acme"), Map.entry("GET services", "services"),
            Map.entry("GET services/{name}", "services/backup"), Map.entry("GET intents", "intents"),
            Map.entry("GET intents/{tenant}/{service}", "intents/acme/backup"),
            Map.entry("GET translations", "translations"), Map.entry("GET lookup/{ip}", "lookup/100.64.0.10"),
            Map.entry("GET pool", "pool"), Map.entry("GET stats", "stats"), Map.entry("GET metrics", "metrics"),
            Map.entry("GET changes", "changes"), Map.entry("GET bindings", "bindings"),
            Map.entry("GET bindings/history", "bindings/history"), Map.entry("GET topology", "topology"),
            Map.entry("GET gui", "gui/"), Map.entry("GET gui/{file}", "gui/index.html"));

    @TempDir
    static java.nio.file.Path dir;
    private static UsersFile users;

    @BeforeAll
    static void writeUsers() {
        java.nio.file.Path file = dir.resolve("users");
        passwd(file, ADMIN, "admin");
        passwd(file, VIEWER, "viewer");
        users = UsersFile.open(file);
    }

    private static void passwd(java.nio.file.Path file, String credentials, String role) {
        String[] userPassword = credentials.split(":", 2);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PasswdCommand.run(new String[]{file.toString(), userPassword[0], role}, null,
                                     new ByteArrayInputStream((userPassword[1] + "\n").getBytes(StandardCharsets.UTF_8)),
                                     new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, exit, err::toString);
    }

    /** Every non-GET method of the application's resources, as "METHOD path/template". */
    static List<String> endpoints(List<Class<? extends Annotation>> methods) {
        List<String> found = new ArrayList<>();
        for (Class<?> resource : new TenantNatWebApplication().getClasses()) {
            Path root = resource.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : resource.getMethods()) {
                for (Class<? extends Annotation> verb : methods) {
                    if (m.isAnnotationPresent(verb)) {
                        Path sub = m.getAnnotation(Path.class);
                        found.add(verb.getAnnotation(HttpMethod.class).value() + " " + root.value()
                                          + (sub == null ? "" : "/" + sub.value()));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void reflectionFindsTheKnownEndpoints() {
        assertEquals(new TreeSet<>(CHANGES.keySet()), new TreeSet<>(endpoints(CHANGING)),
                     "changing endpoints: give each new one a request in CHANGES");
        assertEquals(new TreeSet<>(READS.keySet()), new TreeSet<>(endpoints(List.of(GET.class))),
                     "reading endpoints: give each new one a path in READS");
    }

    @TestFactory
    Stream<DynamicTest> aViewersChangeIsRefusedWith403AndChangesNothing() {
        return endpoints(CHANGING).stream().map(endpoint -> DynamicTest.dynamicTest(endpoint, () -> {
            try (Host host = new Host()) {
                String before = host.as(ADMIN).get("config").body();

                Reply reply = request(endpoint).send(host.as(VIEWER), method(endpoint));

                assertEquals(403, reply.status(), reply::toString);
                assertEquals(FORBIDDEN, reply.body());
                assertEquals(before, host.as(ADMIN).get("config").body(), "state unchanged");
                assertEquals(List.of(), host.origins, "the service was not asked");
                assertEquals(1, host.as(VIEWER).get("changes").json().path("changes").size(),
                             "nothing recorded after the starting state");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> anAdminsChangeGoesThroughUnderTheAdminsName() {
        return endpoints(CHANGING).stream().map(endpoint -> DynamicTest.dynamicTest(endpoint, () -> {
            try (Host host = new Host()) {
                String before = host.as(ADMIN).get("config").body();

                Reply reply = request(endpoint).send(host.as(ADMIN), method(endpoint));

                assertTrue(reply.status() >= 200 && reply.status() < 300, reply::toString);
                assertNotEquals(before, host.as(ADMIN).get("config").body(), "the change is in force");
                assertEquals(List.of(Origin.rest("alice")), host.origins, "who changed it");
                JsonNode last = host.as(VIEWER).get("changes?limit=1").json().path("changes").get(0);
                assertEquals("alice", last.path("user").asText(), "who the history of changes names");
                assertEquals("rest", last.path("source").asText());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aChangeWithoutCredentialsIsChallenged() {
        return endpoints(CHANGING).stream().map(endpoint -> DynamicTest.dynamicTest(endpoint, () -> {
            try (Host host = new Host()) {
                Reply reply = request(endpoint).send(host.anonymous(), method(endpoint));

                assertEquals(401, reply.status(), reply::toString);
                assertEquals(List.of(), host.origins);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> bothRolesReadEverything() {
        return endpoints(List.of(GET.class)).stream().map(endpoint -> DynamicTest.dynamicTest(endpoint, () -> {
            try (Host host = new Host()) {
                for (String user : List.of(VIEWER, ADMIN)) {
                    Reply reply = host.as(user).get(READS.get(endpoint));
                    assertEquals(200, reply.status(), () -> user + ": " + reply);
                }
            }
        }));
    }

    private static String method(String endpoint) {
        return endpoint.substring(0, endpoint.indexOf(' '));
    }

    private static Request request(String endpoint) {
        Request request = CHANGES.get(endpoint);
        if (request == null) {
            fail("no request for " + endpoint + ": add one to CHANGES");
        }
        return request;
    }

    /** A changing request: path and body (null for none). */
    private static final class Request {
        private final String path;
        private final java.util.function.Supplier<String> body;

        Request(String path, java.util.function.Supplier<String> body) {
            this.path = path;
            this.body = body;
        }

        Reply send(HttpCalls calls, String method) {
            return body == null ? calls.send(method, path, null, null)
                    : calls.send(method, path, HttpCalls.JSON, body.get());
        }
    }

    /** The standalone HTTP server with the users file, in front of a runtime that records who asked. */
    private static final class Host implements AutoCloseable {
        private final TestRuntime nat = new TestRuntime();
        private final List<Origin> origins = new CopyOnWriteArrayList<>();
        private final StandaloneHttpServer server;

        Host() throws IOException {
            TenantNatService recording = (TenantNatService) Proxy.newProxyInstance(
                    TenantNatService.class.getClassLoader(), new Class<?>[]{TenantNatService.class},
                    (proxy, m, args) -> {
                        if (args != null && args.length > 0 && args[0] instanceof Origin) {
                            origins.add((Origin) args[0]);
                        }
                        try {
                            return m.invoke(nat.runtime(), args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            server = StandaloneHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), recording)
                    .authenticator(users).provide(nat.history()).provide((BindingService) nat.runtime()).build();
            server.start();
        }

        HttpCalls anonymous() {
            return new HttpCalls(server.apiUri());
        }

        HttpCalls as(String credentials) {
            return anonymous().withCredentials(credentials);
        }

        @Override
        public void close() {
            server.stop();
            nat.close();
        }
    }
}
