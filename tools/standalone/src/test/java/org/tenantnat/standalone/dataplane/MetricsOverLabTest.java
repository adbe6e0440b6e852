package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.standalone.Promtool;
import org.tenantnat.standalone.metrics.Dashboard;
import org.tenantnat.web.Exposition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} on the standalone host while the demo lab forwards traffic: the exposition passes
 * promtool's lint, the per-tenant counters grow with the packets sent, and the switch, rule and OpenFlow channel
 * metrics describe the real switch.
 */
class MetricsOverLabTest {

    private static final String VIP = "10.250.0.10";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().withHttp();

    private static String scrapeText() {
        try {
            HttpResponse<String> reply = new Rest(LAB).get("/metrics");
            assertEquals(200, reply.statusCode(), reply.body());
            return reply.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Exposition scrape() {
        return Exposition.parse(scrapeText());
    }

    private static double packets(Exposition m, String tenant, String direction) {
        return m.value("tenantnat_tenant_packets_total", "tenant", tenant, "direction", direction);
    }

    private static double bytes(Exposition m, String tenant, String direction) {
        return m.value("tenantnat_tenant_bytes_total", "tenant", tenant, "direction", direction);
    }

    /** GETs answered 200 so far; a scrape is counted once answered, so the first sees none. */
    private static double okGets(Exposition m) {
        return m.values("tenantnat_http_requests_total", "method", "GET", "status", "200").stream()
                .mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void perTenantCountersGrowWithTheTrafficSent() {
        Lab lab = LAB.lab();
        lab.customerHosts().forEach(LAB::awaitVip);
        Exposition before = scrape();

        assertTrue(lab.ping("acme", VIP, 10, 1).allReplied(), "acme's 10 pings");
        assertTrue(lab.tcp("initech-h1", VIP).isPresent(), "initech's TCP connection");
        // Open vSwitch folds its datapath's counters into the flow statistics about once a second.
        Exposition after = Poll.until(TIMEOUT, MetricsOverLabTest::scrape,
                m -> packets(m, "acme", "to_tenant") >= packets(before, "acme", "to_tenant") + 10
                        && packets(m, "initech", "to_tenant") > packets(before, "initech", "to_tenant"));

        for (String direction : new String[]{"from_tenant", "to_tenant"}) {
            assertTrue(packets(after, "acme", direction) >= packets(before, "acme", direction) + 10,
                       "acme " + direction + " packets: " + packets(before, "acme", direction) + " -> "
                               + packets(after, "acme", direction));
            // An ICMP echo is at least 84 bytes at the IP layer.
            assertTrue(bytes(after, "acme", direction) >= bytes(before, "acme", direction) + 10 * 84,
                       "acme " + direction + " bytes");
            assertTrue(packets(after, "initech", direction) > packets(before, "initech", direction),
                       "initech " + direction + " packets");
        }
        assertEquals(packets(before, "globex", "from_tenant"), packets(after, "globex", "from_tenant"),
                     "globex sent nothing meanwhile");
        assertTrue(okGets(after) > okGets(before), "the scrapes are counted as requests");
    }

    @Test
    void switchRulesAndChannelMetricsDescribeTheRealSwitch() {
        Lab lab = LAB.lab();
        LAB.awaitVip(lab.host("acme"));
        // One echo request goes out every 5 s.
        Exposition metrics = Poll.until(TIMEOUT, MetricsOverLabTest::scrape,
                m -> m.values("tenantnat_openflow_echo_rtt_seconds_count").stream().anyMatch(c -> c >= 1));

        String sw = "of:0000000000000001";
        double echoes = metrics.value("tenantnat_openflow_echo_rtt_seconds_count", "switch", sw);
        assertTrue(echoes >= 1, "echo round trips measured");
        assertTrue(metrics.value("tenantnat_openflow_echo_rtt_seconds_sum", "switch", sw) / echoes < 1.0,
                   "a loopback round trip is well under a second");
        assertTrue(metrics.value("tenantnat_openflow_programming_seconds_count", "switch", sw, "outcome",
                                 "confirmed") >= 1, "batches confirmed by barrier");
        assertEquals(1.0, metrics.value("tenantnat_switch_connected", "switch", sw));
        assertEquals(1.0, metrics.value("tenantnat_switch_connections_total", "switch", sw));
        // Link discovery's LLDP flow is the host's own, not one of the pipeline's rules the metric counts.
        assertEquals(lab.flows().rules(r -> !r.contains("dl_type=0x88cc")).size(),
                     (int) metrics.value("tenantnat_switch_flow_rules", "switch", sw),
                     "rules per switch as the switch's own table holds them");
        assertTrue(metrics.value("tenantnat_openflow_flow_mods_total", "switch", sw) >= lab.flows().size());
        assertEquals(4.0, metrics.value("tenantnat_access_intents", "state", "INSTALLED"));
        assertEquals(0.0, metrics.value("tenantnat_access_intents", "state", "FAILED"));
    }

    @Test
    void theLiveScrapePassesPromtoolAndHasEveryMetricTheDashboardQueries() throws IOException {
        LAB.awaitVip(LAB.lab().host("acme"));
        String text = Poll.until(TIMEOUT, MetricsOverLabTest::scrapeText,
                t -> t.contains("tenantnat_openflow_echo_rtt_seconds_count"));

        Promtool.Result lint = Promtool.run(text, "check", "metrics");
        assertEquals(0, lint.exit(), lint::toString);
        Set<String> missing = new TreeSet<>(Dashboard.metrics());
        missing.removeAll(Exposition.parse(text).sampleNames());
        assertEquals(Set.of(), missing, "queried by tools/grafana's dashboard, absent from the live scrape");
    }
}
