package org.tenantnat.standalone.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.onosproject.net.DeviceId;
import org.tenantnat.standalone.openflow.OpenFlowObserver;
import org.tenantnat.standalone.openflow.SwitchDescription;
import org.tenantnat.standalone.openflow.SwitchListener;
import org.tenantnat.web.metrics.HostMetrics;

import java.net.SocketAddress;

/**
 * The standalone host's metrics: OpenFlow round trips and programming latency, first-packet setup of dynamic and
 * pat hosts, switch connections, refused TLS handshakes and REST requests by status. Fed by the controller channel
 * (as its observer and a switch listener), by the runtime's binder and by {@link RequestMetricsFilter}; served by
 * {@code GET /metrics}.
 */
public final class StandaloneMetrics implements HostMetrics, OpenFlowObserver, SwitchListener {

    /** Outcome label of a batch the switch confirmed with its barrier reply. */
    public static final String CONFIRMED = "confirmed";
    /** Outcome label of a batch the switch refused, or that timed out or met a disconnection. */
    public static final String FAILED = "failed";

    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Histogram echoRoundTrip = Histogram.builder()
            .name("tenantnat_openflow_echo_rtt_seconds").unit(Unit.SECONDS)
            .help("Round trip of the controller's OpenFlow echo requests, per switch")
            .labelNames("switch")
            .classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                1)
            .register(registry);
    private final Histogram programming = Histogram.builder()
            .name("tenantnat_openflow_programming_seconds").unit(Unit.SECONDS)
            .help("Time from sending a batch of flow changes to the switch's barrier reply, per switch and outcome")
            .labelNames("switch", "outcome")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Histogram firstPacketSetup = Histogram.builder()
            .name("tenantnat_first_packet_setup_seconds").unit(Unit.SECONDS)
            .help("Time from a first packet of a dynamic or pat host reaching the host to its release through the "
                          + "switch's pipeline, once the switch confirmed the host's binding rules")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Counter flowMods = Counter.builder()
            .name("tenantnat_openflow_flow_mods")
            .help("Flow changes sent to each switch")
            .labelNames("switch")
            .register(registry);
    private final Gauge connected = Gauge.builder()
            .name("tenantnat_switch_connected")
            .help("1 while the switch is connected to this host, 0 after it disconnected")
            .labelNames("switch")
            .register(registry);
    private final Counter connections = Counter.builder()
            .name("tenantnat_switch_connections")
            .help("Completed OpenFlow handshakes per switch (reconnections count again)")
            .labelNames("switch")
            .register(registry);
    private final Counter tlsRefused = Counter.builder()
            .name("tenantnat_openflow_tls_handshake_failures")
            .help("OpenFlow connections refused because their TLS handshake failed (e.g. a certificate from "
                          + "another CA)")
            .register(registry);
    private final Counter httpRequests = Counter.builder()
            .name("tenantnat_http_requests")
            .help("HTTP requests answered, by method and status (401 and 429 included)")
            .labelNames("method", "status")
            .register(registry);

    @Override
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void echoRoundTrip(DeviceId device, long nanos) {
        echoRoundTrip.labelValues(device.toString()).observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void batchDone(DeviceId device, int messages, long nanos, boolean accepted) {
        programming.labelValues(device.toString(), accepted ? CONFIRMED : FAILED).observe(nanos / NANOS_PER_SECOND);
        flowMods.labelValues(device.toString()).inc(messages);
    }

    /**
     * Observes one first packet's setup, from reaching the host to its release after its binding.
     *
     * @param nanos setup time in nanoseconds
     */
    public void firstPacketSetup(long nanos) {
        firstPacketSetup.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void tlsRefused(SocketAddress peer, String reason) {
        tlsRefused.inc();
    }

    @Override
    public void switchConnected(DeviceId device, SwitchDescription description) {
        connections.labelValues(device.toString()).inc();
        connected.labelValues(device.toString()).set(1);
    }

    @Override
    public void switchDisconnected(DeviceId device) {
        connected.labelValues(device.toString()).set(0);
    }

    /**
     * Counts one answered HTTP request.
     *
     * @param method request method
     * @param status response status
     */
    void httpRequest(String method, int status) {
        httpRequests.labelValues(method, String.valueOf(status)).inc();
    }
}
