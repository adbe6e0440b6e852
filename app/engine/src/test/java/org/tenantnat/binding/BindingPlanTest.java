package org.tenantnat.binding;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.store.StateChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bindings are planned against those in force: the lowest free slot, nothing held down reused before its hold-down
 * is over, the host and port-block limits refusing with a reason, and a batch never handing out a slot twice.
 */
class BindingPlanTest {

    private static final Ip4Prefix BLOCK = Ip4Prefix.valueOf("100.64.7.0/30");
    private static final Instant T0 = Instant.parse("2026-11-24T14:00:00Z");

    private final BindingIndex index = new BindingIndex();

    private static Tenant tenant(TranslationPolicy policy) {
        return Tenant.builder().name("acme").id(1)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/1"), VlanId.NONE))
                .routerIp(Ip4Address.valueOf("10.0.0.254")).gatewayIp(Ip4Address.valueOf("10.0.0.1"))
                .prefixes(List.of(Ip4Prefix.valueOf("10.0.0.0/8"))).translation(policy).build();
    }

    private static Tenant dynamic(Integer maxHosts, int holdDown) {
        return tenant(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(30).maxHosts(maxHosts)
                              .holdDown(holdDown).build());
    }

    private static Tenant pat(int maxPortBlocks) {
        return tenant(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(32).portBlockSize(16384)
                              .maxPortBlocks(maxPortBlocks).build());
    }

    private static Ip4Address host(int i) {
        return Ip4Address.valueOf("10.20.0." + i);
    }

    private void layout(Tenant t, Ip4Prefix block) {
        index.layout(t.name(), Optional.of(block), Optional.of(t.translation()));
    }

    private StateChange commit(BindingPlan plan) {
        StateChange change = plan.change();
        index.apply(change.bindings());
        return change;
    }

    @Test
    void aHostGetsTheLowestFreeAddressOfItsPoolBlockOnce() {
        Tenant t = dynamic(null, 60);
        layout(t, BLOCK);
        BindingPlan plan = new BindingPlan(index, T0);

        BindingPlan.Outcome first = plan.firstPacket(t, BLOCK, host(1));
        BindingPlan.Outcome again = plan.firstPacket(t, BLOCK, host(1));
        BindingPlan.Outcome second = plan.firstPacket(t, BLOCK, host(2));
        StateChange change = commit(plan);

        assertEquals(Ip4Address.valueOf("100.64.7.0"), first.bound().get(0).translated());
        assertEquals(first.bound(), again.bound(), "a second packet of the same host keeps its binding");
        assertFalse(again.made());
        assertEquals(Ip4Address.valueOf("100.64.7.1"), second.bound().get(0).translated());
        assertEquals(2, change.size(), "one record per binding, nothing else");
        assertTrue(change.onlyBindings());
        assertEquals(Optional.of(T0), first.bound().get(0).from());
    }

    @Test
    void aReleasedAddressIsHeldDownThenTheLowestFreeIsReused() {
        Tenant t = dynamic(null, 60);
        layout(t, BLOCK);
        BindingPlan bind = new BindingPlan(index, T0);
        for (int i = 1; i <= 4; i++) {
            bind.firstPacket(t, BLOCK, host(i));
        }
        commit(bind);
        BindingPlan idle = new BindingPlan(index, T0.plusSeconds(10));
        idle.idle("acme", host(3));
        commit(idle);
        BindingPlan idleLater = new BindingPlan(index, T0.plusSeconds(20));
        idleLater.idle("acme", host(1));
        commit(idleLater);

        BindingPlan early = new BindingPlan(index, T0.plusSeconds(69));
        BindingPlan.Outcome refused = early.firstPacket(t, BLOCK, host(5));
        BindingPlan afterHoldDown = new BindingPlan(index, T0.plusSeconds(70));
        BindingPlan.Outcome reused = afterHoldDown.firstPacket(t, BLOCK, host(5));
        BindingPlan.Outcome none = afterHoldDown.firstPacket(t, BLOCK, host(6));

        assertEquals(Optional.of(Refusal.POOL_BLOCK_FULL), refused.refusal());
        assertEquals("no free address in tenant acme's pool block 100.64.7.0/30: 2 in use, 2 held down for 60 s "
                             + "after release", refused.reason().orElseThrow());
        assertEquals(Ip4Address.valueOf("100.64.7.2"), reused.bound().get(0).translated(),
                     "host 1's lower address is still held down at 70 s; host 3's was released 60 s ago");
        assertEquals(Optional.of(Refusal.POOL_BLOCK_FULL), none.refusal());
    }

