package org.tenantnat.binding;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.TranslationPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The binding records in force on this node, as the committed records left them: bindings that hold (no end
 * time) and ended ones still held down (their slot is not handed out again until the tenant's hold-down is over).
 * Indexed by slot, by tenant and host, and by translated address, with each tenant's free slots. Not thread-safe:
 * the runtime serialises access.
 */
public final class BindingIndex {

    /** Orders bindings by tenant, host, then start. */
    public static final Comparator<Binding> ORDER = Comparator.comparing(Binding::tenant)
            .thenComparingLong(b -> Integer.toUnsignedLong(b.original().toInt()))
            .thenComparing(b -> b.from().orElse(Instant.EPOCH))
            .thenComparing(Binding::slot);

    private final Map<String, Binding> bySlot = new HashMap<>();
    private final Map<String, Map<Ip4Address, List<Binding>>> inForce = new HashMap<>();
    private final Map<String, Map<String, Binding>> byTenant = new HashMap<>();
    private final Map<Ip4Address, List<Binding>> byAddress = new HashMap<>();
    private final Map<String, TenantSlots> slots = new HashMap<>();
    /** Bindings in force per tenant, counted as they come and go: asked on every first packet. */
    private final Map<String, Integer> inUse = new HashMap<>();

    /**
     * Applies binding records.
     *
     * @param changes slot to the record now (empty: removed)
     * @return slot to the record before, for every slot whose record changed
     */
    public Map<String, Optional<Binding>> apply(Map<String, Optional<Binding>> changes) {
        Map<String, Optional<Binding>> before = new HashMap<>();
        changes.forEach((slot, next) -> {
            Optional<Binding> was = Optional.ofNullable(bySlot.get(slot));
            if (was.equals(next)) {
                return;
            }
            before.put(slot, was);
            was.ifPresent(this::unindex);
            next.ifPresent(this::index);
        });
        return before;
    }

    /**
     * Cuts a tenant's slots for its pool block and policy, again when either changed; forgets them when it has no
     * pool block.
     *
     * @param tenant tenant name
     * @param block  its pool block
     * @param policy its translation policy
     */
    public void layout(String tenant, Optional<Ip4Prefix> block, Optional<TranslationPolicy> policy) {
        if (block.isEmpty() || policy.isEmpty() || !policy.get().bindsHosts()) {
            slots.remove(tenant);
            return;
        }
        TenantSlots current = slots.get(tenant);
        if (current != null && current.fits(block.get(), policy.get())) {
            return;
        }
        TenantSlots cut = new TenantSlots(block.get(), policy.get());
        byTenant.getOrDefault(tenant, Map.of()).values().forEach(cut::occupy);
        slots.put(tenant, cut);
    }

    /**
     * Returns the record holding a slot.
     *
     * @param slot {@link Binding#slot()}
     * @return record, in force or ended
     */
    public Optional<Binding> record(String slot) {
        return Optional.ofNullable(bySlot.get(slot));
    }

    /**
     * Returns every record of a tenant, in force or ended.
     *
     * @param tenant tenant name
     * @return records
     */
    public Collection<Binding> records(String tenant) {
        return List.copyOf(byTenant.getOrDefault(tenant, Map.of()).values());
    }

    /**
     * Returns the bindings in force of one host, oldest first.
     *
     * @param tenant tenant name
     * @param host   customer host
     * @return bindings; pat hosts may hold several port blocks
     */
    public List<Binding> inForce(String tenant, Ip4Address host) {
        return inForce.getOrDefault(tenant, Map.of()).getOrDefault(host, List.of());
    }

    /**
     * Returns the hosts of a tenant with a binding in force.
     *
     * @param tenant tenant name
     * @return hosts
     */
    public Set<Ip4Address> hosts(String tenant) {
        return Set.copyOf(inForce.getOrDefault(tenant, Map.of()).keySet());
    }

    /**
     * Returns how many hosts of a tenant have bindings in force.
     *
     * @param tenant tenant name
     * @return hosts
     */
    public int hostCount(String tenant) {
        return inForce.getOrDefault(tenant, Map.of()).size();
    }

    /**
     * Returns how many slots (addresses or port blocks) of a tenant bindings in force hold.
     *
     * @param tenant tenant name
     * @return slots in use
     */
    public int slotsInUse(String tenant) {
        return inUse.getOrDefault(tenant, 0);
    }

    /**
     * Returns every binding in force, ordered by tenant, host and start.
     *
     * @return bindings
     */
    public List<Binding> inForce() {
        return inForce.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).sorted(ORDER)
                .collect(Collectors.toList());
    }

    /**
     * Returns the bindings in force on a translated address.
     *
     * @param translated address of a pool block
     * @return bindings: one for a dynamic tenant, one per port block for a pat tenant
     */
    public List<Binding> inForceAt(Ip4Address translated) {
        return byAddress.getOrDefault(translated, List.of());
    }

    /**
     * Returns how many slots a tenant's pool block has.
     *
     * @param tenant tenant name
     * @return slots, 0 when it has no pool block
     */
    public long capacity(String tenant) {
        TenantSlots s = slots.get(tenant);
        return s == null ? 0 : s.capacity();
    }

    /**
     * Returns how many of a tenant's slots are held down at a time.
     *
     * @param tenant   tenant name
     * @param now      time
     * @param holdDown the tenant's hold-down in seconds
     * @return slots held down
     */
    public long heldDown(String tenant, Instant now, long holdDown) {
        TenantSlots s = slots.get(tenant);
        return s == null ? 0 : s.heldDown(now, holdDown);
    }

    /**
     * Finds a free slot of a tenant for a new binding.
     *
     * @param tenant   tenant name
     * @param now      time of the binding
     * @param holdDown the tenant's hold-down in seconds
     * @param taken    slot numbers already planned in the same batch
     * @return slot, empty when every slot is in use or held down
     */
    Optional<TenantSlots.Slot> freeSlot(String tenant, Instant now, long holdDown, BitSet taken) {
        TenantSlots s = slots.get(tenant);
        return s == null ? Optional.empty() : s.free(now, holdDown, taken);
    }

    /**
     * Returns the ended records of a tenant whose hold-down was over before a time: they may be dropped.
     *
     * @param tenant   tenant name
     * @param now      time
     * @param holdDown the tenant's hold-down in seconds
     * @return ended records past their hold-down
     */
    public List<Binding> pastHoldDown(String tenant, Instant now, long holdDown) {
        List<Binding> past = new ArrayList<>();
        for (Binding b : byTenant.getOrDefault(tenant, Map.of()).values()) {
            if (b.to().isPresent() && !b.to().get().plusSeconds(holdDown).isAfter(now)) {
                past.add(b);
            }
        }
        return past;
    }

    private void index(Binding b) {
        bySlot.put(b.slot(), b);
        byTenant.computeIfAbsent(b.tenant(), t -> new HashMap<>()).put(b.slot(), b);
        if (b.to().isEmpty()) {
            List<Binding> host = new ArrayList<>(inForce(b.tenant(), b.original()));
            host.add(b);
            host.sort(ORDER);
            inForce.computeIfAbsent(b.tenant(), t -> new HashMap<>()).put(b.original(), List.copyOf(host));
            List<Binding> at = new ArrayList<>(inForceAt(b.translated()));
            at.add(b);
            byAddress.put(b.translated(), List.copyOf(at));
            inUse.merge(b.tenant(), 1, Integer::sum);
        }
        TenantSlots s = slots.get(b.tenant());
        if (s != null) {
            s.occupy(b);
        }
    }

    private void unindex(Binding b) {
        bySlot.remove(b.slot());
        Map<String, Binding> tenant = byTenant.get(b.tenant());
        if (tenant != null) {
            tenant.remove(b.slot());
            if (tenant.isEmpty()) {
                byTenant.remove(b.tenant());
            }
        }
        if (b.to().isEmpty()) {
            Map<Ip4Address, List<Binding>> hosts = inForce.get(b.tenant());
            if (hosts != null) {
                List<Binding> left = without(hosts.get(b.original()), b);
                if (left.isEmpty()) {
                    hosts.remove(b.original());
                } else {
                    hosts.put(b.original(), left);
                }
                if (hosts.isEmpty()) {
                    inForce.remove(b.tenant());
                }
            }
            List<Binding> at = without(byAddress.get(b.translated()), b);
            if (at.isEmpty()) {
                byAddress.remove(b.translated());
            } else {
                byAddress.put(b.translated(), at);
            }
            inUse.computeIfPresent(b.tenant(), (t, n) -> n > 1 ? n - 1 : null);
        }
        TenantSlots s = slots.get(b.tenant());
        if (s != null) {
            s.free(b);
        }
    }

    private static List<Binding> without(List<Binding> list, Binding b) {
        if (list == null) {
            return List.of();
        }
        return list.stream().filter(x -> !x.equals(b)).collect(Collectors.toUnmodifiableList());
    }
}
