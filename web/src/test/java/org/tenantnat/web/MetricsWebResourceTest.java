package org.tenantnat.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleServiceAdapter;
import org.tenantnat.codec.TenantNatCodecService;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantStats;
import org.tenantnat.web.metrics.HostMetrics;
import org.tenantnat.web.metrics.SwitchRuleCounts;

import javax.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} reports, in Prometheus' text format, what the service reports at the moment of the scrape:
 * traffic per tenant from the flow counters, intents by state, pool usage per prefix and per tenant, and whatever
 * the host adds.
 */
class MetricsWebResourceTest {

    private RestHost host;
    private HttpCalls http;

    @BeforeEach
    void start() throws Exception {
        host = new RestHost();
        http = host.http();
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private Exposition scrape() {
        Reply reply = http.get("metrics");
        assertEquals(200, reply.status(), reply::toString);
        return Exposition.parse(reply.body());
    }

    @Test
    void answersInThePrometheusTextFormatByDefault() {
        Reply reply = http.get("metrics");

        assertEquals(200, reply.status(), reply::toString);
        MediaType type = MediaType.valueOf(reply.header("Content-Type").orElseThrow());
        assertTrue(type.isCompatible(MediaType.TEXT_PLAIN_TYPE), type::toString);
        assertEquals("0.0.4", type.getParameters().get("version"), type::toString);
        assertEquals("counter", Exposition.parse(reply.body()).type("tenantnat_tenant_packets_total").orElseThrow());
    }

    @Test
    void theLastChangeIsTheNewestOfTheHistoryOfChanges() {
        assertEquals(201, http.post("tenants", Documents.newTenant()).status());
        ChangeRecord newest = host.history().changes(0, Long.MAX_VALUE, 1).get(0);

        Exposition metrics = scrape();

        assertEquals("gauge", metrics.type("tenantnat_last_change_timestamp_seconds").orElseThrow());
        assertEquals(newest.time().toEpochMilli() / 1000.0, metrics.value("tenantnat_last_change_timestamp_seconds"));
        assertEquals(newest.revision(), metrics.value("tenantnat_last_change_revision"));
        assertEquals(List.of("tenant initech added"), newest.summary());
    }

    @Test
    void answersOpenMetricsWhenTheScraperAsksForIt() {
        Reply reply = http.withHeader("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
                .get("metrics");

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").orElseThrow().startsWith("application/openmetrics-text"),
                   reply::toString);
        assertTrue(reply.body().endsWith("# EOF\n"), reply::body);
        assertEquals(2.0, Exposition.parse(reply.body()).value("tenantnat_tenants"));
    }

    @Test
    void trafficPerTenantAndDirectionIsWhatTheFlowCountersSay() {
        host.southbound().countPerRule(7, 700);
        Map<String, TenantStats> stats = host.runtime().stats();

        Exposition metrics = scrape();

        assertEquals(2, stats.size());
        for (TenantStats s : stats.values()) {
            assertTrue(s.packetsFromTenant() > 0 && s.packetsToTenant() > 0, s::toString);
            assertEquals(s.packetsFromTenant(), metrics.value("tenantnat_tenant_packets_total", "tenant", s.tenant(),
                                                              "direction", "from_tenant"));
            assertEquals(s.packetsToTenant(), metrics.value("tenantnat_tenant_packets_total", "tenant", s.tenant(),
                                                            "direction", "to_tenant"));
            assertEquals(s.bytesFromTenant(), metrics.value("tenantnat_tenant_bytes_total", "tenant", s.tenant(),
                                                            "direction", "from_tenant"));
            assertEquals(s.bytesToTenant(), metrics.value("tenantnat_tenant_bytes_total", "tenant", s.tenant(),
                                                          "direction", "to_tenant"));
        }
    }

    @Test
    void intentsAreCountedByStateAndEachShowsItsOwnState() {
        host.southbound().holdConfirmations();
        assertEquals(201, http.post("intents", "{\"tenant\": \"acme\", \"service\": \"portal\", "
                + "\"vip\": \"10.250.0.20\"}").status());

        Exposition metrics = scrape();

        List<AccessIntent> intents = host.runtime().intents();
        for (AccessIntent.State state : AccessIntent.State.values()) {
            long expected = intents.stream().filter(i -> i.state() == state).count();
            assertEquals(expected, metrics.value("tenantnat_access_intents", "state", state.name()), state::name);
        }
        assertEquals(1.0, metrics.value("tenantnat_access_intent_state", "tenant", "acme", "service", "portal",
                                        "state", "INSTALLING"));
        assertEquals(0.0, metrics.value("tenantnat_access_intent_state", "tenant", "acme", "service", "portal",
                                        "state", "INSTALLED"));
        for (AccessIntent intent : intents) {
            double sum = metrics.values("tenantnat_access_intent_state", "tenant", intent.tenant(), "service",
                                        intent.service()).stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, intent::toString);
        }
    }

