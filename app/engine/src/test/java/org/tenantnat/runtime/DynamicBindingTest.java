package org.tenantnat.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.binding.BindingOptions;
import org.tenantnat.binding.MemoryBindingHistory;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.RuleDelta;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dynamic tenant through the runtime: a first packet costs one binding record and that host's own rules, and is
 * released through the pipeline tagged as it came; an idle host's binding ends and its address is held down; a
 * restart keeps bindings and their rules; the host limit refuses, counts and raises the tenant's FAILED state; the
 * audit trail answers for a binding that ended.
 */
class DynamicBindingTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final Ip4Address VIP = Ip4Address.valueOf("172.31.250.10");
    private static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.9.10"),
            ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/10"), Ip4Address.valueOf("10.9.9.1"),
            MacAddress.valueOf("02:00:00:00:0a:0a"));
    private static final ConnectPoint ATTACHMENT = ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/1");
    private static final long COOKIE = (7L << 48) | (5L << 32) | 0x1234;

    private final FakeSouthbound southbound = new FakeSouthbound();
    private final MemoryStateStore store = new MemoryStateStore();
    private final MemoryBindingHistory history = new MemoryBindingHistory(Duration.ofDays(30));
    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T14:00:00Z"));
    private final List<Long> setups = Collections.synchronizedList(new ArrayList<>());
    private TenantNatRuntime runtime;

    private static Tenant acme(Integer maxHosts) {
        return Tenant.builder().name("acme").id(5)
                .attachment(new Attachment(ATTACHMENT, VlanId.vlanId((short) 100)))
                .routerIp(Ip4Address.valueOf("10.0.0.254")).routerMac(MacAddress.valueOf("02:00:00:00:01:01"))
                .gatewayIp(Ip4Address.valueOf("10.0.0.1")).prefixes(List.of(Ip4Prefix.valueOf("10.0.0.0/8")))
                .translation(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(24)
                                     .maxHosts(maxHosts).idleTimeout(60).holdDown(120).build())
                .access(List.of(new Access("backup", VIP))).build();
    }

    private TenantNatRuntime runtime() {
        return new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                    southbound, store, new LocalProgressStore(), Executors.defaultThreadFactory(),
                                    new BindingOptions(history, clock, 75).observingSetup(setups::add));
    }

    @BeforeEach
    void setUp() {
        runtime = runtime();
        runtime.start();
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/16")),
                                                      MacAddress.valueOf("02:00:00:00:00:01"), List.of(BACKUP),
                                                      List.of(acme(null))));
    }

    @AfterEach
    void tearDown() {
        runtime.stop();
    }

    // A first packet as the switch punts it from the source translation table: the classifier took the tag off.
    private static Ethernet firstPacket(String host) {
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress("02:00:00:00:00:01");
        frame.setPayload(new IPv4().setSourceAddress(host).setDestinationAddress(VIP.toString()).setTtl((byte) 64)
                                 .setProtocol(IPv4.PROTOCOL_UDP).setPayload(new UDP().setSourcePort(40123)
                                         .setDestinationPort(7000).setPayload(new Data("hello".getBytes()))));
        return frame;
    }

    private void send(String host) throws InterruptedException {
        runtime.packetIn(ATTACHMENT, firstPacket(host), COOKIE);
        assertTrue(runtime.awaitBindings(5000));
    }

    @Test
    void eachReleasedFirstPacketReportsItsSetupFromArrivalToReleaseAfterTheSwitchConfirmed() throws Exception {
        southbound.holdConfirmations();
        long beforeSent = System.nanoTime();
        runtime.packetIn(ATTACHMENT, firstPacket("10.20.30.40"), COOKIE);
        runtime.packetIn(ATTACHMENT, firstPacket("10.20.30.41"), COOKIE);
        long afterSent = System.nanoTime();
        assertTrue(runtime.awaitBindings(5000));
        assertTrue(setups.isEmpty(), "nothing released before the switch confirmed the hosts' rules");

        long beforeConfirmed = System.nanoTime();
        southbound.confirmHeld();
        southbound.awaitInjected(2, Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (setups.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long afterReleased = System.nanoTime();

        assertEquals(2, setups.size(), "one setup time per released packet");
        for (long nanos : List.copyOf(setups)) {
            assertTrue(nanos >= beforeConfirmed - afterSent, "counts the wait for the switch: " + nanos);
            assertTrue(nanos <= afterReleased - beforeSent, "no longer than the packet was held: " + nanos);
        }
    }

    /** A thread that holds the runtime's lock, as a commit does, until freed. */
    private final class BusyRuntime {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch freed = new CountDownLatch(1);
        private final Thread thread = new Thread(() -> {
            synchronized (runtime) {
                holding.countDown();
                try {
                    freed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        BusyRuntime() throws InterruptedException {
            thread.start();
            assertTrue(holding.await(5, TimeUnit.SECONDS), "the runtime's lock taken");
        }

        void free() throws InterruptedException {
            freed.countDown();
            thread.join();
        }
    }

    @Test
    void aFirstPacketIsTakenWhileTheRuntimeIsBusySoASwitchChannelNeverWaitsForACommit() throws Exception {
        BusyRuntime busy = new BusyRuntime();
        ExecutorService channel = Executors.newSingleThreadExecutor();
        try {
            Future<?> taken = channel.submit(() -> runtime.packetIn(ATTACHMENT, firstPacket("10.20.30.40"), COOKIE));

            taken.get(5, TimeUnit.SECONDS);
        } finally {
            busy.free();
            channel.shutdown();
        }
        assertTrue(runtime.awaitBindings(5000));
        assertEquals(1, runtime.bindings(Optional.of("acme")).size(), "bound once the runtime was free");
    }

    @Test
    void heldPacketsLeaveAsTheSwitchConfirmsTheirRulesEvenWhileTheRuntimeIsBusy() throws Exception {
        southbound.holdConfirmations();
        send("10.20.30.40");
        BusyRuntime busy = new BusyRuntime();
        // The switch's reply thread: it hears the confirmation, then waits for the runtime to note it.
        Thread confirming = new Thread(southbound::confirmHeld);
        try {
            confirming.start();

            assertEquals(1, southbound.awaitInjected(1, Duration.ofSeconds(5)).size(),
                         "released on the switch's confirmation, not once the runtime is free");
            assertEquals(List.of(ATTACHMENT), southbound.injectedPorts());
        } finally {
            busy.free();
        }
        confirming.join(5000);
        assertFalse(confirming.isAlive(), "the confirmation is noted once the runtime is free");
    }

    @Test
    void aSlash8CustomerGetsASlash24PoolBlock() {
        BindingUsage usage = runtime.usage().get(0);

        assertEquals(Ip4Prefix.valueOf("100.64.0.0/24"), usage.poolBlock());
        assertEquals(256, usage.capacity());
        assertEquals(256L, runtime.poolUsage().perTenant().get("acme"));
        assertEquals(256L, runtime.poolUsage().allocated());
    }

    @Test
    void aFirstPacketCostsOneBindingRecordAndItsHostsRulesAndIsReleasedTagged() throws Exception {
        int commits = store.saves();
        int written = store.recordsWritten();
        int deltas = southbound.deltas().size();

        send("10.20.30.40");

        assertEquals(commits + 1, store.saves(), "one commit");
        assertEquals(written + 1, store.recordsWritten(), "one record");
        assertEquals(List.of(new Binding("acme", Ip4Address.valueOf("10.20.30.40"),
                                         Ip4Address.valueOf("100.64.0.0"), null,
                                         Instant.parse("2026-11-24T14:00:00Z"), null)),
                     runtime.bindings(Optional.empty()));
        List<RuleDelta> sent = southbound.deltas().subList(deltas, southbound.deltas().size());
        assertEquals(1, sent.size(), "one batch");
        assertEquals(2, sent.get(0).toAdd().size(), "the host's source rewrite and its way back");
        assertTrue(sent.get(0).toRemove().isEmpty());
        FlowRule forward = forwardRule("10.20.30.40");
        assertEquals(60, forward.timeout(), "the switch removes it when idle for the tenant's idle timeout");
        List<Ethernet> released = southbound.awaitInjected(1, Duration.ofSeconds(5));
        assertEquals(1, released.size());
        assertEquals(100, released.get(0).getVlanID(), "tagged again, as it came in on the trunk");
        assertEquals(List.of(ATTACHMENT), southbound.injectedPorts());
    }

    @Test
    void anIdleHostsBindingEndsItsAddressIsHeldDownAndTheTrailStillAnswers() throws Exception {
        send("10.20.30.40");
        FlowRule forward = forwardRule("10.20.30.40");
        clock.advance(Duration.ofSeconds(90));

        runtime.ruleRemoved(FakeSouthbound.SWITCH, forward);
        send("10.20.30.41");

        assertTrue(southbound.table(FakeSouthbound.SWITCH).stream().noneMatch(r -> r.id().equals(forward.id())));
        assertEquals(List.of(Ip4Address.valueOf("100.64.0.1")), runtime.bindings(Optional.empty()).stream()
                .map(Binding::translated).collect(Collectors.toList()), "100.64.0.0 is held down for 120 s");
        List<Binding> who = runtime.lookup(Ip4Address.valueOf("100.64.0.0"), -1,
                                           Instant.parse("2026-11-24T14:00:30Z"));
        assertEquals(1, who.size());
        assertEquals(Ip4Address.valueOf("10.20.30.40"), who.get(0).original());
        assertEquals(Optional.of(Instant.parse("2026-11-24T14:01:30Z")), who.get(0).to());
        assertTrue(runtime.lookup(Ip4Address.valueOf("100.64.0.0"), -1, Instant.parse("2026-11-24T14:01:31Z"))
                           .isEmpty());
    }

    @Test
    void aStaleIdleReportOfARuleSentAgainLeavesTheBinding() throws Exception {
        send("10.20.30.40");
        FlowRule forward = forwardRule("10.20.30.40");
        // The host sends while the switch drops its rule as idle: its packet comes as a first packet again.
        send("10.20.30.40");

        runtime.ruleRemoved(FakeSouthbound.SWITCH, forward);

        assertEquals(1, runtime.bindings(Optional.empty()).size());
        assertEquals(2, southbound.awaitInjected(2, Duration.ofSeconds(5)).size());
    }

    @Test
    void aRestartKeepsBindingsAndTheirRules() throws Exception {
        send("10.20.30.40");
        FlowRule forward = forwardRule("10.20.30.40");
        runtime.stop();

        runtime = runtime();
        runtime.start();

        assertEquals(1, runtime.bindings(Optional.empty()).size());
        assertTrue(southbound.table(FakeSouthbound.SWITCH).stream()
                           .anyMatch(r -> r.id().equals(forward.id()) && r.treatment().equals(forward.treatment())));
    }

    @Test
    void hostsBeyondTheLimitAreRefusedCountedAndTheTenantFails() throws Exception {
        runtime.replaceTenant(ORIGIN, acme(2));
        send("10.20.30.40");
        send("10.20.30.41");

        send("10.20.30.42");

        assertEquals(2, runtime.bindings(Optional.empty()).size());
        BindingUsage usage = runtime.usage().get(0);
        assertEquals(Long.valueOf(1), usage.refusals().get("maxHosts"));
        assertEquals(BindingUsage.State.FAILED, usage.state());
        assertTrue(usage.reason().orElseThrow().startsWith("tenant acme has 2 hosts bound, its maxHosts"),
                   usage.toString());
        assertEquals(2, usage.peak());
        assertEquals(2, southbound.awaitInjected(3, Duration.ofMillis(200)).size(), "the refused packet is dropped");
    }

    @Test
    void usageAtTheThresholdRaisesTheAlarm() throws Exception {
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/16")),
                MacAddress.valueOf("02:00:00:00:00:01"), List.of(BACKUP), List.of(acme(null).toBuilder()
                        .translation(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(30).build())
                        .build())));
        send("10.20.30.40");
        send("10.20.30.41");
        assertEquals(BindingUsage.State.OK, runtime.usage().get(0).state());

        send("10.20.30.42");

        BindingUsage usage = runtime.usage().get(0);
        assertEquals(BindingUsage.State.ALARM, usage.state());
        assertEquals("3 of 4 addresses in use, at or above the alarm threshold of 75%", usage.reason().orElseThrow());
    }

    @Test
    void patIsRefusedAtConfigTimeOnAConnectedSwitchWithoutConntrack() {
        Tenant pat = acme(null).toBuilder().name("umbrella").id(6)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/2"),
                                           VlanId.NONE))
                .translation(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(32).build()).build();
        int commits = store.saves();

        InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidConfigException.class, () -> runtime.addTenant(ORIGIN, pat));

        assertEquals("tenants[umbrella].translation.mode", e.errors().get(0).field());
        assertEquals("tenant umbrella: pat translation needs a switch with a connection tracker (Open vSwitch); "
                             + FakeSouthbound.SWITCH + " has none (per_host)", e.errors().get(0).message());
        assertEquals(commits, store.saves(), "nothing stored");
    }

    private FlowRule forwardRule(String host) {
        return southbound.table(FakeSouthbound.SWITCH).stream()
                .filter(r -> !r.isPermanent() && r.selector().getCriterion(Criterion.Type.IPV4_SRC) != null
                        && ((IPCriterion) r.selector().getCriterion(Criterion.Type.IPV4_SRC)).ip()
                        .equals(Ip4Address.valueOf(host).toIpPrefix()))
                .findFirst().orElseThrow(() -> new AssertionError("no idle rule for " + host));
    }
}
