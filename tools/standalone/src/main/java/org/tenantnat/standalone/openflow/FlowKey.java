package org.tenantnat.standalone.openflow;

import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything that makes two flows the same flow: slot (table, priority, match), cookie and instructions. Built from
 * a rule we encode and from a flow a switch reports, so the host can tell which of the switch's flows are ours and
 * still desired. The instructions are kept as their wire bytes ({@link WireForm}).
 */
public final class FlowKey {

    private final FlowSlot slot;
    private final long cookie;
    private final byte[] instructions;
    private final int hash;

    /**
     * Creates a key.
     *
     * @param slot         table, priority and match
     * @param cookie       flow cookie
     * @param instructions instructions in switch order
     */
    public FlowKey(FlowSlot slot, long cookie, List<OFInstruction> instructions) {
        this.slot = Objects.requireNonNull(slot, "slot");
        this.cookie = cookie;
        this.instructions = WireForm.of(instructions);
        // Computed once: keys fill the sets reconciliation compares, one per rule of a switch.
        this.hash = (31 * slot.hashCode() + Long.hashCode(cookie)) * 31 + Arrays.hashCode(this.instructions);
    }

    /**
     * Returns the key of a flow a switch reported.
     *
     * @param entry flow stats entry
     * @return key
     */
    public static FlowKey of(OFFlowStatsEntry entry) {
        return new FlowKey(new FlowSlot(entry.getTableId().getValue(), entry.getPriority(), entry.getMatch()),
                           entry.getCookie().getValue(), entry.getInstructions());
    }

    /**
     * Returns the slot.
     *
     * @return table, priority and match
     */
    public FlowSlot slot() {
        return slot;
    }

    /**
     * Returns the cookie.
     *
     * @return cookie
     */
    public long cookie() {
        return cookie;
    }

    /**
     * Returns the instructions, read back from their bytes.
     *
     * @return instructions in switch order
     */
    public List<OFInstruction> instructions() {
        return WireForm.instructions(instructions);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FlowKey)) {
            return false;
        }
        FlowKey that = (FlowKey) o;
        return hash == that.hash && cookie == that.cookie && slot.equals(that.slot)
                && Arrays.equals(instructions, that.instructions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return String.format("cookie=0x%x %s %s", cookie, slot, instructions());
    }
}
