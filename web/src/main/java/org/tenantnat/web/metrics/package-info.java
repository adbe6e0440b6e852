/**
 * Prometheus metrics of tenantnat: what every host reports from the service API, and the hooks through which a
 * host adds its own (switch rule counts, channel latencies, HTTP requests).
 */
package org.tenantnat.web.metrics;
