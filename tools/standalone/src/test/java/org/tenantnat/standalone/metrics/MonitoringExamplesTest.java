package org.tenantnat.standalone.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.tenantnat.standalone.Promtool;
import org.tenantnat.standalone.http.StandaloneHttpServer;
import org.tenantnat.web.Exposition;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;
import org.tenantnat.web.TestRuntime;
import org.tenantnat.web.metrics.SwitchRuleCounts;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring examples in tools/ fit the host: the Grafana dashboard is valid JSON and queries only metrics the
 * standalone host exposes, the Prometheus scrape configuration is valid YAML (and a valid Prometheus configuration
 * to promtool) pointing at the host's metrics path, and the host's scrape passes promtool's lint.
 */
class MonitoringExamplesTest {

    private static final Path SCRAPE_CONFIG = Dashboard.ROOT.resolve("tools/prometheus/tenantnat-scrape.yml");
    private static final DeviceId SWITCH = DeviceId.deviceId("of:0000000000000001");

    private TestRuntime nat;
    private StandaloneHttpServer server;
    private HttpCalls http;

    /** A host whose every metric has a sample: traffic, a connected switch, echo, programming, a refusal. */
    @BeforeEach
    void start() throws IOException {
        nat = new TestRuntime();
        nat.southbound().countPerRule(3, 300);
        StandaloneMetrics metrics = new StandaloneMetrics();
        metrics.switchConnected(SWITCH, null);
        metrics.echoRoundTrip(SWITCH, 250_000);
        metrics.batchDone(SWITCH, 12, 4_000_000, true);
        metrics.batchDone(SWITCH, 2, 10_000_000_000L, false);
        metrics.tlsRefused(new InetSocketAddress("127.0.0.1", 40000), "certificate from another CA");
        SwitchRuleCounts rules = () -> Map.of(SWITCH, 40);
        server = StandaloneHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), nat.runtime())
                .credentials("prometheus:scrape-secret").metrics(metrics).provide(rules).build();
        server.start();
        http = new HttpCalls(server.apiUri()).withCredentials("prometheus:scrape-secret");
        assertEquals(200, http.get("metrics").status(), "a first scrape, so that the next counts it");
    }

    @AfterEach
    void stop() {
        server.stop();
        nat.close();
    }

    private String scrape() {
        Reply reply = http.get("metrics");
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    @Test
    void everyMetricTheDashboardQueriesIsOneTheHostExposes() throws IOException {
        Set<String> queried = Dashboard.metrics();
        Set<String> exposed = Exposition.parse(scrape()).sampleNames();

        assertTrue(queried.size() >= 15, "the dashboard covers the metrics: " + queried);
        Set<String> unknown = new TreeSet<>(queried);
        unknown.removeAll(exposed);
        assertEquals(Set.of(), unknown, "queried by the dashboard but not exposed; exposed: " + exposed);
    }

    @Test
    void dashboardIsAGrafanaDashboardOnAPrometheusDataSource() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Dashboard.FILE.toFile());

        assertEquals("tenantnat", dashboard.path("uid").asText());
        assertEquals("prometheus", dashboard.path("templating").path("list").path(0).path("query").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(panel.has("gridPos") && panel.has("type") && panel.has("title"), panel::toString);
            if (!"row".equals(panel.path("type").asText())) {
                assertFalse(panel.path("targets").isEmpty(), panel::toString);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void scrapeConfigurationIsValidYamlForTheHostsMetricsPath() throws IOException {
        Map<String, Object> config;
        try (Reader in = Files.newBufferedReader(SCRAPE_CONFIG)) {
            config = new Yaml().load(in);
        }
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertEquals(1, jobs.size());
        Map<String, Object> job = jobs.get(0);

        assertEquals(StandaloneHttpServer.API_PATH + "/metrics", job.get("metrics_path"));
        assertEquals("https", job.get("scheme"));
        assertTrue(((Map<String, Object>) job.get("basic_auth")).containsKey("password_file"), job::toString);
        assertTrue(((Map<String, Object>) job.get("tls_config")).containsKey("ca_file"), job::toString);
        Promtool.Result check = Promtool.run(null, "check", "config", SCRAPE_CONFIG.toString());
        assertEquals(0, check.exit(), check::toString);
    }

    @Test
    void theHostsScrapePassesPromtoolsLint() {
        String scrape = scrape();

        Promtool.Result lint = Promtool.run(scrape, "check", "metrics");

        assertEquals(0, lint.exit(), () -> lint + "\n" + scrape);
    }
}