    @Test
    void onceEveryHoldDownIsOverTheLowestAddressComesFirstWhicheverWasReleasedFirst() {
        Tenant t = dynamic(null, 5);
        layout(t, BLOCK);
        BindingPlan bind = new BindingPlan(index, T0);
        bind.firstPacket(t, BLOCK, host(1));
        bind.firstPacket(t, BLOCK, host(2));
        commit(bind);
        BindingPlan second = new BindingPlan(index, T0.plusSeconds(10));
        second.idle("acme", host(2));
        commit(second);
        BindingPlan first = new BindingPlan(index, T0.plusSeconds(20));
        first.idle("acme", host(1));
        commit(first);
        BindingPlan sweep = new BindingPlan(index, T0.plusSeconds(26));
        sweep.dropHeldDown("acme", 5);
        commit(sweep);

        BindingPlan.Outcome next = new BindingPlan(index, T0.plusSeconds(26)).firstPacket(t, BLOCK, host(3));

        assertEquals(Ip4Address.valueOf("100.64.7.0"), next.bound().get(0).translated());
    }

    @Test
    void aBurstTakesTheLowestFreeAddressesInTurnAndAnAddressFreedBelowThemComesFirstAfter() {
        Ip4Prefix block = Ip4Prefix.valueOf("100.64.8.0/24");
        Tenant t = tenant(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(24).holdDown(5)
                                  .build());
        layout(t, block);
        BindingPlan first = new BindingPlan(index, T0);
        for (int i = 0; i < 70; i++) {
            first.firstPacket(t, block, Ip4Address.valueOf("10.1.0." + i));
        }
        commit(first);
        BindingPlan burst = new BindingPlan(index, T0);
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            taken.add(burst.firstPacket(t, block, Ip4Address.valueOf("10.2.0." + i)).bound().get(0).translated()
                              .toInt() - block.address().toInt());
        }
        commit(burst);
        BindingPlan idle = new BindingPlan(index, T0.plusSeconds(1));
        idle.idle("acme", Ip4Address.valueOf("10.1.0.3"));
        commit(idle);
        BindingPlan sweep = new BindingPlan(index, T0.plusSeconds(6));
        sweep.dropHeldDown("acme", 5);
        commit(sweep);

        BindingPlan later = new BindingPlan(index, T0.plusSeconds(6));
        Ip4Address reused = later.firstPacket(t, block, Ip4Address.valueOf("10.3.0.1")).bound().get(0).translated();
        Ip4Address next = later.firstPacket(t, block, Ip4Address.valueOf("10.3.0.2")).bound().get(0).translated();

