package org.tenantnat.pipeline;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Open vSwitch's {@code ct} action (send the packet through the connection tracker in a zone, optionally commit
 * the connection, run nested actions such as {@code nat}, continue in a table) as a NICIRA_CT extension treatment
 * for hosts without ONOS drivers (the standalone host, tests). Its properties are those of ONOS's own
 * {@code org.onosproject.driver.extensions.NiciraCt}: {@code flags} ({@link #FLAG_COMMIT}), {@code zoneSrc} (0: the
 * zone is {@code zone} itself), {@code zone}, {@code recircTable}, {@code alg} and {@code nestedActions} (NICIRA_NAT
 * treatments).
 */
public final class NiciraCtTreatment extends AbstractExtension implements ExtensionTreatment {

    /** Commit the connection to the tracker. */
    public static final int FLAG_COMMIT = 1;
    /** No recirculation: the packet continues untracked. */
    public static final short NO_RECIRCULATION = 0xff;

    private int flags;
    private long zoneSrc;
    private int zone;
    private short recircTable;
    private int alg;
    private List<ExtensionTreatment> nestedActions;

    /**
     * Creates an empty ct, to be filled by property, as a driver's resolver hands it out.
     */
    public NiciraCtTreatment() {
        this(0, 0, 0, NO_RECIRCULATION, 0, List.of());
    }

    /**
     * Creates a ct.
     *
     * @param flags         {@link #FLAG_COMMIT} or 0
     * @param zoneSrc       NXM header of the field holding the zone, 0 for an immediate zone
     * @param zone          immediate zone
     * @param recircTable   table the packet continues in, {@link #NO_RECIRCULATION} for none
     * @param alg           application-layer gateway, 0 for none
     * @param nestedActions nested actions (NICIRA_NAT)
     */
    public NiciraCtTreatment(int flags, long zoneSrc, int zone, short recircTable, int alg,
                             List<ExtensionTreatment> nestedActions) {
        this.flags = flags;
        this.zoneSrc = zoneSrc;
        this.zone = zone;
        this.recircTable = recircTable;
        this.alg = alg;
        this.nestedActions = ImmutableList.copyOf(nestedActions);
    }

    /**
     * Returns the flags.
     *
     * @return flags
     */
    public int flags() {
        return flags;
    }

    /**
     * Returns the zone source field.
     *
     * @return NXM header, 0 for an immediate zone
     */
    public long zoneSrc() {
        return zoneSrc;
    }

    /**
     * Returns the zone.
     *
     * @return zone
     */
    public int zone() {
        return zone;
    }

    /**
     * Returns the table the packet continues in.
     *
     * @return table id, {@link #NO_RECIRCULATION} for none
     */
    public short recircTable() {
        return recircTable;
    }

    /**
     * Returns the application-layer gateway.
     *
     * @return alg, 0 for none
     */
    public int alg() {
        return alg;
    }

    /**
     * Returns the nested actions.
     *
     * @return extension treatments
     */
    public List<ExtensionTreatment> nestedActions() {
        return ImmutableList.copyOf(nestedActions);
    }

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentTypes.NICIRA_CT.type();
    }

    @Override
    public byte[] serialize() {
        List<byte[]> nested = new ArrayList<>();
        int size = 3 * Integer.BYTES + Long.BYTES + Short.BYTES + Integer.BYTES;
        for (ExtensionTreatment n : nestedActions) {
            checkArgument(n instanceof NiciraNatTreatment, "only nested NICIRA_NAT is serialised: %s", n);
            byte[] bytes = n.serialize();
            nested.add(bytes);
            size += Integer.BYTES + bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(flags).putLong(zoneSrc).putInt(zone)
                .putShort(recircTable).putInt(alg).putInt(nested.size());
        nested.forEach(b -> buffer.putInt(b.length).put(b));
        return buffer.array();
    }

    @Override
    public void deserialize(byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        flags = buffer.getInt();
        zoneSrc = buffer.getLong();
        zone = buffer.getInt();
        recircTable = buffer.getShort();
        alg = buffer.getInt();
        int count = buffer.getInt();
        List<ExtensionTreatment> nested = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[buffer.getInt()];
            buffer.get(bytes);
            NiciraNatTreatment nat = new NiciraNatTreatment();
            nat.deserialize(bytes);
            nested.add(nat);
        }
        nestedActions = ImmutableList.copyOf(nested);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NiciraCtTreatment)) {
            return false;
        }
        NiciraCtTreatment that = (NiciraCtTreatment) o;
        return flags == that.flags && zoneSrc == that.zoneSrc && zone == that.zone && recircTable == that.recircTable
                && alg == that.alg && nestedActions.equals(that.nestedActions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, zoneSrc, zone, recircTable, alg, nestedActions);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper("NiciraCt").add("flags", flags).add("zone", zone)
                .add("table", recircTable & 0xff).add("nested", nestedActions).toString();
    }
}
