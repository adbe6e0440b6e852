package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.web.Exposition;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole demo over TLS on both channels: Open vSwitch connects to {@code ssl:} with certificates made by
 * ovs-pki and the host requires them; REST and GUI answer over HTTPS only. Every tenant host reaches its VIP (the
 * checks every rewrite style runs), and a switch whose certificate comes from another CA is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsDemoTest extends ReachabilityChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SWITCH_OVER_TLS =
            Pattern.compile("switch of:0000000000000001 connected from .*TLSv1\\.[23] certificate 'CN=switch id:");

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withTls();

    @Override
    DataplaneLab lab() {
        return LAB;
    }

    @Test
    void theSwitchConnectedOverTlsWithItsOvsPkiCertificate() {
        LAB.awaitVip(LAB.lab().host("acme"));

        assertTrue(SWITCH_OVER_TLS.matcher(LAB.host().logSinceStart()).find(), LAB.host().tail(20));
        String target = LAB.lab().require("vsctl", "get", "controller", "s1", "target").output().strip();
        assertTrue(target.startsWith("\"ssl:127.0.0.1:"), "the switch's controller target: " + target);
    }

    @Test
    void restAnswersOverHttpsAndEveryIntentIsInstalled() throws Exception {
        Rest rest = new Rest(LAB);
        String states = Poll.until(TIMEOUT, () -> intentStates(rest), s -> s.matches("(INSTALLED )+"));
        assertEquals("INSTALLED INSTALLED INSTALLED INSTALLED ", states);
        assertTrue(rest.get("/config").body().contains("\"tenants\""));
    }

    @Test
    void noAnswerWithoutTlsOrToAClientThatDoesNotTrustTheHostsCa() {
        String https = "https://127.0.0.1:" + LAB.httpPort() + "/onos/tenantnat/config";
        HttpRequest plain = HttpRequest.newBuilder(URI.create(https.replace("https:", "http:")))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString());
            assertFalse(reply.statusCode() == 200 || reply.body().contains("tenants"),
                        "plain HTTP must not reach the API: " + reply.statusCode() + " " + reply.body());
        } catch (IOException expected) {
            // The TLS port drops a clear-text request.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HttpRequest untrusting = HttpRequest.newBuilder(URI.create(https)).timeout(Duration.ofSeconds(5)).build();
        assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient()
                .send(untrusting, HttpResponse.BodyHandlers.ofString()));
    }

    /** Last: it reconnects the switch with other certificates, then gives it its own back. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aSwitchWithACertificateFromAnotherCaIsRefused() throws Exception {
        Lab lab = LAB.lab();
        LAB.awaitVip(lab.host("acme"));
        Map<String, Path> stranger = lab.pki(Optional.of(LAB.directory().resolve("other-pki")));

        // The other CA's switch certificate, while the switch still trusts our controller's certificate.
        lab.require("vsctl", "set-ssl", stranger.get("switch-key").toString(), stranger.get("switch-cert").toString(),
                    LAB.pki("controller-ca").toString());
        lab.restartSwitch();

        assertTrue(Poll.until(TIMEOUT, () -> LAB.host().logSinceStart().contains("TLS handshake failed")),
                   "the host logs the refused handshake: " + LAB.host().tail(20));
        assertFalse(lab.waitConnected(Duration.ofSeconds(8)), "the switch stays disconnected");
        Exposition metrics = Exposition.parse(new Rest(LAB).get("/metrics").body());
        assertTrue(metrics.value("tenantnat_openflow_tls_handshake_failures_total") >= 1);
        assertEquals(0.0, metrics.value("tenantnat_switch_connected", "switch", "of:0000000000000001"));
        assertEquals(0, lab.ping("acme", "10.250.0.10", 2, 1).received(), "no rules after the restart");

        // Its own certificate again: connected and forwarding, so the certificate was the only difference.
        lab.require("vsctl", "set-ssl", LAB.pki("switch-key").toString(), LAB.pki("switch-cert").toString(),
                    LAB.pki("controller-ca").toString());
        lab.restartSwitch();
        assertTrue(lab.waitConnected(TIMEOUT), "connected again with the lab's own certificate");
        assertTrue(LAB.awaitVip(lab.host("acme")).allReplied(), "acme forwards again");
    }

    private static String intentStates(Rest rest) {
        try {
            JsonNode intents = new ObjectMapper().readTree(rest.get("/intents").body()).path("intents");
            StringBuilder states = new StringBuilder();
            StreamSupport.stream(intents.spliterator(), false)
                    .forEach(i -> states.append(i.path("state").asText()).append(' '));
            return states.toString();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
