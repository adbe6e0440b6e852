package org.tenantnat.config;

import com.google.common.net.InetAddresses;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;

import java.net.Inet4Address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The hand-written, exception-free parsers read exactly what the libraries read: Guava's strict dotted quads,
 * onlab's prefixes and MACs.
 */
class ValuesTest {

    @Property(tries = 3000)
    void anAddressIsWhatGuavaTakesForIpv4(@ForAll("addressLike") String text) {
        Ip4Address expected = text.indexOf(':') < 0 && InetAddresses.isInetAddress(text)
                && InetAddresses.forString(text) instanceof Inet4Address
                ? Ip4Address.valueOf(InetAddresses.forString(text)) : null;

        assertEquals(expected, Values.address(text), text);
    }

    @Property(tries = 3000)
    void aPrefixIsAnAddressAndALengthWithoutHostBits(@ForAll("addressLike") String address,
                                                     @ForAll("lengthLike") String length) {
        String text = address + "/" + length;
        Ip4Address network = Values.address(address);
        boolean wellFormed = network != null && length.matches("[0-9]{1,2}") && Integer.parseInt(length) <= 32;
        Ip4Prefix expected = wellFormed ? Ip4Prefix.valueOf(network, Integer.parseInt(length)) : null;

        assertEquals(expected != null && expected.address().equals(network) ? expected : null,
                     Values.prefix(text), text);
    }

    @Property(tries = 3000)
    void aMacIsSixColonSeparatedHexPairs(@ForAll("macLike") String text) {
        MacAddress expected = text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}") ? MacAddress.valueOf(text) : null;

        assertEquals(expected, Values.mac(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"of:0000000000000001/0", "of:000000000000001/3", "of:00000000000000g1/3",
            "of:0000000000000001/", "of:0000000000000001/12345678901", "of:0000000000000001/4294967041",
            "of:0000000000000001:3", "xf:0000000000000001/3", "of:0000000000000001/+3"})
    void malformedConnectPointsAreRefused(String text) {
        assertNull(Values.connectPoint(text), text);
    }

    @Provide
    Arbitrary<String> addressLike() {
        // Mostly near-misses of dotted quads: octets with leading zeros, over 255, empty, too many or too few.
        Arbitrary<String> octet = Arbitraries.of("0", "00", "01", "7", "10", "99", "100", "199", "255", "256", "300",
                                                 "999", "1000", "", "1a", "-1");
        Arbitrary<String> quads = octet.list().ofMinSize(3).ofMaxSize(5).map(o -> String.join(".", o));
        return Arbitraries.oneOf(quads, Arbitraries.strings().withChars("0123456789.:a").ofMaxLength(17));
    }

    @Provide
    Arbitrary<String> lengthLike() {
        return Arbitraries.strings().withChars("0123456789/x").ofMinLength(0).ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> macLike() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdefABCDEFgG:").ofLength(17),
                                 Arbitraries.strings().withChars("0aF:").ofMinLength(15).ofMaxLength(18));
    }
}
