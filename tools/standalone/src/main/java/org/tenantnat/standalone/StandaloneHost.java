package org.tenantnat.standalone;

import org.onlab.packet.Ethernet;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.drivers.SwitchFamilies;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.pipeline.Conntrack;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.NiciraMoveTreatment;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.runtime.LocalProgressStore;
import org.tenantnat.runtime.TenantNatRuntime;
import org.tenantnat.standalone.binding.JsonLinesBindingHistory;
import org.tenantnat.standalone.StandaloneOptions.RewriteChoice;
import org.tenantnat.standalone.auth.Authenticator;
import org.tenantnat.standalone.auth.SingleAdmin;
import org.tenantnat.standalone.history.FileChangeHistory;
import org.tenantnat.standalone.history.RecordingStateStore;
import org.tenantnat.standalone.http.StandaloneHttpServer;
import org.tenantnat.standalone.metrics.StandaloneMetrics;
import org.tenantnat.standalone.openflow.LinkDiscovery;
import org.tenantnat.standalone.openflow.OpenFlowController;
import org.tenantnat.standalone.openflow.OpenFlowSouthbound;
import org.tenantnat.standalone.openflow.PuntMeter;
import org.tenantnat.standalone.openflow.SwitchDescription;
import org.tenantnat.standalone.openflow.SwitchListener;
import org.tenantnat.web.metrics.SwitchRuleCounts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The standalone host: one JVM holding the runtime, an OpenFlow 1.3 controller the switches connect to, and the
 * state directory. Wires switch events into the runtime; the runtime does the rest.
 */
public final class StandaloneHost implements AutoCloseable {

    /** Application id of the standalone host; its 16 bits head the cookie of every rule it installs. */
    public static final ApplicationId APP_ID = new DefaultApplicationId(0x7e1a, "org.tenantnat");

    private static final Logger log = LoggerFactory.getLogger(StandaloneHost.class);

    private final StandaloneOptions options;
    private final OpenFlowController controller;
    private final OpenFlowSouthbound southbound;
    private final LinkDiscovery discovery;
    private final QuietPorts quietPorts = new QuietPorts();
    private final TenantNatRuntime runtime;
    private final FileStateStore store;
    private final FileChangeHistory history;
    private final JsonLinesBindingHistory bindingHistory;
    private final StandaloneMetrics metrics = new StandaloneMetrics();
    private StandaloneHttpServer http;

    /**
     * Creates the host.
     *
     * @param options command-line options
     * @param store   the state directory, opened
     * @param history the history of changes of the state directory, opened
     */
    public StandaloneHost(StandaloneOptions options, FileStateStore store, FileChangeHistory history) {
        this.options = options;
        this.store = store;
        this.history = history;
        this.controller = new OpenFlowController(options.openflow(), options.production().openflowTls(), metrics);
        this.discovery = new LinkDiscovery(controller, PipelineSettings.DEFAULTS.firstTable(),
                                           this::linksChanged);
        this.southbound = new OpenFlowSouthbound(controller, APP_ID, capabilities(options.rewrite()), discovery);
        controller.addListener(metrics);
        this.bindingHistory = new JsonLinesBindingHistory(options.state(), options.bindingRetention());
        this.runtime = new TenantNatRuntime(APP_ID, PipelineSettings.DEFAULTS, southbound,
                                            new RecordingStateStore(store, history, Clock.systemUTC()),
                                            new LocalProgressStore(), StandaloneHost::daemon,
                                            new BindingOptions(bindingHistory, Clock.systemUTC(),
                                                               options.poolAlarmPercent())
                                                    .observingSetup(metrics::firstPacketSetup));
        controller.addListener(discovery);
        // Probes stay off the ports where customers and services attach, and off declared links.
        runtime.addListener(quietPorts);
        discovery.probeOnly(quietPorts);
        controller.addListener(new SwitchListener() {
            @Override
            public void switchConnected(DeviceId device, SwitchDescription description) {
                runtime.switchConnected(device);
            }

            @Override
            public void switchDisconnected(DeviceId device) {
                runtime.switchDisconnected(device);
            }

            @Override
            public void packetIn(ConnectPoint port, Ethernet frame, long cookie) {
                runtime.packetIn(port, frame, cookie);
            }

            @Override
            public void flowRemoved(DeviceId device, OFFlowRemoved removed) {
                OFFlowRemovedReason reason = removed.getReason();
                // Our own removals are known; only what the switch removed by itself ends a binding.
                if (reason == OFFlowRemovedReason.IDLE_TIMEOUT || reason == OFFlowRemovedReason.HARD_TIMEOUT) {
                    southbound.flowRemoved(device, removed).ifPresent(rule -> runtime.ruleRemoved(device, rule));
                }
            }
        });
    }

