package org.tenantnat.pipeline;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Nicira extensible match (NXM) fields the pipeline loads with a Nicira reg_load, with their 32-bit NXM
 * headers (vendor class 0x0000, field number, no mask, payload length) as Open vSwitch defines them.
 */
public enum NxmField {
    /** NXM_OF_IP_SRC: the IPv4 source address. */
    IPV4_SRC(0x00000E04L),
    /** NXM_OF_IP_DST: the IPv4 destination address. */
    IPV4_DST(0x00001004L);

    /** Width in bits of both address fields. */
    public static final int IPV4_BITS = 32;

    private final long header;

    NxmField(long header) {
        this.header = header;
    }

    /**
     * Returns the NXM header, the {@code dst} of a Nicira load.
     *
     * @return header
     */
    public long header() {
        return header;
    }

    /**
     * Finds the field an NXM header names.
     *
     * @param header NXM header
     * @return field, empty when the pipeline never loads it
     */
    public static Optional<NxmField> ofHeader(long header) {
        return Arrays.stream(values()).filter(f -> f.header == header).findFirst();
    }
}
