package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onosproject.net.flow.Extension;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.tenantnat.api.model.PortRange;

import java.util.List;
import java.util.function.Supplier;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Makes the connection-tracking extensions of one switch, each filled in by property name so that the same code
 * drives ONOS's driver extensions ({@code NiciraCt}, {@code NiciraNat}, {@code NiciraMatchCtState}) and this
 * project's own ({@link NiciraCtTreatment}, {@link NiciraNatTreatment}, {@link CtStateSelector}).
 */
public final class Conntrack {

    private final Supplier<ExtensionTreatment> ct;
    private final Supplier<ExtensionTreatment> nat;
    private final Supplier<ExtensionSelector> ctState;

    /**
     * Creates the maker.
     *
     * @param ct      makes an empty NICIRA_CT extension treatment
     * @param nat     makes an empty NICIRA_NAT extension treatment
     * @param ctState makes an empty NICIRA_MATCH_CONNTRACK_STATE extension selector
     */
    public Conntrack(Supplier<ExtensionTreatment> ct, Supplier<ExtensionTreatment> nat,
                     Supplier<ExtensionSelector> ctState) {
        this.ct = checkNotNull(ct, "ct");
        this.nat = checkNotNull(nat, "nat");
        this.ctState = checkNotNull(ctState, "ctState");
    }

    /**
     * This project's own extensions, for hosts without ONOS drivers.
     *
     * @return maker
     */
    public static Conntrack ownExtensions() {
        return new Conntrack(NiciraCtTreatment::new, NiciraNatTreatment::new, CtStateSelector::new);
    }

    /**
     * {@code ct(commit, zone=Z, nat(src=A:FIRST-LAST), table=T)}: tracks and commits a new connection in a zone,
     * translating its source to one address and a port of a block, and continues in a table.
     *
     * @param zone    conntrack zone
     * @param table   table the packet continues in
     * @param address source address
     * @param ports   source ports
     * @return extension treatment
     */
    public ExtensionTreatment commitSourceNat(int zone, int table, Ip4Address address, PortRange ports) {
        ExtensionTreatment n = nat.get();
        set(n, "flags", NiciraNatTreatment.FLAG_SRC);
        set(n, "presentFlags", NiciraNatTreatment.RANGE_IPV4_MIN | NiciraNatTreatment.RANGE_IPV4_MAX
                | NiciraNatTreatment.RANGE_PROTO_MIN | NiciraNatTreatment.RANGE_PROTO_MAX);
        set(n, "portMin", ports.first());
        set(n, "portMax", ports.last());
        set(n, "ipAddressMin", IpAddress.valueOf(address.toInt()));
        set(n, "ipAddressMax", IpAddress.valueOf(address.toInt()));
        return ct(NiciraCtTreatment.FLAG_COMMIT, zone, table, n);
    }

    /**
     * {@code ct(zone=Z, nat, table=T)}: tracks a packet in a zone, applying the translation of the connection it
     * belongs to or is related to (undoing it for replies; an ICMP error's quoted header included), and continues
     * in a table.
     *
     * @param zone  conntrack zone
     * @param table table the packet continues in
     * @return extension treatment
     */
    public ExtensionTreatment restoreNat(int zone, int table) {
        ExtensionTreatment n = nat.get();
        set(n, "flags", 0);
        set(n, "presentFlags", 0);
        return ct(0, zone, table, n);
    }

    /**
     * Matches the connection tracking state under a mask.
     *
     * @param state bits that must be set ({@link CtState})
     * @param mask  bits that must match
     * @return extension selector
     */
    public ExtensionSelector state(long state, long mask) {
        ExtensionSelector s = ctState.get();
        set(s, "ctState", state);
        set(s, "ctStateMask", mask);
        return s;
    }

    private ExtensionTreatment ct(int flags, int zone, int table, ExtensionTreatment nested) {
        ExtensionTreatment c = ct.get();
        set(c, "flags", flags);
        set(c, "zoneSrc", 0L);
        set(c, "zone", zone);
        set(c, "recircTable", (short) table);
        set(c, "alg", 0);
        set(c, "nestedActions", List.of(nested));
        return c;
    }

    private static void set(Extension extension, String property, Object value) {
        try {
            extension.setPropertyValue(property, value);
        } catch (ExtensionPropertyException | IllegalArgumentException e) {
            throw new IllegalStateException(extension.getClass().getSimpleName() + " has no settable " + property
                                                    + ": " + e.getMessage(), e);
        }
    }
}
