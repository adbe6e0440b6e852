package org.tenantnat.web.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Reads tenantnat's state from the service API on every scrape and reports it as Prometheus metrics: traffic per
 * tenant, access intents by state, pool usage per pool prefix and per tenant, and rules per switch.
 * <p>
 * Nothing is cached: a scrape shows the service as it is now. Traffic counters come from the switches' flow
 * counters, so they start again from zero when a tenant's rules are reinstalled, which Prometheus' {@code rate()}
 * treats as a counter reset.
 * <p>
 * For dynamic and pat tenants, read from the binding service: each pool block's slots (addresses or port blocks) in
 * use, held down, in all and at peak, refusals by reason, and whether the tenant is in alarm.
 */
public final class TenantNatCollector implements MultiCollector {

    /** Direction label of traffic from the tenant toward a service. */
    public static final String FROM_TENANT = "from_tenant";
    /** Direction label of replies translated back to the tenant. */
    public static final String TO_TENANT = "to_tenant";

    private final TenantNatService service;
    private final Optional<SwitchRuleCounts> rules;
    private final Optional<BindingService> bindings;

    /**
     * Creates the collector.
     *
     * @param service the service to read
     * @param rules   rule counts per switch, when the host can tell them
     */
    public TenantNatCollector(TenantNatService service, Optional<SwitchRuleCounts> rules) {
        this(service, rules, Optional.empty());
    }

    /**
     * Creates the collector, bindings included.
     *
     * @param service  the service to read
     * @param rules    rule counts per switch, when the host can tell them
     * @param bindings the binding service, when the host has one
     */
    public TenantNatCollector(TenantNatService service, Optional<SwitchRuleCounts> rules,
                              Optional<BindingService> bindings) {
        this.service = checkNotNull(service, "service");
        this.rules = checkNotNull(rules, "rules");
        this.bindings = checkNotNull(bindings, "bindings");
    }

    @Override
    public MetricSnapshots collect() {
        DesiredState desired = service.desiredState();
        Allocation allocation = service.allocation();
        MetricSnapshots.Builder metrics = MetricSnapshots.builder();
        traffic(service.stats(), metrics);
        metrics.metricSnapshot(gauge("tenantnat_tenants", "Tenants in the desired state",
                                     Map.of(Labels.EMPTY, (double) desired.tenants().size())));
        metrics.metricSnapshot(gauge("tenantnat_services", "Services in the desired state",
                                     Map.of(Labels.EMPTY, (double) desired.services().size())));
        intents(service.intents(), metrics);
        pool(desired.pool(), allocation, service.poolUsage(), metrics);
        rules.ifPresent(r -> metrics.metricSnapshot(switchRules(r.rulesPerSwitch())));
        bindings.ifPresent(b -> bindings(b.usage(), metrics));
        return metrics.build();
    }

