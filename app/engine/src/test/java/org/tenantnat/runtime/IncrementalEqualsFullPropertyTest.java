package org.tenantnat.runtime;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.Origin;
import org.tenantnat.api.RefusedRequestException;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.store.StoredState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental engine and a full recompute agree: after any sequence of verbs (tenants added, edited, removed;
 * access granted and revoked; services added and removed; MACs learned by ARP; the whole state replaced, pool
 * included), each switch holds exactly the rules a full compile of the stored state gives, rule for rule with
 * cookies and treatments, and a runtime started afresh on the same store programs the same tables and reports the
 * same intents. Refused verbs change neither the store nor any switch.
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
                                           "addService", "removeService", "learn", "replaceState"};

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
        FakeSouthbound southbound = new FakeSouthbound();
        southbound.connect(S2);
        MemoryStateStore store = new MemoryStateStore();
        TenantNatRuntime runtime = runtime(southbound, store);
        runtime.start();
        runtime.switchConnected(S2);
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/24")), GATEWAY_MAC,
                                                      List.of(BACKUP), List.of()));
        for (Step step : steps) {
            Map<String, ?> recordsBefore = store.records();
            Map<DeviceId, Set<FlowRule>> tablesBefore = tables(southbound);
            try {
                run(runtime, step);
            } catch (InvalidConfigException | RefusedRequestException refused) {
                assertEquals(recordsBefore, store.records(), "refused " + step + " stored nothing");
                assertEquals(tablesBefore, tables(southbound), "refused " + step + " changed no switch");
            }
            assertTablesAreAFullCompile(southbound, store, steps);
        }
        runtime.stop();
        TenantNatRuntime restarted = runtime(new FakeSouthbound(), store);
        FakeSouthbound fresh = southboundOf(restarted);
        assertEquals(runtime.desiredState(), restarted.desiredState());
        assertEquals(runtime.allocation(), restarted.allocation());
        for (DeviceId d : List.of(S1, S2)) {
            assertSameRules(southbound.table(d), fresh.table(d), "restart on " + d + " after " + steps);
        }
        assertEquals(runtime.intents(), restarted.intents(), "intents after a restart, " + steps);
        restarted.stop();
    }

    @Example
    void aMacLearnedByArpCompletesTheReturnPathAsAFullCompileWould() {
        switchesHoldWhatAFullCompileOfTheStoredStateGives(List.of(new Step(0, 0, 0, 0, 0), new Step(9, 0, 0, 1, 0)));
    }

    private FakeSouthbound lastFresh;

    private TenantNatRuntime runtime(FakeSouthbound southbound, MemoryStateStore store) {
        lastFresh = southbound;
        return new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                    southbound, store);
    }

    // Starts a runtime on a fresh southbound with both switches connected.
    private FakeSouthbound southboundOf(TenantNatRuntime restarted) {
        FakeSouthbound fresh = lastFresh;
        fresh.connect(S2);
        restarted.start();
        return fresh;
    }

    private static void run(TenantNatRuntime runtime, Step s) {
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
        if (s.b % 2 == 0) {
            access.add(new Access("backup", Ip4Address.valueOf(VIPS.get(s.c % VIPS.size()))));
        }
        return Tenant.builder().name("t" + s.tenant).id(s.c == 9 ? 1 : s.tenant + 1)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint(device + "/" + (1 + s.c % 3)), vlan))
                .routerIp(Ip4Address.valueOf("192.168.100.2")).gatewayIp(Ip4Address.valueOf("192.168.100.1"))
                .routerMac(s.a % 4 == 1 ? MacAddress.valueOf("02:00:00:00:01:0" + s.tenant) : null)
                .prefixes(prefixes).translation(TranslationPolicy.STATIC).access(access).build();
    }

    private static void assertTablesAreAFullCompile(FakeSouthbound southbound, MemoryStateStore store,
                                                    List<Step> steps) {
        StoredState stored = store.load();
        Map<org.tenantnat.api.model.Neighbour, MacAddress> macs = new HashMap<>();
        stored.records().neighbours().forEach((n, mac) -> mac.ifPresent(m -> macs.put(n, m)));
        PipelineCompiler compiler = new PipelineCompiler(new DefaultApplicationId(7, "org.tenantnat"),
                                                         PipelineSettings.DEFAULTS);
        for (DeviceId d : List.of(S1, S2)) {
            CompiledPipeline full = compiler.compile(d, stored.desiredState(), stored.allocation(),
                                                     n -> Optional.ofNullable(macs.get(n)),
                                                     southbound.capabilities(d));
            assertSameRules(full.allRules(), southbound.table(d), "switch " + d + " after " + steps);
        }
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