    @Test
    void poolUsageIsReportedPerPrefixAndPerTenant() {
        PoolUsage usage = host.runtime().poolUsage();

        Exposition metrics = scrape();

        assertEquals(65536.0, metrics.value("tenantnat_pool_addresses", "prefix", "100.64.0.0/16"));
        assertTrue(usage.allocated() > 0);
        assertEquals(usage.allocated(), metrics.value("tenantnat_pool_allocated_addresses", "prefix",
                                                      "100.64.0.0/16"));
        assertEquals(usage.free(), metrics.value("tenantnat_pool_free_addresses", "prefix", "100.64.0.0/16"));
        usage.perTenant().forEach((tenant, n) -> assertEquals(
                (double) n, metrics.value("tenantnat_tenant_allocated_addresses", "tenant", tenant)));
    }

    @Test
    void everyScrapeReadsTheServiceAnew() {
        assertEquals(1, scrape().values("tenantnat_tenant_allocated_addresses", "tenant", "globex").size());

        assertEquals(204, http.delete("tenants/globex").status());

        Exposition after = scrape();
        assertEquals(1.0, after.value("tenantnat_tenants"));
        assertTrue(after.values("tenantnat_tenant_packets_total", "tenant", "globex").isEmpty());
        assertTrue(after.values("tenantnat_tenant_allocated_addresses", "tenant", "globex").isEmpty());
    }

    @Test
    void inOnosRulesPerSwitchAreTheApplicationsConfirmedFlowEntries() {
        ApplicationId app = new DefaultApplicationId(7, "org.tenantnat");
        CoreServiceAdapter core = new CoreServiceAdapter() {
            @Override
            public ApplicationId getAppId(String name) {
                return "org.tenantnat".equals(name) ? app : null;
            }
        };
        FlowRule rule = DefaultFlowRule.builder().forDevice(DeviceId.deviceId("of:0000000000000002")).fromApp(app)
                .withPriority(10).withSelector(DefaultTrafficSelector.emptySelector())
                .withTreatment(DefaultTrafficTreatment.emptyTreatment()).makePermanent().build();
        FlowRuleServiceAdapter flows = new FlowRuleServiceAdapter() {
            @Override
            public Iterable<FlowEntry> getFlowEntriesById(ApplicationId id) {
                return List.of(new DefaultFlowEntry(rule, FlowEntry.FlowEntryState.ADDED, 0, 0, 0));
            }
        };
        ResourceServices.provide(host.runtime(), new TenantNatCodecService(), List.of(core, flows));

        assertEquals(1.0, scrape().value("tenantnat_switch_flow_rules", "switch", "of:0000000000000002"));
    }

    @Test
    void rulesPerSwitchAndTheHostsOwnMetricsAppearWhenTheHostGivesThem() {
        assertFalse(scrape().families().contains("tenantnat_switch_flow_rules"),
                    "no rule counts without a host that gives them");
        PrometheusRegistry hostRegistry = new PrometheusRegistry();
        Counter.builder().name("test_host_events").help("events of the test host").register(hostRegistry).inc(3);
        HostMetrics hostMetrics = () -> hostRegistry;
        SwitchRuleCounts rules = () -> Map.of(DeviceId.deviceId("of:0000000000000001"), 42);
        ResourceServices.provide(host.runtime(), new TenantNatCodecService(), List.of(hostMetrics, rules));

        Exposition metrics = scrape();

        assertEquals(42.0, metrics.value("tenantnat_switch_flow_rules", "switch", "of:0000000000000001"));
        assertEquals(3.0, metrics.value("test_host_events_total"));
        assertEquals(2.0, metrics.value("tenantnat_tenants"));
    }
}