    /**
     * Loads the stored state, applies the config file when it is to be applied (seeding an empty state directory,
     * or with --replace-state), and starts accepting switches.
     *
     * @param desired desired state from the config file, empty when the state directory is the only source
     * @return the OpenFlow address actually bound
     * @throws IOException when the OpenFlow port cannot be bound
     */
    public InetSocketAddress start(Optional<DesiredState> desired) throws IOException {
        runtime.start();
        long stored = runtime.revision();
        if (desired.isPresent()) {
            Path config = options.config().orElseThrow();
            runtime.replaceState(new Origin(Origin.Channel.CONFIG_FILE, config.toString()), desired.get());
            log.info("{} {} state directory {} (revision {})", config, stored == 0 ? "seeded the empty"
                    : "replaced the desired state of", options.state(), runtime.revision());
        } else {
            log.info("state directory {} holds revision {}{}", options.state(), stored, options.config()
                    .map(c -> ": " + c + " not applied (apply an edited file with `apply FILE`, or restart with "
                            + "--replace-state)").orElse(""));
        }
        runtime.allocation().allBlocks().forEach(b -> log.info("tenant {}: {} translated to {}", b.tenant(),
                                                               b.original(), b.translated()));
        options.production().plaintextBeyondLoopback(options.openflow(), options.http()).ifPresent(
                what -> log.warn("{} in clear text beyond loopback ({}): anyone on the path can read and change it",
                                 what, ProductionOptions.ALLOW_PLAINTEXT));
        quietPorts.seed(runtime.desiredState());
        InetSocketAddress bound = controller.start();
        discovery.start();
        log.info("OpenFlow 1.3 controller listening on {}", bound);
        if (options.http().isPresent()) {
            SwitchRuleCounts ruleCounts = southbound::ruleCounts;
            StandaloneHttpServer.Builder server = StandaloneHttpServer.builder(options.http().get(), runtime)
                    .authenticator(authenticator()).metrics(metrics).provide(ruleCounts).provide(history);
            options.production().https().ifPresent(server::https);
            http = server.build();
            http.start();
            log.info("REST API and GUI on {} (HTTP basic auth)", http.apiUri());
        }
        return bound;
    }

    private void linksChanged() {
        runtime.topologyChanged();
    }

    /** Users of the credentials file; else one admin, from the options or generated in the state directory. */
    private Authenticator authenticator() {
        return options.production().users().<Authenticator>map(u -> u).orElseGet(() -> new SingleAdmin(
                options.credentials().orElseGet(() -> HttpCredentials.generate(options.state()))));
    }

    /**
     * Returns the root of the REST API once started.
     *
     * @return e.g. {@code http://127.0.0.1:8181/onos/tenantnat/}, empty when HTTP is off
     */
    public Optional<URI> apiUri() {
        return Optional.ofNullable(http).map(StandaloneHttpServer::apiUri);
    }

    /**
     * Returns the history of changes.
     *
     * @return history
     */
    public FileChangeHistory history() {
        return history;
    }

    /**
     * Returns the runtime, which is the host's TenantNatService.
     *
     * @return runtime
     */
    public TenantNatRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        discovery.stop();
        controller.stop();
        runtime.stop();
        bindingHistory.close();
        history.close();
        store.close();
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "tenantnat-runtime");
        t.setDaemon(true);
        return t;
    }

    /**
     * What each switch gets: with {@code auto}, what its family can do (Open vSwitch: prefix rewrites and ARP by
     * flows); {@code prefix} forces the Open vSwitch extensions, {@code per-host} a plain OpenFlow 1.3 switch (exact
     * rewrites, ARP by the controller). Any switch that reports packet-rate meters gets a punt meter per reason.
     */
    private static Function<SwitchDescription, SwitchCapabilities> capabilities(RewriteChoice choice) {
        Function<SwitchDescription, SwitchCapabilities> rewrite;
        switch (choice) {
            case PREFIX:
                rewrite = d -> SwitchFamilies.openVSwitch(NiciraLoadTreatment::new, NiciraMoveTreatment.resolver(),
                                                          Conntrack.ownExtensions());
                break;
            case PER_HOST:
                rewrite = d -> SwitchCapabilities.perHost();
                break;
            default:
                rewrite = d -> SwitchFamilies.capabilities(d.manufacturer(), d.hardware(), d.software(),
                                                           NiciraLoadTreatment::new, NiciraMoveTreatment.resolver(),
                                                           Conntrack.ownExtensions());
                break;
        }
        return d -> {
            SwitchCapabilities caps = rewrite.apply(d);
            if (d.hasPacketMeters()) {
                for (PuntMeter meter : PuntMeter.values()) {
                    caps = caps.withPuntMeter(meter.reason(), meter.id());
                }
            }
            return caps;
        };
    }
}
