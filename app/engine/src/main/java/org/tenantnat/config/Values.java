package org.tenantnat.config;

import com.google.common.net.InetAddresses;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.TranslationPolicy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The text forms of the values of a desired-state document: strict parsers and the operator's messages for text
 * that does not parse.
 * <p>
 * A parser returns null for malformed text and throws nothing, so a large valid document costs no exception and
 * no regular expression; only then is the matching {@code ...Problem} method asked what is wrong. The values are
 * onlab's and ONOS's own types.
 */
public final class Values {

    private static final int MAX_TRANSPORT_PORT = 0xffff;

    /** Highest physical OpenFlow port number (OFPP_MAX); the numbers above it are logical ports. */
    public static final long MAX_PORT = 0xffffff00L;

    private static final String OPENFLOW = "of:";
    private static final int DPID_DIGITS = 16;
    private static final int MAX_PORT_DIGITS = 10;
    private static final int MAC_TEXT_LENGTH = 17;
    private static final int HEX_LETTER = 10;
    private static final int MAX_PREFIX_LENGTH_DIGITS = 2;

    private Values() {
    }

    /**
     * Parses a dotted-quad IPv4 address.
     *
     * @param text e.g. {@code 10.1.1.10}
     * @return address, or null when the text is not one
     */
    public static Ip4Address address(String text) {
        long value = dottedQuad(text, 0, text.length());
        return value < 0 ? null : Ip4Address.valueOf((int) value);
    }

    /**
     * Says why text is not an IPv4 address.
     *
     * @param text text that {@link #address} refused
     * @return message for the operator
     */
    public static String addressProblem(String text) {
        // Guava maps IPv4-mapped IPv6 text to an IPv4 address; any colon means the operator wrote IPv6.
        if (text.indexOf(':') >= 0 && InetAddresses.isInetAddress(text)) {
            return text + " is an IPv6 address; an IPv4 address is required";
        }
        return "'" + text + "' is not an IPv4 address (expected e.g. 10.1.1.10)";
    }

    /**
     * Parses an IPv4 prefix whose host bits are all zero.
     *
     * @param text e.g. {@code 10.1.1.0/24}
     * @return prefix, or null when the text is not one
     */
    public static Ip4Prefix prefix(String text) {
        int slash = text.indexOf('/');
        int bits = slash < 0 ? -1 : prefixLength(text, slash + 1);
        if (bits < 0 || bits > Ip4Prefix.MAX_MASK_LENGTH) {
            return null;
        }
        long network = dottedQuad(text, 0, slash);
        if (network < 0 || (network & ~mask(bits)) != 0) {
            return null;
        }
        return Ip4Prefix.valueOf((int) network, bits);
    }

