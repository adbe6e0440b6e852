/**
 * The standalone host's own Prometheus metrics (OpenFlow channel, switch connections, HTTP requests), served by
 * {@code GET /metrics} beside those read from the service.
 */
package org.tenantnat.standalone.metrics;
