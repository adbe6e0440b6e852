package org.tenantnat.standalone.openflow;

import org.projectfloodlight.openflow.protocol.match.Match;

import java.util.Arrays;

/**
 * Where a flow sits in a switch: table, priority and match. A switch holds at most one flow per slot, so an ADD
 * into an occupied slot replaces the flow there. The match is kept as its wire bytes ({@link WireForm}): a host holds
 * a slot for every flow it installed.
 */
public final class FlowSlot {

    private final int tableId;
    private final int priority;
    private final byte[] match;
    private final int hash;

    /**
     * Creates a slot.
     *
     * @param tableId  table id
     * @param priority flow priority
     * @param match    match
     */
    public FlowSlot(int tableId, int priority, Match match) {
        this.tableId = tableId;
        this.priority = priority;
        this.match = WireForm.of(match);
        // Computed once: slots key maps of every rule of a switch.
        this.hash = (31 * tableId + priority) * 31 + Arrays.hashCode(this.match);
    }

    /**
     * Returns the table id.
     *
     * @return table id
     */
    public int tableId() {
        return tableId;
    }

    /**
     * Returns the priority.
     *
     * @return priority
     */
    public int priority() {
        return priority;
    }

    /**
     * Returns the match, read back from its bytes.
     *
     * @return match
     */
    public Match match() {
        return WireForm.match(match);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FlowSlot)) {
            return false;
        }
        FlowSlot that = (FlowSlot) o;
        return hash == that.hash && tableId == that.tableId && priority == that.priority
                && Arrays.equals(match, that.match);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "table=" + tableId + " priority=" + priority + " " + match();
    }
}
