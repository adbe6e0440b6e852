package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

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
    // than through onlab's masking, which allocates a new address each time, and the ranges are an array so that
    // looking through them takes no iterator.

    // Broadcast first: it also lies in 240.0.0.0/4, and is the more telling name.
    private static final SpecialRange[] SPECIAL = {
            new SpecialRange("255.255.255.255/32", "the limited broadcast address", "limited broadcast"),
            new SpecialRange("0.0.0.0/8", "a 'this network' address (0.0.0.0/8)", "'this network'"),
            new SpecialRange("127.0.0.0/8", "a loopback address (127.0.0.0/8)", "loopback"),
            new SpecialRange("224.0.0.0/4", "a multicast address (224.0.0.0/4)", "multicast"),
            new SpecialRange("240.0.0.0/4", "a reserved address (240.0.0.0/4)", "reserved")
    };

    private Addresses() {
    }

    /**
     * Tells why an address cannot be a host, router, gateway or VIP.
     *
     * @param address address
     * @return e.g. {@code a multicast address (224.0.0.0/4)}; empty when it is usable
     */
    static Optional<String> specialUse(Ip4Address address) {
        return Optional.ofNullable(specialUse(address.toInt()));
    }

    /**
     * Tells why an address, given as its 32 bits, cannot be a host, router, gateway or VIP.
     *
     * @param address the address's bits
     * @return e.g. {@code a multicast address (224.0.0.0/4)}; null when it is usable
     */
    static String specialUse(int address) {
        for (SpecialRange s : SPECIAL) {
            if (((s.network ^ address) & mask(s.length)) == 0) {
                return s.addressIs;
            }
        }
        return null;
    }

    /**
     * Tells which special-purpose range a prefix overlaps.
     *
     * @param prefix prefix
     * @return e.g. {@code 224.0.0.0/4 (multicast)}; empty when it overlaps none
     */
    static Optional<String> specialUse(Ip4Prefix prefix) {
        return Optional.ofNullable(specialUse(prefix.address().toInt(), prefix.prefixLength()));
    }

    /**
     * Tells which special-purpose range a prefix, given as its network bits and length, overlaps.
     *
     * @param network the prefix's network bits
     * @param length  the prefix's length
     * @return e.g. {@code 224.0.0.0/4 (multicast)}; null when it overlaps none
     */
    static String specialUse(int network, int length) {
        for (SpecialRange s : SPECIAL) {
            if (((s.network ^ network) & mask(Math.min(s.length, length))) == 0) {
                return s.range + " (" + s.name + ")";
            }
        }
        return null;
    }

    /**
     * Tells whether two prefixes share any address; aligned prefixes overlap only when one contains the other.
     *
     * @param a a prefix
     * @param b another prefix
     * @return true when they overlap
     */
    static boolean overlap(Ip4Prefix a, Ip4Prefix b) {
        return overlap(a.address().toInt(), a.prefixLength(), b.address().toInt(), b.prefixLength());
    }

    /**
     * Tells whether two prefixes, given as network bits and lengths, share any address.
     *
     * @param a       a prefix's network bits
     * @param aLength its length
     * @param b       another prefix's network bits
     * @param bLength its length
     * @return true when they overlap
     */
    static boolean overlap(int a, int aLength, int b, int bLength) {
        return ((a ^ b) & mask(Math.min(aLength, bLength))) == 0;
    }

    /**
     * Tells whether a prefix holds an address.
     *
     * @param prefix  prefix
     * @param address address
     * @return true when the address is inside
     */
    static boolean contains(Ip4Prefix prefix, Ip4Address address) {
        return contains(prefix.address().toInt(), prefix.prefixLength(), address.toInt());
    }

    /**
     * Tells whether a prefix, given as network bits and length, holds an address given as its bits.
     *
     * @param network the prefix's network bits
     * @param length  the prefix's length
     * @param address the address's bits
     * @return true when the address is inside
     */
    static boolean contains(int network, int length, int address) {
        return ((network ^ address) & mask(length)) == 0;
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

    /**
     * Returns the network mask of a prefix length.
     *
     * @param length prefix length, 0 to 32
     * @return mask bits
     */
    static int mask(int length) {
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
