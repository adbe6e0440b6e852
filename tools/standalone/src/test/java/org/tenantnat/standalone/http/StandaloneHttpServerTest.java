package org.tenantnat.standalone.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.web.Documents;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;
import org.tenantnat.web.TestRuntime;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone HTTP server serves the REST API at ONOS's path only to the one user it was given, on the
 * address it was given, and the GUI's files and the API description beside it.
 */
class StandaloneHttpServerTest {

    private static final String CREDENTIALS = "operator:s3cret-Passw0rd";
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private TestRuntime nat;
    private StandaloneHttpServer server;
    private HttpCalls anonymous;
    private HttpCalls operator;

    @BeforeEach
    void start() throws IOException {
        nat = new TestRuntime();
        server = new StandaloneHttpServer(LOOPBACK_ANY_PORT, CREDENTIALS, nat.runtime(), "test-gui");
        server.start();
        anonymous = new HttpCalls(server.apiUri());
        operator = anonymous.withCredentials(CREDENTIALS);
    }

    @AfterEach
    void stop() {
        server.stop();
        nat.close();
    }

    private HttpCalls site() {
        return new HttpCalls(URI.create("http://127.0.0.1:" + server.port() + "/")).withCredentials(CREDENTIALS);
    }

    private static void assertChallenged(Reply reply) {
        assertEquals(401, reply.status(), reply::toString);
        assertTrue(reply.header("WWW-Authenticate").orElse("").startsWith("Basic realm=\"tenantnat\""),
                   reply::toString);
        assertTrue(reply.json().path("error").asText().length() > 0, reply::toString);
    }

    @Test
    void requestWithoutCredentialsIsChallenged() {
        assertChallenged(anonymous.get("config"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"operator:wrong", "admin:s3cret-Passw0rd", "operator:s3cret-Passw0rd ",
                            "operator:s3cret-Passw0r", "operator"})
    void wrongCredentialsAreChallenged(String credentials) {
        assertChallenged(anonymous.withCredentials(credentials).get("config"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic not-base64!", "Bearer b3BlcmF0b3I6czNjcmV0LVBhc3N3MHJk", "Basic"})
    void malformedAuthorizationIsChallenged(String header) {
        assertChallenged(anonymous.withAuthorization(header).get("config"));
    }

    @Test
    void rightCredentialsReachTheRestApiAtOnosPath() {
        Reply reply = operator.get("config");

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(server.apiUri().getPath().equals("/onos/tenantnat/"));
        assertEquals(LocalCodecContext.withTenantNatCodecs().encode(nat.runtime().desiredState(), DesiredState.class), reply.json());
    }

    @Test
    void authenticatedUserMayChangeTheDesiredState() {
        Reply reply = operator.post("tenants", Documents.newTenant());

        assertEquals(201, reply.status(), reply::toString);
        assertTrue(nat.runtime().desiredState().tenant("initech").isPresent());
    }

    @Test
    void unauthenticatedChangeIsRefusedAndChangesNothing() {
        String before = operator.get("config").body();

        assertChallenged(anonymous.post("tenants", Documents.newTenant()));
        assertChallenged(anonymous.withCredentials("operator:guess").delete("tenants/acme"));

        assertEquals(before, operator.get("config").body());
    }

    @Test
    void errorsKeepTheirJsonBody() {
        Reply reply = operator.delete("services/backup");

        assertEquals(409, reply.status(), reply::toString);
        assertTrue(reply.json().path("error").asText().contains("acme, globex"), reply::toString);
    }

    @Test
    void guiFilesAreServedFromTheClassPathDirectory() {
        Reply index = site().get("");
        Reply page = site().get("index.html");

        assertEquals(200, index.status(), index::toString);
        assertTrue(index.body().contains("tenantnat-test-gui"), index::toString);
        assertEquals(index.body(), page.body());
        assertEquals(404, site().get("missing.js").status());
    }

    @Test
    void guiFilesAlsoNeedCredentials() {
        Reply reply = new HttpCalls(URI.create("http://127.0.0.1:" + server.port() + "/")).get("index.html");

        assertEquals(401, reply.status(), reply::toString);
    }

    @Test
    void apiDescriptionIsServed() {
        Reply reply = site().get("apidoc/swagger.json");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("/onos/tenantnat", reply.json().path("basePath").asText());
        assertTrue(reply.json().path("paths").has("/intents/{tenant}/{service}"));
    }

    @Test
    void serverListensOnlyOnTheAddressGiven() throws IOException {
        int port = server.port();
        assertTrue(port > 0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertTrue(s.isConnected());
        }
        // 127.0.0.2 is loopback too, but not the address bound.
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", port).close());
    }

    @Test
    void stopReleasesThePort() throws IOException {
        int port = server.port();
        server.stop();

        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        StandaloneHttpServer again = new StandaloneHttpServer(new InetSocketAddress("127.0.0.1", port), CREDENTIALS,
                                                              nat.runtime());
        again.start();
        try {
            assertEquals(port, again.port());
            assertEquals(200, new HttpCalls(again.apiUri()).withCredentials(CREDENTIALS).get("pool").status());
        } finally {
            again.stop();
        }
    }

    @Test
    void busyPortFailsToStart() {
        StandaloneHttpServer second = new StandaloneHttpServer(new InetSocketAddress("127.0.0.1", server.port()),
                                                               CREDENTIALS, nat.runtime());

        assertThrows(IOException.class, second::start);
    }

    @Test
    void startingTwiceIsRefused() {
        assertThrows(IllegalStateException.class, server::start);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "operator", "operator:", ":s3cret", ":"})
    void credentialsMustBeUserColonPassword(String credentials) {
        assertThrows(IllegalArgumentException.class,
                     () -> new StandaloneHttpServer(LOOPBACK_ANY_PORT, credentials, nat.runtime()));
    }

    @Test
    void credentialsAreRequired() {
        assertThrows(IllegalArgumentException.class,
                     () -> new StandaloneHttpServer(LOOPBACK_ANY_PORT, null, nat.runtime()));
    }

    @Test
    void passwordMayContainColonsAndNonAsciiCharacters() throws IOException {
        server.stop();
        String credentials = "opérateur:pa:ss:wörd";
        server = new StandaloneHttpServer(LOOPBACK_ANY_PORT, credentials, nat.runtime(), "test-gui");
        server.start();
        HttpCalls calls = new HttpCalls(server.apiUri());
        String header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8));

        assertEquals(200, calls.withAuthorization(header).get("config").status());
        assertEquals(401, calls.withCredentials("opérateur:pa:ss").get("config").status());
    }
}
