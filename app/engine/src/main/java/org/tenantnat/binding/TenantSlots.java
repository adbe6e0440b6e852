package org.tenantnat.binding;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.TranslationPolicy;

import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The slots of one tenant's pool block: its addresses (dynamic) or the port blocks of its addresses (pat), numbered
 * from 0, and which of them a binding record occupies (in force, or ended and held down). A slot is handed out lowest
 * first, skipping those in use and those released less than the hold-down ago. Not thread-safe.
 */
final class TenantSlots {

    private final Ip4Prefix block;
    private final TranslationPolicy.Mode mode;
    private final int portsPerBlock;
    private final int perAddress;
    private final long capacity;
    private final BitSet occupied = new BitSet();
    /** No slot below this one is clear in {@link #occupied}: a search for a free slot starts here, not at 0. */
    private int firstClear;
    /** Ended bindings still in the records, oldest end first: their slots come free after the hold-down. */
    private final TreeSet<Binding> held = new TreeSet<>(Comparator.comparing((Binding b) -> b.to().orElseThrow())
            .thenComparingLong(this::slotOf));
    private final Map<Long, Binding> bySlot = new HashMap<>();

    TenantSlots(Ip4Prefix block, TranslationPolicy policy) {
        this.block = block;
        this.mode = policy.mode();
        this.portsPerBlock = policy.portsPerBlock();
        this.perAddress = mode == TranslationPolicy.Mode.PAT ? PortBlocks.perAddress(portsPerBlock) : 1;
        this.capacity = (1L << (Ip4Prefix.MAX_MASK_LENGTH - block.prefixLength())) * perAddress;
    }

    /** Tells whether these slots were cut for this block and policy. */
    boolean fits(Ip4Prefix poolBlock, TranslationPolicy policy) {
        return block.equals(poolBlock) && mode == policy.mode()
                && (mode != TranslationPolicy.Mode.PAT || portsPerBlock == policy.portsPerBlock());
    }

    /** Returns how many slots the block has. */
    long capacity() {
        return capacity;
    }

    /** Records a binding record (in force or ended) in its slot; one outside the block is ignored. */
    void occupy(Binding b) {
        long slot = slotOf(b);
        if (slot < 0) {
            return;
        }
        Binding before = bySlot.put(slot, b);
        if (before != null && before.to().isPresent()) {
            held.remove(before);
        }
        occupied.set((int) slot);
        if (b.to().isPresent()) {
            held.add(b);
        }
    }

    /** Frees the slot of a binding record removed from the records. */
    void free(Binding b) {
        long slot = slotOf(b);
        if (slot < 0 || !b.equals(bySlot.get(slot))) {
            return;
        }
        bySlot.remove(slot);
        occupied.clear((int) slot);
        firstClear = Math.min(firstClear, (int) slot);
        if (b.to().isPresent()) {
            held.remove(b);
        }
    }

    /**
     * Finds a slot for a new binding: the lowest one that holds no binding, or only one that ended longer ago than
     * the hold-down.
     *
     * @param now      time of the binding
     * @param holdDown seconds an ended binding holds its slot
     * @param taken    slots already planned in the same batch, left alone
     * @return the slot's address and ports, empty when every slot is in use or held down
     */
    Optional<Slot> free(Instant now, long holdDown, BitSet taken) {
        long lowestHeld = Long.MAX_VALUE;
        for (Binding h : held) {
            if (h.to().orElseThrow().plusSeconds(holdDown).isAfter(now)) {
                break;
            }
            long slot = slotOf(h);
            if (!taken.get((int) slot)) {
                lowestHeld = Math.min(lowestHeld, slot);
            }
        }
        firstClear = occupied.nextClearBit(firstClear);
        // A burst takes consecutive slots: skip each run of them a word at a time, not slot by slot.
        int slot = firstClear;
        while (slot < capacity && taken.get(slot)) {
            slot = occupied.nextClearBit(taken.nextClearBit(slot));
        }
        long lowest = Math.min(lowestHeld, slot < capacity ? slot : Long.MAX_VALUE);
        return lowest == Long.MAX_VALUE ? Optional.empty() : Optional.of(slot(lowest));
    }

    /** Returns how many slots hold an ended binding still in hold-down at a time. */
    long heldDown(Instant now, long holdDown) {
        return held.stream().filter(h -> h.to().orElseThrow().plusSeconds(holdDown).isAfter(now)).count();
    }

    /** The slot a binding holds, -1 when it lies outside the block or does not match the slot layout. */
    long slotOf(Binding b) {
        if (!block.contains(b.translated())) {
            return -1;
        }
        long address = Integer.toUnsignedLong(b.translated().toInt()) - Integer.toUnsignedLong(block.address().toInt());
        if (mode != TranslationPolicy.Mode.PAT) {
            return b.ports().isPresent() ? -1 : address;
        }
        Optional<PortRange> ports = b.ports();
        if (ports.isEmpty() || ports.get().size() != portsPerBlock || ports.get().first() % portsPerBlock != 0
                || ports.get().first() < PortBlocks.FIRST_PORT) {
            return -1;
        }
        return address * perAddress + PortBlocks.indexOf(portsPerBlock, ports.get());
    }

    private Slot slot(long slot) {
        Ip4Address address = Ip4Address.valueOf(block.address().toInt() + (int) (slot / perAddress));
        return mode == TranslationPolicy.Mode.PAT
                ? new Slot(slot, address, PortBlocks.block(portsPerBlock, (int) (slot % perAddress)))
                : new Slot(slot, address, null);
    }

    /** A slot handed out: its number, address and, for pat, its port block. */
    static final class Slot {
        private final long number;
        private final Ip4Address address;
        private final PortRange ports;

        Slot(long number, Ip4Address address, PortRange ports) {
            this.number = number;
            this.address = address;
            this.ports = ports;
        }

        long number() {
            return number;
        }

        Ip4Address address() {
            return address;
        }

        PortRange ports() {
            return ports;
        }
    }
}
