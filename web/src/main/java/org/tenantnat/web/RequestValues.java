package org.tenantnat.web;

import com.google.common.net.InetAddresses;
import org.onlab.packet.Ip4Address;
import org.tenantnat.config.InvalidConfigException;

import java.net.Inet4Address;

/**
 * Strict parsing of the values a request carries outside a desired-state document (path and query values,
 * intent bodies); errors name the field.
 */
final class RequestValues {

    private RequestValues() {
    }

    /**
     * Parses a dotted-quad IPv4 address.
     *
     * @param field field or parameter name, for the error
     * @param text  e.g. {@code 100.64.0.10}
     * @return address
     * @throws InvalidConfigException when the text is not an IPv4 address
     */
    static Ip4Address ipv4(String field, String text) {
        // Guava maps IPv4-mapped IPv6 text to IPv4; any colon means the operator wrote an IPv6 address.
        if (text.indexOf(':') >= 0 && InetAddresses.isInetAddress(text)) {
            throw new InvalidConfigException(field, text + " is an IPv6 address; an IPv4 address is required");
        }
        if (text.indexOf(':') < 0 && InetAddresses.isInetAddress(text)
                && InetAddresses.forString(text) instanceof Inet4Address) {
            return Ip4Address.valueOf(InetAddresses.forString(text));
        }
        throw new InvalidConfigException(field, "'" + text + "' is not an IPv4 address (expected e.g. 100.64.0.10)");
    }
}
