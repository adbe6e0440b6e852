package org.tenantnat.config;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

import java.util.List;
import java.util.Optional;

/**
 * IPv4 facts the rules share: special-purpose ranges no host, VIP or pool may use, and prefix arithmetic.
 */
final class Addresses {

    /** A special-purpose range, how to say an address is in it, and its short name. */
    private static final class SpecialRange {
        final Ip4Prefix range;
        final int network;
        final int length;
        final String addressIs;
        final String name;

        SpecialRange(String range, String addressIs, String name) {
            this.range = Ip4Prefix.valueOf(range);
            this.network = this.range.address().toInt();
            this.length = this.range.prefixLength();
            this.addressIs = addressIs;
            this.name = name;
        }
    }

    // Validation runs on every address of every tenant: containment is computed on the addresses' 32 bits rather
    // than through onlab's masking, which allocates a new address each time.

    // Broadcast first: it also lies in 240.0.0.0/4, and is the more telling name.
    private static final List<SpecialRange> SPECIAL = ImmutableList.of(
            new SpecialRange("255.255.255.255/32", "the limited broadcast address", "limited broadcast"),
            new SpecialRange("0.0.0.0/8", "a 'this network' address (0.0.0.0/8)", "'this network'"),
            new SpecialRange("127.0.0.0/8", "a loopback address (127.0.0.0/8)", "loopback"),
            new SpecialRange("224.0.0.0/4", "a multicast address (224.0.0.0/4)", "multicast"),
            new SpecialRange("240.0.0.0/4", "a reserved address (240.0.0.0/4)", "reserved"));

    private Addresses() {
    }

    /**
     * Tells why an address cannot be a host, router, gateway or VIP.
     *
     * @param address address
     * @return e.g. {@code a multicast address (224.0.0.0/4)}; empty when it is usable
     */
    static Optional<String> specialUse(Ip4Address address) {
        int bits = address.toInt();
        for (SpecialRange s : SPECIAL) {
            if (((s.network ^ bits) & mask(s.length)) == 0) {
                return Optional.of(s.addressIs);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells which special-purpose range a prefix overlaps.
     *
     * @param prefix prefix
     * @return e.g. {@code 224.0.0.0/4 (multicast)}; empty when it overlaps none
     */
    static Optional<String> specialUse(Ip4Prefix prefix) {
        int bits = prefix.address().toInt();
        for (SpecialRange s : SPECIAL) {
            if (((s.network ^ bits) & mask(Math.min(s.length, prefix.prefixLength()))) == 0) {
                return Optional.of(s.range + " (" + s.name + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether two prefixes share any address; aligned prefixes overlap only when one contains the other.
     *
     * @param a a prefix
     * @param b another prefix
     * @return true when they overlap
     */
    static boolean overlap(Ip4Prefix a, Ip4Prefix b) {
        int shorter = Math.min(a.prefixLength(), b.prefixLength());
        return ((a.address().toInt() ^ b.address().toInt()) & mask(shorter)) == 0;
    }

    /**
     * Tells whether a prefix holds an address.
     *
     * @param prefix  prefix
     * @param address address
     * @return true when the address is inside
     */
    static boolean contains(Ip4Prefix prefix, Ip4Address address) {
        return ((prefix.address().toInt() ^ address.toInt()) & mask(prefix.prefixLength())) == 0;
    }

    /**
     * Tells whether a prefix holds all of another.
     *
     * @param outer prefix
     * @param inner another prefix
     * @return true when every address of inner is inside outer
     */
    static boolean contains(Ip4Prefix outer, Ip4Prefix inner) {
        return outer.prefixLength() <= inner.prefixLength() && overlap(outer, inner);
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (Ip4Prefix.MAX_MASK_LENGTH - length);
    }

    /**
     * Returns the number of addresses of a prefix.
     *
     * @param prefix prefix
     * @return address count
     */
    static long size(Ip4Prefix prefix) {
        return 1L << (Ip4Prefix.MAX_MASK_LENGTH - prefix.prefixLength());
    }

    /**
     * Returns the broadcast (last) address of a prefix.
     *
     * @param prefix prefix
     * @return last address
     */
    static Ip4Address broadcast(Ip4Prefix prefix) {
        return Ip4Address.valueOf(prefix.address().toInt() | (int) (size(prefix) - 1));
    }
}
