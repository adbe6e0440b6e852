package org.tenantnat.runtime;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.UDP;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.tenantnat.api.Origin;
import org.tenantnat.api.RefusedRequestException;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.binding.BindingIndex;
import org.tenantnat.fabric.Fabric;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.binding.MemoryBindingHistory;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.Conntrack;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineInput;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.PipelineTable;
import org.tenantnat.pipeline.RuleCookie;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.tenantnat.store.StoredState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental engine and a full recompute agree: after any sequence of verbs (tenants added, edited, removed,
 * static, dynamic or pat; access granted and revoked; services added and removed; MACs learned by ARP; the whole
 * state replaced, pool included; hosts of dynamic and pat tenants bound by their first packet, given another port
 * block, or ended when idle), each switch holds exactly the rules a full compile of the stored state gives, rule for
 * rule with cookies and treatments, and a runtime started afresh on the same store programs the same tables and
 * reports the same intents. Refused verbs change neither the store nor any switch.
 */
class IncrementalEqualsFullPropertyTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final DeviceId S1 = FakeSouthbound.SWITCH;
    private static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");
    private static final MacAddress GATEWAY_MAC = MacAddress.valueOf("02:00:00:00:00:01");
    private static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.9.10"),
            ConnectPoint.deviceConnectPoint(S1 + "/100"), Ip4Address.valueOf("10.9.9.1"),
            MacAddress.valueOf("02:00:00:00:0a:0a"));
    private static final Service ARCHIVE = new Service("archive", Ip4Address.valueOf("10.9.9.20"),
            ConnectPoint.deviceConnectPoint(S2 + "/100"), Ip4Address.valueOf("10.9.9.1"), null);
    private static final List<String> PREFIXES = List.of("10.1.1.0/29", "10.1.1.8/29", "10.1.2.0/30",
                                                         "10.1.1.0/28", "192.168.7.0/30");
    private static final List<String> VIPS = List.of("10.250.0.10", "10.250.0.11", "10.1.1.3");

    /** One verb, with the choices that parameterise it. */
    private static final class Step {
        final int verb;
        final int tenant;
        final int a;
        final int b;
        final int c;

        Step(int verb, int tenant, int a, int b, int c) {
            this.verb = verb;
            this.tenant = tenant;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        @Override
        public String toString() {
            return VERBS[verb] + "(t" + tenant + "," + a + "," + b + "," + c + ")";
        }
    }

    private static final String[] VERBS = {"add", "add", "replace", "replace", "remove", "grant", "revoke",
                                           "addService", "removeService", "learn", "replaceState", "firstPacket",
                                           "firstPacket", "usedUp", "idle", "firstPacket", "usedUp"};
    private static final SwitchCapabilities CAPS = SwitchCapabilities.perHost().withConntrack(Conntrack.ownExtensions());
    private static final long APP = 7;

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, VERBS.length - 1),
                                                   Arbitraries.integers().between(0, 3),
                                                   Arbitraries.integers().between(0, 9),
                                                   Arbitraries.integers().between(0, 9),
                                                   Arbitraries.integers().between(0, 9)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 250)
    void switchesHoldWhatAFullCompileOfTheStoredStateGives(@ForAll("steps") List<Step> steps) {
        runAndCheck(steps);
        Statistics.label("bindings").collect(bound);
        // Not vacuous: a fair share of the runs bind hosts.
        Statistics.label("bindings").coverage(c -> c.check(true).percentage(p -> p >= 5));
    }

    // Runs the steps, checking the switches after each and a restart at the end; returns the store.
    private MemoryStateStore runAndCheck(List<Step> steps) {
        bound = false;
        FakeSouthbound southbound = new FakeSouthbound();
        southbound.capabilities(CAPS);
        southbound.connect(S2);
        MemoryStateStore store = new MemoryStateStore();
        TenantNatRuntime runtime = runtime(southbound, store);
        runtime.start();
        runtime.switchConnected(S2);
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/24")), GATEWAY_MAC,
                                                      List.of(BACKUP), List.of()));
        for (Step step : steps) {
            clock.advance(Duration.ofSeconds(5));
            Map<String, ?> recordsBefore = store.records();
            Map<DeviceId, Set<FlowRule>> tablesBefore = tables(southbound);
            try {
                run(runtime, step);
            } catch (InvalidConfigException | RefusedRequestException refused) {
                assertEquals(recordsBefore, store.records(), "refused " + step + " stored nothing");
                assertEquals(tablesBefore, tables(southbound), "refused " + step + " changed no switch");
            }
            assertTablesAreAFullCompile(southbound, store, steps);
            bound |= store.records().keySet().stream().anyMatch(k -> k.startsWith("binding/"));
        }
        runtime.stop();
        FakeSouthbound afresh = new FakeSouthbound();
        afresh.capabilities(CAPS);
        TenantNatRuntime restarted = runtime(afresh, store);
        FakeSouthbound fresh = southboundOf(restarted);
        assertEquals(runtime.desiredState(), restarted.desiredState());
        assertEquals(runtime.allocation(), restarted.allocation());
        for (DeviceId d : List.of(S1, S2)) {
            assertSameRules(southbound.table(d), fresh.table(d), "restart on " + d + " after " + steps);
        }
        assertEquals(runtime.intents(), restarted.intents(), "intents after a restart, " + steps);
        restarted.stop();
        return store;
    }

    @Example
    void bindingsOfDynamicAndPatHostsAreWhatAFullCompileGives() {
        MemoryStateStore store = runAndCheck(List.of(
                new Step(0, 0, 1, 0, 4), new Step(11, 0, 0, 0, 0), new Step(11, 0, 1, 0, 0),
                new Step(0, 1, 1, 0, 5), new Step(11, 1, 0, 0, 0), new Step(13, 1, 0, 0, 0),
                new Step(13, 1, 0, 0, 0), new Step(14, 0, 0, 0, 0), new Step(2, 1, 1, 0, 5)));

        Map<String, ?> records = store.records();
        assertTrue(records.containsKey("poolblock/t0") && records.containsKey("poolblock/t1"), records.toString());
        assertEquals(4, records.keySet().stream().filter(k -> k.startsWith("binding/")).count(),
                     "t0's two hosts (one ended, held down) and t1's host with two port blocks (one connection refused "
                             + "twice by the tracker): " + records.keySet());
    }

    @Example
    void aMacLearnedByArpCompletesTheReturnPathAsAFullCompileWould() {
        runAndCheck(List.of(new Step(0, 0, 0, 0, 0), new Step(9, 0, 0, 1, 0)));
    }

    private FakeSouthbound lastFresh;
    private FakeSouthbound lastSouthbound;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T14:00:00Z"));
    /** Whether a run bound a host at some step. */
    private boolean bound;

    private TenantNatRuntime runtime(FakeSouthbound southbound, MemoryStateStore store) {
        lastFresh = southbound;
        lastSouthbound = southbound;
        return new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                    southbound, store, new LocalProgressStore(), Executors.defaultThreadFactory(),
                                    new BindingOptions(new MemoryBindingHistory(Duration.ofDays(1)), clock, 80));
    }

    // Starts a runtime on a fresh southbound with both switches connected.
    private FakeSouthbound southboundOf(TenantNatRuntime restarted) {
        FakeSouthbound fresh = lastFresh;
        fresh.connect(S2);
        restarted.start();
        return fresh;
    }

    private void run(TenantNatRuntime runtime, Step s) {
        String name = "t" + s.tenant;
        switch (VERBS[s.verb]) {
            case "add":
                runtime.addTenant(ORIGIN, tenant(s));
                break;
            case "replace":
                runtime.replaceTenant(ORIGIN, tenant(s));
                break;
            case "remove":
                runtime.removeTenant(ORIGIN, name);
                break;
            case "grant":
                runtime.grantAccess(ORIGIN, name, new Access(s.a % 2 == 0 ? "backup" : "archive",
                                                            Ip4Address.valueOf(VIPS.get(s.b % VIPS.size()))));
                break;
            case "revoke":
                runtime.revokeAccess(ORIGIN, name, s.a % 2 == 0 ? "backup" : "archive");
                break;
            case "addService":
                runtime.addService(ORIGIN, ARCHIVE);
                break;
            case "removeService":
                runtime.removeService(ORIGIN, "archive");
                break;
            case "learn":
                learn(runtime, s);
                break;
            case "firstPacket":
            case "usedUp":
                bindingRequest(runtime, s, VERBS[s.verb].equals("usedUp"));
                break;
            case "idle":
                idle(runtime, s);
                break;
            default:
                replaceState(runtime, s);
        }
    }

    // An ARP reply from a tenant's router (or the archive service) as the switch would punt it.
    private static void learn(TenantNatRuntime runtime, Step s) {
        Optional<Tenant> t = runtime.desiredState().tenant("t" + s.tenant);
        MacAddress mac = MacAddress.valueOf(new byte[]{2, 0, 0, 0, (byte) s.tenant, (byte) s.a});
        if (s.b % 3 == 0 || t.isEmpty()) {
            Ethernet reply = ARP.buildArpReply(ARCHIVE.ip(), mac, ARP.buildArpRequest(GATEWAY_MAC.toBytes(),
                    ARCHIVE.gatewayIp().toOctets(), ARCHIVE.ip().toOctets(), Ethernet.VLAN_UNTAGGED));
            runtime.packetIn(ARCHIVE.connectPoint(), reply);
            return;
        }
        Attachment at = t.get().attachment();
        short vlan = at.isTagged() ? at.vlan().toShort() : Ethernet.VLAN_UNTAGGED;
        Ethernet request = ARP.buildArpRequest(mac.toBytes(), t.get().routerIp().toOctets(),
                                               t.get().gatewayIp().toOctets(), vlan);
        runtime.packetIn(at.connectPoint(), request);
    }

    // A packet of a host of the tenant that asks for a binding, as the switch punts it (tag taken off): a first packet
    // from the tenant's source translation table, or one the tracker could not translate from its service access
    // table (found by the cookie of that rule).
    private void bindingRequest(TenantNatRuntime runtime, Step s, boolean usedUp) {
        Optional<Tenant> t = bindingTenant(runtime, s);
        if (t.isEmpty()) {
            return;
        }
        Ip4Prefix prefix = t.get().prefixes().get(0);
        Ip4Address host = Ip4Address.valueOf(prefix.address().toInt() + s.a % Math.min(4, 1 << (32
                - prefix.prefixLength())));
        Ip4Address vip = t.get().access().isEmpty() ? Ip4Address.valueOf(VIPS.get(0)) : t.get().access().get(0).vip();
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress(GATEWAY_MAC);
        frame.setPayload(new IPv4().setSourceAddress(host.toInt()).setDestinationAddress(vip.toInt())
                                 .setProtocol(IPv4.PROTOCOL_UDP).setTtl((byte) 64)
                                 .setPayload(new UDP().setSourcePort(4000 + s.b).setDestinationPort(7000)));
        long cookie = (APP << 48) | ((long) t.get().id() << 32) | 1;
        if (usedUp) {
            DeviceId device = t.get().edge();
            cookie = lastSouthbound.table(device).stream()
                    .filter(r -> r.tableId() == PipelineSettings.DEFAULTS.tableId(PipelineTable.SERVICE_ACCESS)
                            && r.selector().getCriterion(Criterion.Type.EXTENSION) != null
                            && RuleCookie.tenantOf(r.id()) == t.get().id())
                    .map(r -> r.id().value()).findFirst().orElse(cookie);
        }
        runtime.packetIn(t.get().attachment().connectPoint(), frame, cookie);
        await(runtime);
    }

    // The step's tenant when it binds hosts, else the next one that does.
    private static Optional<Tenant> bindingTenant(TenantNatRuntime runtime, Step s) {
        for (int i = 0; i < 4; i++) {
            Optional<Tenant> t = runtime.desiredState().tenant("t" + (s.tenant + i) % 4)
                    .filter(x -> x.translation().bindsHosts());
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    // The switch reports one of the tenant's idle rules removed.
    private void idle(TenantNatRuntime runtime, Step s) {
        Optional<Tenant> t = bindingTenant(runtime, s);
        if (t.isEmpty()) {
            return;
        }
        DeviceId device = t.get().edge();
        List<FlowRule> idle = lastSouthbound.table(device).stream()
                .filter(r -> !r.isPermanent() && RuleCookie.tenantOf(r.id()) == t.get().id())
                .sorted(java.util.Comparator.comparing(r -> r.selector().toString()))
                .collect(Collectors.toList());
        if (!idle.isEmpty()) {
            runtime.ruleRemoved(device, idle.get(s.a % idle.size()));
        }
    }

    private static void await(TenantNatRuntime runtime) {
        try {
            assertTrue(runtime.awaitBindings(10000), "bindings settle");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // The whole state again, with another pool or the tenants shuffled, possibly invalid.
    private static void replaceState(TenantNatRuntime runtime, Step s) {
        DesiredState now = runtime.desiredState();
        List<Tenant> tenants = new ArrayList<>(now.tenants());
        if (s.a % 3 == 0 && !tenants.isEmpty()) {
            tenants.remove(s.b % tenants.size());
        }
        String pool = s.c % 2 == 0 ? "100.64.0.0/24" : "100.64.8.0/23";
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf(pool)), GATEWAY_MAC,
                                                      now.services(), tenants));
    }

    private static Tenant tenant(Step s) {
        DeviceId device = s.a % 3 == 0 ? S2 : S1;
        VlanId vlan = s.b % 3 == 0 ? VlanId.NONE : VlanId.vlanId((short) (100 * (s.b % 3)));
        List<Ip4Prefix> prefixes = new ArrayList<>();
        prefixes.add(Ip4Prefix.valueOf(PREFIXES.get(s.c % PREFIXES.size())));
        if (s.a % 2 == 0) {
            prefixes.add(Ip4Prefix.valueOf(PREFIXES.get((s.c + 2) % PREFIXES.size())));
        }
        List<Access> access = new ArrayList<>();
        if (s.b % 2 == 0 || s.c % 3 != 0) {
            // Dynamic and pat tenants get a VIP outside every prefix, so that their hosts have somewhere to go.
            int vip = s.c % 3 == 0 ? s.c % VIPS.size() : s.c % 2;
            access.add(new Access("backup", Ip4Address.valueOf(VIPS.get(vip))));
        }
        return Tenant.builder().name("t" + s.tenant).id(s.c == 9 ? 1 : s.tenant + 1)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint(device + "/" + (1 + s.c % 3)), vlan))
                .routerIp(Ip4Address.valueOf("192.168.100.2")).gatewayIp(Ip4Address.valueOf("192.168.100.1"))
                .routerMac(s.a % 4 == 1 ? MacAddress.valueOf("02:00:00:00:01:0" + s.tenant) : null)
                .prefixes(prefixes).translation(translation(s)).access(access).build();
    }

    // Static, dynamic with a block of 4 addresses, or pat with 3 blocks on each of 2 addresses.
    private static TranslationPolicy translation(Step s) {
        switch (s.c % 3) {
            case 1:
                return TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(30).maxHosts(3)
                        .idleTimeout(60).build();
            case 2:
                return TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(31).portBlockSize(16384)
                        .maxPortBlocks(2).build();
            default:
                return TranslationPolicy.STATIC;
        }
    }

    private static void assertTablesAreAFullCompile(FakeSouthbound southbound, MemoryStateStore store,
                                                    List<Step> steps) {
        StoredState stored = store.load();
        Map<Neighbour, MacAddress> macs = new HashMap<>();
        stored.records().neighbours().forEach((n, mac) -> mac.ifPresent(m -> macs.put(n, m)));
        PipelineCompiler compiler = new PipelineCompiler(new DefaultApplicationId(7, "org.tenantnat"),
                                                         PipelineSettings.DEFAULTS);
        PipelineInput input = storedInput(stored, macs);
        for (DeviceId d : List.of(S1, S2)) {
            CompiledPipeline full = new CompiledPipeline(d, compiler.forSwitch(d, southbound.capabilities(d))
                    .all(input));
            assertSameRules(full.allRules(), southbound.table(d), "switch " + d + " after " + steps);
        }
    }

    // What the compiler reads, from the stored records alone: the document, blocks, pool blocks and bindings.
    private static PipelineInput storedInput(StoredState stored, Map<Neighbour, MacAddress> macs) {
        PipelineInput document = PipelineInput.of(stored.desiredState(), stored.allocation(),
                                                  n -> Optional.ofNullable(macs.get(n)));
        Map<String, Ip4Prefix> poolBlocks = new HashMap<>();
        stored.records().poolBlocks().forEach((t, b) -> b.ifPresent(p -> poolBlocks.put(t, p)));
        List<Binding> inForce = new ArrayList<>();
        stored.records().bindings().values().forEach(b -> b.filter(x -> x.to().isEmpty()).ifPresent(inForce::add));
        return new PipelineInput() {
            @Override
            public MacAddress gatewayMac() {
                return document.gatewayMac();
            }

            @Override
            public List<Ip4Prefix> pool() {
                return document.pool();
            }

            @Override
            public Optional<Service> service(String name) {
                return document.service(name);
            }

            @Override
            public Collection<Service> servicesOn(DeviceId device) {
                return document.servicesOn(device);
            }

            @Override
            public Collection<Tenant> tenantsOn(DeviceId device) {
                return document.tenantsOn(device);
            }

            @Override
            public List<TranslatedBlock> blocks(String tenant) {
                return document.blocks(tenant);
            }

            @Override
            public Optional<MacAddress> learnedMac(Neighbour neighbour) {
                return document.learnedMac(neighbour);
            }

            @Override
            public Collection<Service> services() {
                return document.services();
            }

            @Override
            public Collection<Tenant> tenants() {
                return document.tenants();
            }

            @Override
            public Set<DeviceId> edgesUsing(String service) {
                return document.edgesUsing(service);
            }

            @Override
            public Fabric fabric() {
                return document.fabric();
            }

            @Override
            public Optional<Ip4Prefix> poolBlock(String tenant) {
                return Optional.ofNullable(poolBlocks.get(tenant));
            }

            @Override
            public Collection<Ip4Address> boundHosts(String tenant) {
                return inForce.stream().filter(b -> b.tenant().equals(tenant)).map(Binding::original)
                        .collect(Collectors.toSet());
            }

            @Override
            public List<Binding> bindings(String tenant, Ip4Address host) {
                return inForce.stream().filter(b -> b.tenant().equals(tenant) && b.original().equals(host))
                        .sorted(BindingIndex.ORDER).collect(Collectors.toList());
            }
        };
    }

    private static Map<DeviceId, Set<FlowRule>> tables(FakeSouthbound southbound) {
        return Map.of(S1, southbound.table(S1), S2, southbound.table(S2));
    }

    // Rule for rule, with the cookie and the treatment (FlowRule equality compares neither).
    private static void assertSameRules(Set<FlowRule> expected, Set<FlowRule> actual, String where) {
        Map<FlowRule, FlowRule> byMatch = new HashMap<>();
        actual.forEach(r -> byMatch.put(r, r));
        List<String> differences = new ArrayList<>();
        for (FlowRule e : expected) {
            FlowRule a = byMatch.remove(e);
            if (a == null) {
                differences.add("missing " + e.selector() + " -> " + e.treatment().allInstructions());
            } else if (!a.id().equals(e.id()) || !a.treatment().equals(e.treatment())) {
                differences.add("differs " + e.selector() + " -> " + a.treatment().allInstructions());
            }
        }
        byMatch.keySet().forEach(a -> differences.add("extra " + a.selector()));
        assertTrue(differences.isEmpty(), () -> where + ": " + differences);
    }
}
