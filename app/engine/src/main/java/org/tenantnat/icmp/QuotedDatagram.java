package org.tenantnat.icmp;

import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;

import java.util.Arrays;
import java.util.Optional;

/**
 * The datagram an ICMP error quotes: an IPv4 header and the first bytes of its payload, usually cut short, so it is
 * rewritten in place rather than parsed and serialized again (which would recompute lengths and checksums over the
 * truncated bytes). Rewriting its addresses recomputes its header checksum and adjusts the TCP or UDP checksum the
 * quote holds for the changed pseudo-header (RFC 1624), so the quote stays exactly what the far side would have sent.
 */
final class QuotedDatagram {

    private static final int MIN_HEADER = 20;
    private static final int SRC_OFFSET = 12;
    private static final int DST_OFFSET = 16;
    private static final int CHECKSUM_OFFSET = 10;
    private static final int TCP_CHECKSUM_OFFSET = 16;
    private static final int UDP_CHECKSUM_OFFSET = 6;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    private final byte[] bytes;
    private final int headerLength;

    private QuotedDatagram(byte[] bytes, int headerLength) {
        this.bytes = bytes;
        this.headerLength = headerLength;
    }

    /**
     * Reads a quote.
     *
     * @param quote bytes after the ICMP header's first 8 bytes
     * @return the quoted datagram, empty when it does not hold a whole IPv4 header
     */
    static Optional<QuotedDatagram> parse(byte[] quote) {
        if (quote.length < MIN_HEADER || (quote[0] >> 4 & 0xf) != 4) {
            return Optional.empty();
        }
        int headerLength = (quote[0] & 0xf) * 4;
        if (headerLength < MIN_HEADER || headerLength > quote.length) {
            return Optional.empty();
        }
        return Optional.of(new QuotedDatagram(Arrays.copyOf(quote, quote.length), headerLength));
    }

    Ip4Address source() {
        return Ip4Address.valueOf(Arrays.copyOfRange(bytes, SRC_OFFSET, SRC_OFFSET + 4));
    }

    Ip4Address destination() {
        return Ip4Address.valueOf(Arrays.copyOfRange(bytes, DST_OFFSET, DST_OFFSET + 4));
    }

    /**
     * Rewrites both addresses with their checksums.
     *
     * @param src new source
     * @param dst new destination
     * @return the rewritten quote
     */
    byte[] rewrite(Ip4Address src, Ip4Address dst) {
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        int transportChecksum = transportChecksumOffset();
        if (transportChecksum >= 0) {
            int sum = word(out, transportChecksum);
            boolean udpWithout = sum == 0 && protocol() == IPv4.PROTOCOL_UDP;
            if (!udpWithout) {
                sum = adjust(sum, out, SRC_OFFSET, src.toOctets());
                sum = adjust(sum, out, DST_OFFSET, dst.toOctets());
                // UDP sends "no checksum" as 0, so a computed 0 travels as its other form, 0xffff.
                putWord(out, transportChecksum, sum == 0 && protocol() == IPv4.PROTOCOL_UDP ? 0xffff : sum);
            }
        }
        System.arraycopy(src.toOctets(), 0, out, SRC_OFFSET, 4);
        System.arraycopy(dst.toOctets(), 0, out, DST_OFFSET, 4);
        putWord(out, CHECKSUM_OFFSET, 0);
        putWord(out, CHECKSUM_OFFSET, ~onesComplementSum(out, 0, headerLength) & 0xffff);
        return out;
    }

    private byte protocol() {
        return bytes[9];
    }

    /** Where the quote holds a TCP or UDP checksum: only in a first fragment, and only when it was quoted. */
    private int transportChecksumOffset() {
        boolean firstFragment = (word(bytes, 6) & FRAGMENT_OFFSET_MASK) == 0;
        int offset;
        if (protocol() == IPv4.PROTOCOL_TCP) {
            offset = headerLength + TCP_CHECKSUM_OFFSET;
        } else if (protocol() == IPv4.PROTOCOL_UDP) {
            offset = headerLength + UDP_CHECKSUM_OFFSET;
        } else {
            return -1;
        }
        return firstFragment && offset + 2 <= bytes.length ? offset : -1;
    }

    /** RFC 1624 eqn. 3 for a 4-byte field: HC' = ~(~HC + ~m + m'), word by word. */
    private static int adjust(int checksum, byte[] packet, int offset, byte[] replacement) {
        int sum = ~checksum & 0xffff;
        for (int i = 0; i < 4; i += 2) {
            sum += ~word(packet, offset + i) & 0xffff;
            sum += word(replacement, i);
        }
        return ~fold(sum) & 0xffff;
    }

    private static int onesComplementSum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += word(data, offset + i);
        }
        return fold(sum);
    }

    private static int fold(int sum) {
        int folded = sum;
        while ((folded >>> 16) != 0) {
            folded = (folded & 0xffff) + (folded >>> 16);
        }
        return folded;
    }

    private static int word(byte[] data, int offset) {
        return (data[offset] & 0xff) << 8 | (data[offset + 1] & 0xff);
    }

    private static void putWord(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >>> 8);
        data[offset + 1] = (byte) value;
    }
}
