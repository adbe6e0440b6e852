package org.tenantnat.binding;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.store.StateChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the binding records of a batch of requests against the bindings in force, so that a burst of first packets
 * costs one commit: bindings for hosts' first packets, another port block for a pat host that used its blocks up,
 * and the end of idle hosts' bindings. Slots planned earlier in the batch are not handed out again. Nothing is
 * changed here: the runtime commits the change, then applies it.
 */
public final class BindingPlan {


    /** What became of one request. */
    public static final class Outcome {
        private final List<Binding> bound;
        private final boolean made;
        private final Refusal refusal;
        private final String reason;

        private Outcome(List<Binding> bound, boolean made, Refusal refusal, String reason) {
            this.bound = bound;
            this.made = made;
            this.refusal = refusal;
            this.reason = reason;
        }

        /**
         * Tells whether the plan made a binding for the request (else the host was bound already, or refused).
         *
         * @return true when a binding record is new
         */
        public boolean made() {
            return made;
        }

        /**
         * Returns the bindings the host holds after the batch (new or already in force).
         *
         * @return bindings, empty when refused
         */
        public List<Binding> bound() {
            return bound;
        }

        /**
         * Returns why the host was refused.
         *
         * @return refusal, empty when it is bound
         */
        public Optional<Refusal> refusal() {
            return Optional.ofNullable(refusal);
        }

        /**
         * Returns the refusal in the operator's words.
         *
         * @return reason, empty when bound
         */
        public Optional<String> reason() {
            return Optional.ofNullable(reason);
        }

        /**
         * Tells whether the host is bound.
         *
         * @return true when it holds a binding
         */
        public boolean isBound() {
            return refusal == null;
        }
    }

    private final BindingIndex index;
    private final Instant now;
    private final StateChange.Builder change = StateChange.builder(Origin.SYSTEM);
    private final Map<String, BitSet> taken = new HashMap<>();
    private final Map<String, Set<Ip4Address>> newHosts = new HashMap<>();
    private final Map<String, Map<Ip4Address, List<Binding>>> planned = new HashMap<>();
    private final Set<String> grown = new HashSet<>();
    private int records;

    /**
     * Starts a plan.
     *
     * @param index bindings in force
     * @param now   the time new bindings begin and ended ones end
     */
    public BindingPlan(BindingIndex index, Instant now) {
        this.index = index;
        this.now = now;
    }

    /**
     * Binds a host on its first packet; a host already bound keeps its bindings.
     *
     * @param tenant    a dynamic or pat tenant
     * @param poolBlock its pool block
     * @param host      customer host, inside the tenant's prefixes
     * @return the host's bindings, or why it was refused
     */
    public Outcome firstPacket(Tenant tenant, Ip4Prefix poolBlock, Ip4Address host) {
        List<Binding> held = bindings(tenant.name(), host);
        if (!held.isEmpty()) {
            return new Outcome(held, false, null, null);
        }
        TranslationPolicy policy = tenant.translation();
        int hosts = index.hostCount(tenant.name()) + newHosts.getOrDefault(tenant.name(), Set.of()).size();
        Optional<Integer> limit = policy.maxHosts();
        if (limit.isPresent() && hosts >= limit.get()) {
            return refused(Refusal.MAX_HOSTS, String.format("tenant %s has %d hosts bound, its maxHosts; host %s "
                    + "waits until one is idle for %d s", tenant.name(), hosts, host, policy.idleTimeoutSeconds()));
        }
        Outcome outcome = newSlot(tenant, poolBlock, host);
        if (outcome.isBound()) {
            newHosts.computeIfAbsent(tenant.name(), t -> new HashSet<>()).add(host);
        }
        return outcome;
    }

