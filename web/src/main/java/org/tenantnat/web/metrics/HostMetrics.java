package org.tenantnat.web.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metrics a host keeps of its own (the standalone host: OpenFlow latencies, switch connections, HTTP
 * requests), served by {@code GET /metrics} beside those read from the service.
 */
public interface HostMetrics {

    /**
     * Returns the registry holding the host's metrics.
     *
     * @return registry
     */
    PrometheusRegistry registry();
}
