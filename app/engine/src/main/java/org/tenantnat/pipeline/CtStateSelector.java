package org.tenantnat.pipeline;

import com.google.common.base.MoreObjects;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.criteria.ExtensionSelectorType;
import org.onosproject.net.flow.criteria.ExtensionSelectorType.ExtensionSelectorTypes;

import java.nio.ByteBuffer;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A match on Open vSwitch's connection tracking state under a mask, as a NICIRA_MATCH_CONNTRACK_STATE extension
 * selector for hosts without ONOS drivers (the standalone host, tests). Its properties are those of ONOS's own
 * {@code org.onosproject.driver.extensions.NiciraMatchCtState}: {@code ctState} and {@code ctStateMask}.
 */
public final class CtStateSelector extends AbstractExtension implements ExtensionSelector {

    private long ctState;
    private long ctStateMask;

    /**
     * Creates an empty match, to be filled by property, as a driver's resolver hands it out.
     */
    public CtStateSelector() {
        this(0, 0);
    }

    /**
     * Creates a match.
     *
     * @param ctState     state bits ({@link CtState})
     * @param ctStateMask bits that must match
     */
    public CtStateSelector(long ctState, long ctStateMask) {
        this.ctState = ctState;
        this.ctStateMask = ctStateMask;
    }

    /**
     * Returns the state bits.
     *
     * @return bits
     */
    public long ctState() {
        return ctState;
    }

    /**
     * Returns the mask.
     *
     * @return bits that must match
     */
    public long ctStateMask() {
        return ctStateMask;
    }

    @Override
    public ExtensionSelectorType type() {
        return ExtensionSelectorTypes.NICIRA_MATCH_CONNTRACK_STATE.type();
    }

    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(ctState).putLong(ctStateMask).array();
    }

    @Override
    public void deserialize(byte[] data) {
        checkArgument(data != null && data.length == 2 * Long.BYTES, "a serialized ct_state match has 16 bytes");
        ByteBuffer buffer = ByteBuffer.wrap(data);
        ctState = buffer.getLong();
        ctStateMask = buffer.getLong();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof CtStateSelector && ctState == ((CtStateSelector) o).ctState
                && ctStateMask == ((CtStateSelector) o).ctStateMask);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ctState, ctStateMask);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper("CtState").add("state", CtState.text(ctState, ctStateMask)).toString();
    }
}