        assertEquals(IntStream.range(70, 220).boxed().collect(Collectors.toList()), taken,
                     "past the 70 in use, across 64-address words, each once");
        assertEquals(Ip4Address.valueOf("100.64.8.3"), reused, "freed below every address in use");
        assertEquals(Ip4Address.valueOf("100.64.8.220"), next);
    }

    @Test
    void theHostLimitRefusesOneHostMore() {
        Tenant t = dynamic(2, 60);
        layout(t, BLOCK);
        BindingPlan plan = new BindingPlan(index, T0);
        plan.firstPacket(t, BLOCK, host(1));
        plan.firstPacket(t, BLOCK, host(2));

        BindingPlan.Outcome third = plan.firstPacket(t, BLOCK, host(3));

        assertEquals(Optional.of(Refusal.MAX_HOSTS), third.refusal());
        assertEquals("tenant acme has 2 hosts bound, its maxHosts; host 10.20.0.3 waits until one is idle for "
                             + "300 s", third.reason().orElseThrow());
        assertEquals(2, commit(plan).size());
    }

    @Test
    void aPatHostGetsAnotherPortBlockUpToItsLimit() {
        Tenant t = pat(2);
        Ip4Prefix block = Ip4Prefix.valueOf("100.64.7.9/32");
        layout(t, block);
        BindingPlan first = new BindingPlan(index, T0);
        first.firstPacket(t, block, host(1));
        commit(first);

        BindingPlan soon = new BindingPlan(index, T0.plusMillis(100));
        BindingPlan.Outcome inFlight = soon.portBlockUsedUp(t, block, host(1), true);
        BindingPlan later = new BindingPlan(index, T0.plusSeconds(5));
        BindingPlan.Outcome grown = later.portBlockUsedUp(t, block, host(1), false);
        BindingPlan.Outcome twice = later.portBlockUsedUp(t, block, host(1), false);
        commit(later);
        BindingPlan more = new BindingPlan(index, T0.plusSeconds(10));
        BindingPlan.Outcome refused = more.portBlockUsedUp(t, block, host(1), false);

        assertFalse(inFlight.made(), "packets refused before the newest block reached the switch get no block");
        assertEquals(List.of(new PortRange(16384, 32767)), ports(inFlight.bound()));
        assertTrue(grown.made());
        assertEquals(List.of(new PortRange(16384, 32767), new PortRange(32768, 49151)), ports(grown.bound()));
        assertFalse(twice.made(), "one more block per host per batch");
        assertEquals(Optional.of(Refusal.MAX_PORT_BLOCKS), refused.refusal());
        assertEquals("host 10.20.0.1 of tenant acme holds 2 port blocks of 16384 ports, its maxPortBlocks",
                     refused.reason().orElseThrow());
    }

    @Test
    void aBatchNeverHandsOutOneSlotTwice() {
        Tenant t = tenant(TranslationPolicy.builder(TranslationPolicy.Mode.PAT).blockSize(31).portBlockSize(16384)
                                  .build());
        Ip4Prefix block = Ip4Prefix.valueOf("100.64.7.0/31");
        layout(t, block);
        BindingPlan plan = new BindingPlan(index, T0);
        for (int i = 1; i <= 6; i++) {
            plan.firstPacket(t, block, host(i));
        }
        StateChange change = commit(plan);

        assertEquals(6, change.bindings().size(), "2 addresses x 3 blocks of 16384 ports above 1024");
        assertEquals(6, index.slotsInUse("acme"));
        BindingPlan.Outcome seventh = new BindingPlan(index, T0).firstPacket(t, block, host(7));
        assertEquals(Optional.of(Refusal.POOL_BLOCK_FULL), seventh.refusal());
    }

    @Test
    void idleEndsEveryBlockOfAHostAndRecordsPastHoldDownAreDropped() {
        Tenant t = pat(4);
        Ip4Prefix block = Ip4Prefix.valueOf("100.64.7.9/32");
        layout(t, block);
        BindingPlan bind = new BindingPlan(index, T0);
        bind.firstPacket(t, block, host(1));
        commit(bind);
        BindingPlan idle = new BindingPlan(index, T0.plusSeconds(300));
        List<Binding> ended = idle.idle("acme", host(1));
        commit(idle);

        BindingPlan tooEarly = new BindingPlan(index, T0.plusSeconds(359));
        int kept = tooEarly.dropHeldDown("acme", 60);
        BindingPlan sweep = new BindingPlan(index, T0.plusSeconds(360));
        int dropped = sweep.dropHeldDown("acme", 60);
        commit(sweep);

        assertEquals(1, ended.size());
        assertEquals(Optional.of(T0.plusSeconds(300)), ended.get(0).to());
        assertTrue(index.inForce("acme", host(1)).isEmpty());
        assertEquals(0, kept);
        assertEquals(1, dropped);
        assertTrue(index.records("acme").isEmpty());
    }

    private static List<PortRange> ports(List<Binding> bindings) {
        return bindings.stream().map(b -> b.ports().orElseThrow()).collect(java.util.stream.Collectors.toList());
    }
}
