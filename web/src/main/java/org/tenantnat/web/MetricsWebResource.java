package org.tenantnat.web;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.onlab.osgi.ServiceNotFoundException;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.net.flow.FlowRuleService;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.web.metrics.ChangeHistoryCollector;
import org.tenantnat.web.metrics.HostMetrics;
import org.tenantnat.web.metrics.OnosSwitchRuleCounts;
import org.tenantnat.web.metrics.SwitchRuleCounts;
import org.tenantnat.web.metrics.TenantNatCollector;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import java.util.Optional;

/**
 * Prometheus metrics of tenantnat in the text exposition format (OpenMetrics when the scraper asks for it): what
 * the service reports, plus the host's own metrics where the host keeps some.
 */
@Path("metrics")
public class MetricsWebResource extends TenantNatWebResource {

    /** The name under which ONOS knows tenantnat's flow rules. */
    static final String APP_NAME = "org.tenantnat";

    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    /**
     * Gets tenantnat's metrics for Prometheus. Answers 200 with per-tenant traffic, access intents by state, pool
     * usage, the pool blocks of dynamic and pat tenants, rules per switch, the time of the last change and, in the
     * standalone host, OpenFlow latencies, switch connections and HTTP requests.
     *
     * @param accept the scraper's Accept header
     * @return 200 OK with the metrics as text
     */
    @GET
    @Produces({MediaType.TEXT_PLAIN, "application/openmetrics-text", MediaType.WILDCARD})
    public Response getMetrics(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new TenantNatCollector(nat(), ruleCounts(), bindings()));
        changeHistory().ifPresent(history -> registry.register(new ChangeHistoryCollector(history)));
        hostMetrics().ifPresent(host -> registry.register(() -> host.registry().scrape()));
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        StreamingOutput body = out -> writer.write(out, registry.scrape());
        return Response.ok(body).type(writer.getContentType()).build();
    }

    private Optional<BindingService> bindings() {
        try {
            return Optional.of(get(BindingService.class));
        } catch (ServiceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<ChangeHistoryService> changeHistory() {
        try {
            return Optional.of(get(ChangeHistoryService.class));
        } catch (ServiceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<HostMetrics> hostMetrics() {
        try {
            return Optional.of(get(HostMetrics.class));
        } catch (ServiceNotFoundException e) {
            // ONOS keeps its own metrics; only the standalone host adds some here.
            return Optional.empty();
        }
    }

    /** The host's own count where it gives one (standalone); ONOS's flow rule service otherwise. */
    private Optional<SwitchRuleCounts> ruleCounts() {
        try {
            return Optional.of(get(SwitchRuleCounts.class));
        } catch (ServiceNotFoundException e) {
            try {
                ApplicationId appId = get(CoreService.class).getAppId(APP_NAME);
                return appId == null ? Optional.empty()
                        : Optional.of(new OnosSwitchRuleCounts(get(FlowRuleService.class), appId));
            } catch (ServiceNotFoundException none) {
                return Optional.empty();
            }
        }
    }
}