    /**
     * Says why text is not an IPv4 prefix.
     *
     * @param text text that {@link #prefix} refused
     * @return message for the operator
     */
    public static String prefixProblem(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.indexOf(':') >= 0 && InetAddresses.isInetAddress(address)) {
            return text + " is an IPv6 prefix; an IPv4 prefix is required";
        }
        int bits = slash < 0 ? -1 : prefixLength(text, slash + 1);
        long network = dottedQuad(text, 0, slash < 0 ? text.length() : slash);
        if (bits < 0 || network < 0) {
            return "'" + text + "' is not an IPv4 prefix (expected e.g. 10.1.1.0/24)";
        }
        if (bits > Ip4Prefix.MAX_MASK_LENGTH) {
            return text + ": prefix length /" + bits + " is out of range 0..32";
        }
        return "host bits set in " + text + " (the network is "
                + Ip4Prefix.valueOf((int) (network & mask(bits)), bits) + ")";
    }

    /**
     * Parses a colon-separated MAC address.
     *
     * @param text e.g. {@code 02:00:00:00:00:01}
     * @return MAC, or null when the text is not one
     */
    public static MacAddress mac(String text) {
        if (text.length() != MAC_TEXT_LENGTH) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < MAC_TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') {
                    return null;
                }
                continue;
            }
            int digit = hexDigit(c);
            if (digit < 0) {
                return null;
            }
            value = value << 4 | digit;
        }
        return MacAddress.valueOf(value);
    }

    // ASCII hex digits, without Character.digit's Unicode table look-up for every character of every MAC.
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + HEX_LETTER;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + HEX_LETTER;
        }
        return -1;
    }

    /**
     * Says why text is not a MAC address.
     *
     * @param text text that {@link #mac} refused
     * @return message for the operator
     */
    public static String macProblem(String text) {
        return "'" + text + "' is not a MAC address (expected e.g. 02:00:00:00:00:01)";
    }

    /**
     * Parses an OpenFlow switch port. The datapath id is lower-cased because ONOS compares device ids as text.
     *
     * @param text e.g. {@code of:0000000000000001/3}
     * @return connect point, or null when the text is not one
     */
    public static ConnectPoint connectPoint(String text) {
        long port = openflowPort(text);
        if (port < 1 || port > MAX_PORT) {
            return null;
        }
        String device = text.substring(0, OPENFLOW.length() + DPID_DIGITS);
        return new ConnectPoint(DeviceId.deviceId(device.toLowerCase(Locale.ROOT)), PortNumber.portNumber(port));
    }

    /**
     * Says why text is not a connect point.
     *
     * @param text text that {@link #connectPoint} refused
     * @return message for the operator
     */
    public static String connectPointProblem(String text) {
        long port = openflowPort(text);
        if (port < 0) {
            return "'" + text + "' is not a connect point "
                    + "(expected of:<16 hex digits of the datapath id>/<port number>, e.g. of:0000000000000001/3)";
        }
        return text + ": port " + port + " is not a physical port (1.." + MAX_PORT + ")";
    }

    /**
     * Renders a connect point the way {@link #connectPoint(String)} reads it.
     *
     * @param connectPoint connect point
     * @return text, e.g. {@code of:0000000000000001/3}
     */
    public static String connectPointText(ConnectPoint connectPoint) {
        return connectPoint.deviceId() + "/" + connectPoint.port().toLong();
    }

    /**
     * Parses a translation mode.
     *
     * @param text {@code static}, {@code dynamic} or {@code pat}
     * @return mode, or null when the text is not one
     */
    public static TranslationPolicy.Mode mode(String text) {
        for (TranslationPolicy.Mode mode : TranslationPolicy.Mode.values()) {
            if (modeText(mode).equals(text)) {
                return mode;
            }
        }
        return null;
    }

    /**
     * Says why text is not a translation mode.
     *
     * @param text text that {@link #mode} refused
     * @return message for the operator
     */
    public static String modeProblem(String text) {
        return "'" + text + "' is not a translation mode (expected static, dynamic or pat)";
    }

    /**
     * Renders a translation mode the way {@link #mode(String)} reads it.
     *
     * @param mode mode
     * @return text
     */
    public static String modeText(TranslationPolicy.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a moment: ISO-8601 with a zone offset or {@code Z}, e.g. {@code 2026-11-24T14:02:00Z} or
     * {@code 2026-11-24T15:02:00+01:00}.
     *
     * @param text text
     * @return instant, or null when the text is not one
     */
    public static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Says why text is not a moment.
     *
     * @param text text that {@link #instant} refused
     * @return message for the operator
     */
    public static String instantProblem(String text) {
        return "'" + text + "' is not a moment in ISO-8601 with a zone offset, e.g. 2026-11-24T14:02:00Z";
    }

    /**
     * Parses a port range, {@code FIRST-LAST}.
     *
     * @param text text, e.g. {@code 40960-41471}
     * @return range, or null when the text is not one
     */
    public static PortRange portRange(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash > 5 || text.length() - dash - 1 > 5 || text.length() - dash - 1 == 0) {
            return null;
        }
        int first = digits(text, 0, dash);
        int last = digits(text, dash + 1, text.length());
        return first < 0 || last < first || last > MAX_TRANSPORT_PORT ? null : new PortRange(first, last);
    }

    /**
     * Says why text is not a port range.
     *
     * @param text text that {@link #portRange} refused
     * @return message for the operator
     */
    public static String portRangeProblem(String text) {
        return "'" + text + "' is not a port range FIRST-LAST of ports 0..65535, e.g. 40960-41471";
    }

    /**
     * Parses a transport port.
     *
     * @param text decimal port number
     * @return port 0..65535, or -1 when the text is not one
     */
    public static int port(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int port = digits(text, 0, text.length());
        return port > MAX_TRANSPORT_PORT ? -1 : port;
    }

    // The decimal value of text[from, to), or -1 when it holds anything but digits.
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return -1;
            }
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }

    // The value of text[from, to) as four decimal octets without leading zeros, or -1.
    private static long dottedQuad(String text, int from, int to) {
        long value = 0;
        int i = from;
        for (int octets = 0; octets < 4; octets++) {
            if (octets > 0) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            int octet = 0;
            while (i < to && i - start < 3 && isDigit(text.charAt(i))) {
                octet = octet * 10 + text.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || (digits > 1 && text.charAt(start) == '0') || octet > 255
                    || (i < to && isDigit(text.charAt(i)))) {
                return -1;
            }
            value = value << 8 | octet;
        }
        return i == to ? value : -1;
    }

    // One or two decimal digits from text[from] to the end, or -1.
    private static int prefixLength(String text, int from) {
        int digits = text.length() - from;
        if (digits < 1 || digits > MAX_PREFIX_LENGTH_DIGITS) {
            return -1;
        }
        int bits = 0;
        for (int i = from; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return -1;
            }
            bits = bits * 10 + text.charAt(i) - '0';
        }
        return bits;
    }

    // The port of of:<16 hex digits>/<1 to 10 digits>, or -1 when the text has another form.
    private static long openflowPort(String text) {
        int slash = OPENFLOW.length() + DPID_DIGITS;
        int digits = text.length() - slash - 1;
        if (!text.startsWith(OPENFLOW) || digits < 1 || digits > MAX_PORT_DIGITS || text.charAt(slash) != '/') {
            return -1;
        }
        for (int i = OPENFLOW.length(); i < slash; i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 || c > 'f') {
                return -1;
            }
        }
        long port = 0;
        for (int i = slash + 1; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return -1;
            }
            port = port * 10 + text.charAt(i) - '0';
        }
        return port;
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : (0xffffffffL << (Ip4Prefix.MAX_MASK_LENGTH - bits)) & 0xffffffffL;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
