package org.tenantnat.standalone.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.tenantnat.standalone.http.StandaloneHttpServer;
import org.tenantnat.web.Exposition;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.TestRuntime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The host's metrics record what the channel and the HTTP server report, under Prometheus' names and base units.
 */
class StandaloneMetricsTest {

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");

    private final StandaloneMetrics metrics = new StandaloneMetrics();

    private Exposition scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return Exposition.parse(out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Scrapes until the given number of HTTP requests were counted, or ten seconds passed: the filter counts a
     * request once its answer is written, so the client may read the answer a moment before it is counted.
     */
    private Exposition scrapeOnceCounted(int requests) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Exposition m = scrape();
        while (m.values("tenantnat_http_requests_total").stream().mapToDouble(Double::doubleValue).sum() < requests
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
            m = scrape();
        }
        return m;
    }

    @Test
    void roundTripsAndBatchesAreObservedInSecondsPerSwitch() throws IOException {
        metrics.echoRoundTrip(S1, 300_000);
        metrics.echoRoundTrip(S1, 700_000);
        metrics.batchDone(S1, 40, 20_000_000, true);
        metrics.batchDone(S2, 3, 10_000_000_000L, false);

        Exposition m = scrape();

        assertEquals(2.0, m.value("tenantnat_openflow_echo_rtt_seconds_count", "switch", S1.toString()));
        assertEquals(0.001, m.value("tenantnat_openflow_echo_rtt_seconds_sum", "switch", S1.toString()), 1e-9);
        assertEquals(1.0, m.value("tenantnat_openflow_echo_rtt_seconds_bucket", "switch", S1.toString(),
                                  "le", "5.0E-4"), "one of two under 0.5 ms");
        assertEquals(1.0, m.value("tenantnat_openflow_programming_seconds_count", "switch", S1.toString(),
                                  "outcome", "confirmed"));
        assertEquals(0.02, m.value("tenantnat_openflow_programming_seconds_sum", "switch", S1.toString(),
                                   "outcome", "confirmed"), 1e-9);
        assertEquals(1.0, m.value("tenantnat_openflow_programming_seconds_count", "switch", S2.toString(),
                                  "outcome", "failed"));
        assertEquals(40.0, m.value("tenantnat_openflow_flow_mods_total", "switch", S1.toString()));
        assertEquals(3.0, m.value("tenantnat_openflow_flow_mods_total", "switch", S2.toString()));
        assertEquals("histogram", m.type("tenantnat_openflow_programming_seconds").orElseThrow());
    }

    @Test
    void firstPacketSetupsAreObservedInSeconds() throws IOException {
        metrics.firstPacketSetup(1_500_000);
        metrics.firstPacketSetup(30_000_000);

        Exposition m = scrape();

        assertEquals("histogram", m.type("tenantnat_first_packet_setup_seconds").orElseThrow());
        assertEquals(2.0, m.value("tenantnat_first_packet_setup_seconds_count"));
        assertEquals(0.0315, m.value("tenantnat_first_packet_setup_seconds_sum"), 1e-9);
        assertEquals(1.0, m.value("tenantnat_first_packet_setup_seconds_bucket", "le", "0.002"),
                     "one of two under 2 ms, the target");
        assertEquals(2.0, m.value("tenantnat_first_packet_setup_seconds_bucket", "le", "0.05"));
    }

    @Test
    void connectionsAreCountedAndTheStateFollowsTheSwitch() throws IOException {
        metrics.switchConnected(S1, null);
        metrics.switchDisconnected(S1);
        metrics.switchConnected(S1, null);
        metrics.switchConnected(S2, null);
        metrics.switchDisconnected(S2);
        metrics.tlsRefused(new InetSocketAddress("127.0.0.1", 1), "bad certificate");

        Exposition m = scrape();

        assertEquals(1.0, m.value("tenantnat_switch_connected", "switch", S1.toString()));
        assertEquals(0.0, m.value("tenantnat_switch_connected", "switch", S2.toString()));
        assertEquals(2.0, m.value("tenantnat_switch_connections_total", "switch", S1.toString()));
        assertEquals(1.0, m.value("tenantnat_openflow_tls_handshake_failures_total"));
    }

    @Test
    void everyHttpRequestIsCountedByMethodAndStatusRefusalsIncluded() throws IOException, InterruptedException {
        TestRuntime nat = new TestRuntime();
        StandaloneHttpServer server = StandaloneHttpServer.builder(new InetSocketAddress("127.0.0.1", 0),
                                                                   nat.runtime())
                .credentials("operator:s3cret-Passw0rd").metrics(metrics).build();
        server.start();
        try {
            HttpCalls anonymous = new HttpCalls(server.apiUri());
            HttpCalls operator = anonymous.withCredentials("operator:s3cret-Passw0rd");
            anonymous.get("pool");
            anonymous.get("pool");
            operator.get("pool");
            operator.delete("tenants/nobody");
            anonymous.send("PROPFIND", "pool", null, null);

            Exposition m = scrapeOnceCounted(5);

            assertEquals(2.0, m.value("tenantnat_http_requests_total", "method", "GET", "status", "401"));
            assertEquals(1.0, m.value("tenantnat_http_requests_total", "method", "GET", "status", "200"));
            assertEquals(1.0, m.value("tenantnat_http_requests_total", "method", "DELETE", "status", "404"));
            assertEquals(1.0, m.value("tenantnat_http_requests_total", "method", "OTHER", "status", "401"),
                         "unknown methods are counted as OTHER");
        } finally {
            server.stop();
            nat.close();
        }
    }
}
