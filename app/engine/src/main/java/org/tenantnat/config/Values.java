package org.tenantnat.config;

import com.google.common.net.InetAddresses;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.model.TranslationPolicy;

import java.net.Inet4Address;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsers for the text values of a desired-state document. Each throws
 * {@link IllegalArgumentException} with a message meant for the operator.
 */
final class Values {

    /** Highest physical OpenFlow port number (OFPP_MAX); the numbers above it are logical ports. */
    static final long MAX_PORT = 0xffffff00L;

    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final Pattern CONNECT_POINT = Pattern.compile("of:([0-9A-Fa-f]{16})/([0-9]{1,10})");
    private static final Pattern PREFIX_LENGTH = Pattern.compile("[0-9]{1,2}");

    private Values() {
    }

    /**
     * Parses a dotted-quad IPv4 address.
     *
     * @param text e.g. {@code 10.1.1.10}
     * @return address
     */
    static Ip4Address address(String text) {
        // Guava maps IPv4-mapped IPv6 text to an IPv4 address; any colon means the operator wrote IPv6.
        if (text.indexOf(':') >= 0 && InetAddresses.isInetAddress(text)) {
            throw new IllegalArgumentException(text + " is an IPv6 address; an IPv4 address is required");
        }
        if (text.indexOf(':') < 0 && InetAddresses.isInetAddress(text)
                && InetAddresses.forString(text) instanceof Inet4Address) {
            return Ip4Address.valueOf(InetAddresses.forString(text));
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (expected e.g. 10.1.1.10)");
    }

    /**
     * Parses an IPv4 prefix whose host bits are all zero.
     *
     * @param text e.g. {@code 10.1.1.0/24}
     * @return prefix
     */
    static Ip4Prefix prefix(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.indexOf(':') >= 0 && InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException(text + " is an IPv6 prefix; an IPv4 prefix is required");
        }
        String length = slash < 0 ? "" : text.substring(slash + 1);
        if (slash < 0 || !PREFIX_LENGTH.matcher(length).matches() || address.indexOf(':') >= 0
                || !InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 prefix (expected e.g. 10.1.1.0/24)");
        }
        int bits = Integer.parseInt(length);
        if (bits > Ip4Prefix.MAX_MASK_LENGTH) {
            throw new IllegalArgumentException(text + ": prefix length /" + bits + " is out of range 0..32");
        }
        Ip4Address network = address(address);
        Ip4Prefix prefix = Ip4Prefix.valueOf(network, bits);
        if (!prefix.address().equals(network)) {
            throw new IllegalArgumentException("host bits set in " + text + " (the network is " + prefix + ")");
        }
        return prefix;
    }

    /**
     * Parses a colon-separated MAC address.
     *
     * @param text e.g. {@code 02:00:00:00:00:01}
     * @return MAC
     */
    static MacAddress mac(String text) {
        if (!MAC.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (expected e.g. 02:00:00:00:00:01)");
        }
        return MacAddress.valueOf(text);
    }

    /**
     * Parses an OpenFlow switch port. The datapath id is lower-cased because ONOS compares device ids as text.
     *
     * @param text e.g. {@code of:0000000000000001/3}
     * @return connect point
     */
    static ConnectPoint connectPoint(String text) {
        Matcher m = CONNECT_POINT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a connect point "
                    + "(expected of:<16 hex digits of the datapath id>/<port number>, e.g. of:0000000000000001/3)");
        }
        long port = Long.parseLong(m.group(2));
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException(
                    text + ": port " + port + " is not a physical port (1.." + MAX_PORT + ")");
        }
        return new ConnectPoint(DeviceId.deviceId("of:" + m.group(1).toLowerCase(Locale.ROOT)),
                                PortNumber.portNumber(port));
    }

    /**
     * Renders a connect point the way {@link #connectPoint(String)} reads it.
     *
     * @param connectPoint connect point
     * @return text, e.g. {@code of:0000000000000001/3}
     */
    static String connectPointText(ConnectPoint connectPoint) {
        return connectPoint.deviceId() + "/" + connectPoint.port().toLong();
    }

    /**
     * Parses a translation mode.
     *
     * @param text {@code static} or {@code dynamic}
     * @return mode
     */
    static TranslationPolicy.Mode mode(String text) {
        for (TranslationPolicy.Mode mode : TranslationPolicy.Mode.values()) {
            if (modeText(mode).equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a translation mode (expected static or dynamic)");
    }

    /**
     * Renders a translation mode the way {@link #mode(String)} reads it.
     *
     * @param mode mode
     * @return text
     */
    static String modeText(TranslationPolicy.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
