package org.tenantnat.binding;

import org.onlab.packet.Ip4Prefix;
import org.tenantnat.alloc.AllocationIndex;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.store.StateChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns committed changes into audit trail entries: a binding made starts a record, a binding ended or removed ends
 * it, a static block taken starts one and a static block released ends it. The node that committed a change writes
 * its entries; at start, the trail is brought in line with the state (a host killed between a commit and its
 * entries, or a trail restored from an older copy).
 */
public final class BindingAudit {

    /** The entries of one change. */
    public static final class Entries {
        private final List<BindingRecord> records = new ArrayList<>();
        private final List<TranslatedBlock> closed = new ArrayList<>();
        private final Instant at;

        private Entries(Instant at) {
            this.at = at;
        }

        /**
         * Returns the records that begin or end.
         *
         * @return records
         */
        public List<BindingRecord> records() {
            return records;
        }

        /**
         * Tells whether there is nothing to write.
         *
         * @return true when empty
         */
        public boolean isEmpty() {
            return records.isEmpty() && closed.isEmpty();
        }

        /**
         * Writes the entries to a trail.
         *
         * @param history the trail
         */
        public void writeTo(BindingHistory history) {
            if (!records.isEmpty()) {
                history.record(records);
            }
            closed.forEach(b -> history.close(b.tenant(), b.translated(), at));
        }
    }

    private BindingAudit() {
    }

    /**
     * Returns the entries of a change, read against the state before it is applied.
     *
     * @param change     committed change
     * @param bindings   binding records before the change
     * @param allocation static blocks before the change
     * @param now        when the change happened
     * @return entries
     */
    public static Entries of(StateChange change, BindingIndex bindings, AllocationIndex allocation, Instant now) {
        Entries entries = new Entries(now);
        change.bindings().forEach((slot, next) -> {
            Optional<Binding> before = bindings.record(slot);
            boolean wasInForce = before.isPresent() && before.get().to().isEmpty();
            boolean sameBinding = before.isPresent() && next.isPresent()
                    && before.get().from().equals(next.get().from()) && before.get().original().equals(
                    next.get().original());
            if (wasInForce && !sameBinding) {
                entries.records.add(BindingRecord.of(before.get().endedAt(now)));
            }
            next.ifPresent(b -> {
                if (b.to().isPresent() && sameBinding && wasInForce) {
                    entries.records.add(BindingRecord.of(b));
                } else if (b.to().isEmpty() && !(sameBinding && wasInForce)) {
                    entries.records.add(BindingRecord.of(b));
                }
            });
        });
        change.blocks().forEach((tenant, next) -> {
            Set<TranslatedBlock> before = new HashSet<>(allocation.blocks(tenant));
            Set<TranslatedBlock> after = new HashSet<>(next.orElse(List.of()));
            before.stream().filter(b -> !after.contains(b)).forEach(entries.closed::add);
            after.stream().filter(b -> !before.contains(b))
                    .forEach(b -> entries.records.add(BindingRecord.of(b, now)));
        });
        return entries;
    }

    /**
     * Brings a trail in line with the state: records left open that no longer hold are ended now, bindings and
     * static blocks in force without an open record get one (from the binding's start; from now for a block).
     *
     * @param history  the trail
     * @param inForce  bindings in force
     * @param blocks   static blocks in force
     * @param now      the time now
     * @return how many entries were written
     */
    public static int reconcile(BindingHistory history, Collection<Binding> inForce,
                                Map<String, List<TranslatedBlock>> blocks, Instant now) {
        List<BindingRecord> open = history.open();
        Set<String> openKeys = new HashSet<>();
        Set<String> openBlocks = new HashSet<>();
        for (BindingRecord r : open) {
            openKeys.add(r.key());
            if (r.ports().isEmpty()) {
                openBlocks.add(id(r.tenant(), r.original(), r.translated()));
            }
        }
        List<BindingRecord> records = new ArrayList<>();
        Set<String> holding = new HashSet<>();
        for (Binding b : inForce) {
            BindingRecord r = BindingRecord.of(b);
            holding.add(r.key());
            if (!openKeys.contains(r.key())) {
                records.add(r);
            }
        }
        Set<String> blocksHeld = new HashSet<>();
        blocks.values().forEach(list -> list.forEach(b -> {
            String id = id(b.tenant(), b.original(), b.translated());
            blocksHeld.add(id);
            if (!openBlocks.contains(id)) {
                records.add(BindingRecord.of(b, now));
            }
        }));
        for (BindingRecord r : open) {
            boolean heldAsBlock = r.ports().isEmpty() && blocksHeld.contains(id(r.tenant(), r.original(),
                                                                                 r.translated()));
            if (!holding.contains(r.key()) && !heldAsBlock) {
                records.add(r.endedAt(now));
            }
        }
        if (!records.isEmpty()) {
            history.record(records);
        }
        return records.size();
    }

    private static String id(String tenant, Ip4Prefix original, Ip4Prefix translated) {
        return tenant + "|" + original + "|" + translated;
    }
}
