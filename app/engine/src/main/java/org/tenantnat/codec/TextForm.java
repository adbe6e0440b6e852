package org.tenantnat.codec;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.Values;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How one kind of value is written as a JSON string: its parser, and what to tell the operator when text does not
 * parse. A shared form's values are immutable and often repeated in a document (prefixes, addresses, switch ports),
 * so a {@link JsonTape} builds the value of a repeated text once and hands out that one value.
 *
 * @param <T> value type
 */
final class TextForm<T> {

    /** A dotted-quad IPv4 address. */
    static final TextForm<Ip4Address> ADDRESS = new TextForm<>(Values::address, Values::addressProblem, true);
    /** An IPv4 prefix without host bits. */
    static final TextForm<Ip4Prefix> PREFIX = new TextForm<>(Values::prefix, Values::prefixProblem, true);
    /** A colon-separated MAC address. */
    static final TextForm<MacAddress> MAC = new TextForm<>(Values::mac, Values::macProblem);
    /** An OpenFlow switch port. */
    static final TextForm<ConnectPoint> CONNECT_POINT =
            new TextForm<>(Values::connectPoint, Values::connectPointProblem, true);
    /** An IPv4 address (as a /32) or a prefix without host bits. */
    static final TextForm<Ip4Prefix> ADDRESS_OR_PREFIX = new TextForm<>(
            t -> t.indexOf('/') >= 0 ? Values.prefix(t)
                    : addressPrefix(Values.address(t)), t -> t.indexOf('/') >= 0 ? Values.prefixProblem(t)
                    : Values.addressProblem(t));
    /** A moment, ISO-8601 with a zone offset. */
    static final TextForm<Instant> INSTANT = new TextForm<>(Values::instant, Values::instantProblem);
    /** A port range FIRST-LAST. */
    static final TextForm<PortRange> PORTS = new TextForm<>(Values::portRange, Values::portRangeProblem);
    /** A translation mode. */
    static final TextForm<TranslationPolicy.Mode> MODE = new TextForm<>(Values::mode, Values::modeProblem);

    /** Any text. */
    static final TextForm<String> TEXT = new TextForm<>(Function.identity(), t -> "");
    /** A front end a change came through, e.g. {@code rest}. */
    static final TextForm<Origin.Channel> CHANNEL = new TextForm<>(t -> Origin.Channel.fromText(t).orElse(null),
            t -> "expected one of " + Arrays.stream(Origin.Channel.values()).map(Origin.Channel::text)
                    .collect(Collectors.joining(", ")) + ", got '" + t + "'");

    private static Ip4Prefix addressPrefix(Ip4Address address) {
        return address == null ? null : Ip4Prefix.valueOf(address, Ip4Prefix.MAX_MASK_LENGTH);
    }

    private final Function<String, T> parser;
    private final Function<String, String> problem;
    private final boolean shared;

    private TextForm(Function<String, T> parser, Function<String, String> problem) {
        this(parser, problem, false);
    }

    private TextForm(Function<String, T> parser, Function<String, String> problem, boolean shared) {
        this.parser = parser;
        this.problem = problem;
        this.shared = shared;
    }

    /**
     * Tells whether one value may stand for every occurrence of its text in a document.
     *
     * @return true for immutable values that documents repeat
     */
    boolean isShared() {
        return shared;
    }

    /**
     * Parses text.
     *
     * @param text text
     * @return value, or null when the text is malformed
     */
    T parse(String text) {
        return parser.apply(text);
    }

    /**
     * Says why text did not parse.
     *
     * @param text text that {@link #parse} refused
     * @return message for the operator
     */
    String problem(String text) {
        return problem.apply(text);
    }
}
