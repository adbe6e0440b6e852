package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.tenantnat.standalone.TestPki;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenFlow channel over TLS: a switch with a certificate from the switch CA connects and runs its handshake;
 * one with a certificate from another CA, without a certificate, or without TLS at all is refused, and the
 * refusal is reported.
 */
class OpenFlowTlsTest {

    private static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000042");

    @TempDir
    static Path dir;
    private static TestPki pki;

    private final RecordingListener events = new RecordingListener();
    private final RecordingObserver observer = new RecordingObserver();
    private OpenFlowController controller;
    private InetSocketAddress address;

    @BeforeAll
    static void makeCertificates() {
        pki = TestPki.create(dir);
    }

    @BeforeEach
    void startController() throws Exception {
        OpenFlowTls tls = OpenFlowTls.fromPem(pki.file("server.key"), pki.file("server.pem"), pki.file("ca.pem"));
        controller = new OpenFlowController(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                            Duration.ofSeconds(2), Duration.ofSeconds(2), Optional.of(tls),
                                            observer);
        controller.addListener(events);
        address = controller.start();
    }

    @AfterEach
    void stopController() {
        controller.stop();
    }

    @Test
    void aSwitchWithACertificateFromTheSwitchCaConnects() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address, pki.clientContext("client"))) {
            sw.handshake(0x42, "Nicira, Inc.", "Open vSwitch");

            events.awaitConnected(DEVICE::equals, 5);
        }
        assertNull(observer.tlsRefusals.poll());
    }

    @Test
    void aSwitchWithACertificateFromAnotherCaIsRefused() throws Exception {
        assertRefused("stranger");
    }

    @Test
    void aSwitchWithoutACertificateIsRefused() throws Exception {
        assertRefused(null);
    }

    private void assertRefused(String client) throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address, pki.clientContext(client))) {
            // With TLS 1.3 the client finishes first; the controller's refusal shows on the next read.
            assertTrue(sw.closedByController());
        } catch (SSLException refusedDuringHandshake) {
            // TLS 1.2: the refusal arrives inside the handshake.
        }
        assertNotNull(observer.tlsRefusals.poll(5, TimeUnit.SECONDS), "the refusal is reported");
        assertNull(events.connected.poll(200, TimeUnit.MILLISECONDS), "no switch connected");
        assertTrue(controller.switches().isEmpty());
    }

    @Test
    void aSwitchSpeakingPlainTcpIsRefused() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connect(address)) {
            sw.send(sw.factory().buildHello().build());

            assertTrue(sw.closedByController());
        }
        assertNotNull(observer.tlsRefusals.poll(5, TimeUnit.SECONDS));
        assertNull(events.connected.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void unusableFilesAreNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> OpenFlowTls.fromPem(
                dir.resolve("absent.key"), pki.file("server.pem"), pki.file("ca.pem")));
        assertEquals("key " + dir.resolve("absent.key") + " is not a readable file", missing.getMessage());

        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class, () -> OpenFlowTls.fromPem(
                pki.file("server.pem"), pki.file("server.key"), pki.file("ca.pem")));
        assertTrue(swapped.getMessage().startsWith("cannot use key " + pki.file("server.pem")),
                   swapped.getMessage());
    }
}
