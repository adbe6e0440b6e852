package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;

/**
 * The IPv4 address a translation rewrites: the source on the way to a service, the destination on the way back.
 */
enum AddressField {
    /** IPv4 source. */
    SOURCE(NxmField.IPV4_SRC),
    /** IPv4 destination. */
    DESTINATION(NxmField.IPV4_DST);

    private final NxmField nxm;

    AddressField(NxmField nxm) {
        this.nxm = nxm;
    }

    /** The NXM field a Nicira load writes. */
    NxmField nxm() {
        return nxm;
    }

    /** Adds a match on this field. */
    TrafficSelector.Builder match(TrafficSelector.Builder selector, Ip4Prefix prefix) {
        return this == SOURCE ? selector.matchIPSrc(prefix) : selector.matchIPDst(prefix);
    }

    /** Sets this field to one address. */
    Instruction set(Ip4Address address) {
        return this == SOURCE ? Instructions.modL3Src(address) : Instructions.modL3Dst(address);
    }
}