    /**
     * Gives a pat host another port block: it used up those it holds.
     *
     * @param tenant    a pat tenant
     * @param poolBlock its pool block
     * @param host      customer host with a binding in force
     * @param onceMore  whether the packet goes through the host's newest block once more instead: it reached the
     *                  controller before the switch confirmed that block, or its connection was not sent there yet
     *                  (the tracker may have refused it an older block)
     * @return the host's bindings, the new one last, or why it was refused
     */
    public Outcome portBlockUsedUp(Tenant tenant, Ip4Prefix poolBlock, Ip4Address host, boolean onceMore) {
        List<Binding> held = bindings(tenant.name(), host);
        if (held.isEmpty()) {
            return firstPacket(tenant, poolBlock, host);
        }
        if (onceMore || grown.contains(tenant.name() + "|" + host)) {
            return new Outcome(held, false, null, null);
        }
        int max = tenant.translation().portBlocksPerHost();
        if (held.size() >= max) {
            return refused(Refusal.MAX_PORT_BLOCKS, String.format("host %s of tenant %s holds %d port blocks of %d "
                    + "ports, its maxPortBlocks", host, tenant.name(), held.size(),
                    tenant.translation().portsPerBlock()));
        }
        Outcome outcome = newSlot(tenant, poolBlock, host);
        if (outcome.made()) {
            grown.add(tenant.name() + "|" + host);
        }
        return outcome;
    }

    /**
     * Ends every binding of a host: it was idle for the tenant's idle timeout. Its slots are held down.
     *
     * @param tenant tenant name
     * @param host   customer host
     * @return the bindings ended
     */
    public List<Binding> idle(String tenant, Ip4Address host) {
        List<Binding> ended = new ArrayList<>();
        for (Binding b : bindings(tenant, host)) {
            Binding end = b.endedAt(now.isBefore(b.from().orElse(now)) ? b.from().get() : now);
            change.putBinding(end);
            records++;
            ended.add(end);
        }
        planned.computeIfAbsent(tenant, t -> new HashMap<>()).put(host, List.of());
        return ended;
    }

    /**
     * Drops ended records whose hold-down is over.
     *
     * @param tenant   tenant name
     * @param holdDown its hold-down in seconds
     * @return how many records are dropped
     */
    public int dropHeldDown(String tenant, long holdDown) {
        List<Binding> past = index.pastHoldDown(tenant, now, holdDown);
        past.forEach(b -> change.removeBinding(b.slot()));
        records += past.size();
        return past.size();
    }

    /**
     * Tells whether the plan changes any record.
     *
     * @return true when there is nothing to commit
     */
    public boolean isEmpty() {
        return records == 0;
    }

    /**
     * Returns the records to commit.
     *
     * @return change holding binding records only
     */
    public StateChange change() {
        return change.build();
    }

    private Outcome newSlot(Tenant tenant, Ip4Prefix poolBlock, Ip4Address host) {
        TranslationPolicy policy = tenant.translation();
        BitSet mine = taken.computeIfAbsent(tenant.name(), t -> new BitSet());
        Optional<TenantSlots.Slot> slot = index.freeSlot(tenant.name(), now, policy.holdDownSeconds(), mine);
        if (slot.isEmpty()) {
            boolean pat = policy.mode() == TranslationPolicy.Mode.PAT;
            return refused(Refusal.POOL_BLOCK_FULL, String.format("no free %s in tenant %s's pool block %s: %d in "
                    + "use, %d held down for %d s after release", pat ? "port block" : "address", tenant.name(),
                    poolBlock, index.slotsInUse(tenant.name()) + mine.cardinality(),
                    index.heldDown(tenant.name(), now, policy.holdDownSeconds()), policy.holdDownSeconds()));
        }
        mine.set((int) slot.get().number());
        Binding b = new Binding(tenant.name(), host, slot.get().address(), slot.get().ports(), now, null);
        change.putBinding(b);
        records++;
        List<Binding> held = new ArrayList<>(bindings(tenant.name(), host));
        held.add(b);
        planned.computeIfAbsent(tenant.name(), t -> new HashMap<>()).put(host, List.copyOf(held));
        return new Outcome(List.copyOf(held), true, null, null);
    }

    private List<Binding> bindings(String tenant, Ip4Address host) {
        List<Binding> p = planned.getOrDefault(tenant, Map.of()).get(host);
        return p != null ? p : index.inForce(tenant, host);
    }

    private static Outcome refused(Refusal refusal, String reason) {
        return new Outcome(List.of(), false, refusal, reason);
    }
}
