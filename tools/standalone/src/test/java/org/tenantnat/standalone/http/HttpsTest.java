package org.tenantnat.standalone.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.standalone.TestPki;
import org.tenantnat.web.TestRuntime;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS for the REST API and GUI, from PEM files or a PKCS#12 keystore: a client trusting the CA gets its
 * answers, clear-text HTTP and clients that do not trust the CA get none.
 */
class HttpsTest {

    private static final String CREDENTIALS = "operator:s3cret-Passw0rd";

    @TempDir
    static Path dir;
    private static TestPki pki;

    private final TestRuntime nat = new TestRuntime();
    private StandaloneHttpServer server;

    @BeforeAll
    static void makeCertificates() {
        pki = TestPki.create(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        nat.close();
    }

    private void start(HttpsSettings https) throws IOException {
        server = StandaloneHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), nat.runtime())
                .credentials(CREDENTIALS).https(https).build();
        server.start();
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8))).build();
    }

    private void assertServesHttpsOnly() throws Exception {
        URI pool = server.apiUri().resolve("pool");
        assertEquals("https", pool.getScheme());

        HttpResponse<String> reply = HttpClient.newBuilder().sslContext(TestPki.trusting(pki.file("ca.pem"))).build()
                .send(get(pool), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("\"perTenant\""), reply.body());

        assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient()
                .send(get(pool), HttpResponse.BodyHandlers.ofString()), "a client that does not trust the CA");
        URI plain = URI.create(pool.toString().replace("https:", "http:"));
        try {
            HttpResponse<String> clear = HttpClient.newHttpClient().send(get(plain),
                                                                          HttpResponse.BodyHandlers.ofString());
            assertFalse(clear.statusCode() == 200, "clear-text HTTP reached the API: " + clear.body());
        } catch (IOException refused) {
            // The TLS port closes a clear-text connection.
        }
    }

    @Test
    void servesHttpsWithPemKeyAndCertificate() throws Exception {
        start(HttpsSettings.pem(pki.file("server.key"), pki.file("server.pem")));

        assertServesHttpsOnly();
    }

    @Test
    void servesHttpsWithAPkcs12Keystore() throws Exception {
        start(HttpsSettings.keystore(pki.file("server.p12"), TestPki.KEYSTORE_PASSWORD));

        assertServesHttpsOnly();
    }

    @Test
    void unusableFilesAreNamed() {
        assertEquals("key " + dir.resolve("absent.key") + " is not a readable file",
                     assertThrows(IllegalArgumentException.class, () -> HttpsSettings.pem(
                             dir.resolve("absent.key"), pki.file("server.pem"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpsSettings.keystore(
                pki.file("server.p12"), "wrong-password")).getMessage()
                           .startsWith("cannot use keystore " + pki.file("server.p12")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpsSettings.pem(
                pki.file("server.pem"), pki.file("server.key"))).getMessage()
                           .startsWith("cannot use key " + pki.file("server.pem")));
    }
}