    private static void bindings(List<BindingUsage> usage, MetricSnapshots.Builder metrics) {
        Map<Labels, Double> slots = new TreeMap<>();
        Map<Labels, Double> peak = new TreeMap<>();
        Map<Labels, Double> alarm = new TreeMap<>();
        CounterSnapshot.Builder refusals = CounterSnapshot.builder().name("tenantnat_binding_refusals")
                .help("Hosts refused a binding or another port block since the host started, by reason: maxHosts, "
                              + "poolBlockFull, maxPortBlocks");
        for (BindingUsage u : usage) {
            slots.put(Labels.of("tenant", u.tenant(), "state", "in_use"), (double) u.inUse());
            slots.put(Labels.of("tenant", u.tenant(), "state", "held_down"), (double) u.heldDown());
            slots.put(Labels.of("tenant", u.tenant(), "state", "capacity"), (double) u.capacity());
            peak.put(Labels.of("tenant", u.tenant()), (double) u.peak());
            alarm.put(Labels.of("tenant", u.tenant()), u.state() == BindingUsage.State.OK ? 0.0 : 1.0);
            u.refusals().forEach((reason, n) -> refusals.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("tenant", u.tenant(), "reason", reason)).value(n).build()));
        }
        metrics.metricSnapshot(gauge("tenantnat_binding_slots", "Slots of each dynamic or pat tenant's pool block "
                + "(addresses, or port blocks): in_use, held_down after release, capacity", slots));
        metrics.metricSnapshot(gauge("tenantnat_binding_slots_peak", "Most slots of each pool block in use at once "
                + "since the host started", peak));
        metrics.metricSnapshot(gauge("tenantnat_binding_alarm", "1 when a tenant's pool block is at or above the "
                + "alarm threshold or refused its last request", alarm));
        metrics.metricSnapshot(refusals.build());
    }

    private static void traffic(Map<String, TenantStats> stats, MetricSnapshots.Builder metrics) {
        CounterSnapshot.Builder packets = CounterSnapshot.builder().name("tenantnat_tenant_packets")
                .help("Packets translated for a tenant, from its flow rules' counters: direction from_tenant "
                              + "(toward a service) or to_tenant (replies)");
        CounterSnapshot.Builder bytes = CounterSnapshot.builder().name("tenantnat_tenant_bytes")
                .help("Bytes translated for a tenant, from its flow rules' counters: direction from_tenant "
                              + "(toward a service) or to_tenant (replies)");
        for (TenantStats s : new TreeMap<>(stats).values()) {
            packets.dataPoint(counter(s.tenant(), FROM_TENANT, s.packetsFromTenant()));
            packets.dataPoint(counter(s.tenant(), TO_TENANT, s.packetsToTenant()));
            bytes.dataPoint(counter(s.tenant(), FROM_TENANT, s.bytesFromTenant()));
            bytes.dataPoint(counter(s.tenant(), TO_TENANT, s.bytesToTenant()));
        }
        metrics.metricSnapshot(packets.build());
        metrics.metricSnapshot(bytes.build());
    }

    private static CounterDataPointSnapshot counter(String tenant, String direction, long value) {
        return CounterDataPointSnapshot.builder().labels(Labels.of("tenant", tenant, "direction", direction))
                .value(value).build();
    }

    private static void intents(List<AccessIntent> intents, MetricSnapshots.Builder metrics) {
        Map<AccessIntent.State, Integer> byState = new EnumMap<>(AccessIntent.State.class);
        for (AccessIntent.State state : AccessIntent.State.values()) {
            byState.put(state, 0);
        }
        Map<Labels, Double> perIntent = new TreeMap<>();
        for (AccessIntent intent : intents) {
            byState.merge(intent.state(), 1, Integer::sum);
            // One series per state, 1 for the intent's state and 0 for the others: alerts select a state.
            for (AccessIntent.State state : AccessIntent.State.values()) {
                perIntent.put(Labels.of("tenant", intent.tenant(), "service", intent.service(),
                                        "state", state.name()),
                              state == intent.state() ? 1.0 : 0.0);
            }
        }
        Map<Labels, Double> counts = new TreeMap<>();
        byState.forEach((state, n) -> counts.put(Labels.of("state", state.name()), (double) n));
        metrics.metricSnapshot(gauge("tenantnat_access_intents", "Access intents by state", counts));
        metrics.metricSnapshot(gauge("tenantnat_access_intent_state",
                                     "State of each access intent: 1 for its state, 0 for the others",
                                     perIntent));
    }

    private static void pool(List<Ip4Prefix> pool, Allocation allocation, PoolUsage usage,
                             MetricSnapshots.Builder metrics) {
        Map<Labels, Double> size = new TreeMap<>();
        Map<Labels, Double> allocated = new TreeMap<>();
        Map<Labels, Double> free = new TreeMap<>();
        for (Ip4Prefix prefix : pool) {
            long addresses = addresses(prefix);
            long used = allocation.allBlocks().stream().map(TranslatedBlock::translated)
                    .filter(prefix::contains).mapToLong(TenantNatCollector::addresses).sum();
            Labels labels = Labels.of("prefix", prefix.toString());
            size.put(labels, (double) addresses);
            allocated.put(labels, (double) used);
            free.put(labels, (double) (addresses - used));
        }
        metrics.metricSnapshot(gauge("tenantnat_pool_addresses", "Addresses in each prefix of the translation pool",
                                     size));
        metrics.metricSnapshot(gauge("tenantnat_pool_allocated_addresses",
                                     "Addresses of each pool prefix held by translated blocks", allocated));
        metrics.metricSnapshot(gauge("tenantnat_pool_free_addresses", "Addresses of each pool prefix still free",
                                     free));
        Map<Labels, Double> perTenant = new TreeMap<>();
        usage.perTenant().forEach((tenant, n) -> perTenant.put(Labels.of("tenant", tenant), (double) n));
        metrics.metricSnapshot(gauge("tenantnat_tenant_allocated_addresses",
                                     "Pool addresses held by each tenant's translated blocks", perTenant));
    }

    private static long addresses(Ip4Prefix prefix) {
        return 1L << (Ip4Prefix.MAX_MASK_LENGTH - prefix.prefixLength());
    }

    private static GaugeSnapshot switchRules(Map<DeviceId, Integer> perSwitch) {
        Map<Labels, Double> values = new TreeMap<>();
        perSwitch.forEach((device, n) -> values.put(Labels.of("switch", device.toString()), (double) n));
        return gauge("tenantnat_switch_flow_rules", "tenantnat flow rules on each switch", values);
    }

    private static GaugeSnapshot gauge(String name, String help, Map<Labels, Double> values) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        values.forEach((labels, value) -> gauge.dataPoint(
                GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
        return gauge.build();
    }
}
