package org.tenantnat.pipeline;

/**
 * The bits of Open vSwitch's {@code ct_state} match field that the pipeline uses.
 */
public final class CtState {

    /** The first packet of a connection. */
    public static final long NEW = 0x01;
    /** Part of a connection seen both ways. */
    public static final long ESTABLISHED = 0x02;
    /** Related to a connection (an ICMP error about it). */
    public static final long RELATED = 0x04;
    /** In the reply direction. */
    public static final long REPLY = 0x08;
    /** Invalid. */
    public static final long INVALID = 0x10;
    /** Sent through the connection tracker. */
    public static final long TRACKED = 0x20;
    /** Source-translated. */
    public static final long SNAT = 0x40;

    private static final String[] NAMES = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};

    private CtState() {
    }

    /**
     * Writes state bits under a mask the way {@code ovs-ofctl} does, e.g. {@code +trk-snat}.
     *
     * @param state state bits
     * @param mask  bits that matter
     * @return text
     */
    public static String text(long state, long mask) {
        StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < NAMES.length; bit++) {
            long b = 1L << bit;
            if ((mask & b) != 0) {
                text.append((state & b) != 0 ? '+' : '-').append(NAMES[bit]);
            }
        }
        return text.toString();
    }
}
