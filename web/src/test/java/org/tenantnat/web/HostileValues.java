package org.tenantnat.web;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * What a hostile client puts where the API expects a value, each as raw JSON text: wrong types, huge, negative and
 * fractional numbers, long strings, unicode that trips careless code (lone surrogates, NUL, right-to-left override,
 * look-alike digits), deep nesting, and tokens that are not JSON at all.
 */
final class HostileValues {

    /** Nesting of a whole desired state: a million levels fit the 64 MiB limit of {@code PUT /config}. */
    static final int DEEPEST_STATE = 1_000_000;
    /** Nesting of one item: half a million levels of brackets are just under its 1 MiB limit. */
    static final int DEEPEST_ITEM = 500_000;
    /** A string of a megabyte: one item's body still fits its 1 MiB limit. */
    static final int MEGABYTE_STRING = 1_000_000;

    private static final List<String> WRONG_TYPES = List.of(
            "\"1\"", "1", "0", "-1", "true", "false", "null", "[]", "{}", "[1, 2]", "{\"a\": 1}", "[null]",
            "[\"10.1.1.0/24\", 5]", "{\"mode\": 5}", "\"\"", "\" \"", "[[]]");

    private static final List<String> NUMBERS = List.of(
            "1e999999", "-1e999999", "1e-999999", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649", "4294967297", "65536",
            "65535", "4095", "4096", "1.5", "-0", "-0.0", "0.0", "1E2", "1e0", "100.000000000000000000001",
            "0.000000000000000000000000000000000000000000001", "123456789012345678901234567890.5");

    private static final List<String> NOT_JSON = List.of(
            "NaN", "Infinity", "-Infinity", "undefined", "'x'", "01", "0x10", ".5", "+1", "1.", "tru", "nul",
            "[1,]", "{\"a\": 1,}", "/* c */ 1", "// c\n1", "\"\\x41\"", "\"\\u12\"", "\"\\ud800\\\"",
            "\"tab\tinside\"", "\"new\nline\"", "\"nul\u0000byte\"", "\"unterminated", "[", "{", "]", "}", ":",
            "\"a\" \"b\"", "{\"a\" 1}", "{1: 2}");

    private static final List<String> UNICODE = List.of(
            "\\ud800", "\\udfff", "\\udc00\\ud800", "\\u0000", "acme\\u0000", "\\u202eemca", "acme\\u200b",
            "\\ufeffacme", "\\uffff", "\\ufffe", "\uD83D\uDE00", "a\u0301cme", "\u0130stanbul",
            "\uff41\uff43\uff4d\uff45",
            "\uff11\uff10.\uff11.\uff11.\uff11", "\u0661\u0660.\u0661.\u0661.\u0661", "10\u00b71.1.1", "10.1.1.0\\/24",
            "\u05d0\u05d1\u05d2", "\\u001b[31mred", "of:000000000000000\u0661/1", "02:00:00:00:00:0\u0661",
            "10.1.1.1\\n", " 10.1.1.1", "10.1.1.1 ", "10.1.1.0/24\\u0000", "\\\\", "\\\"", "%00", "../../etc");

    private HostileValues() {
    }

    /**
     * Returns hostile values in every class, as raw JSON text (some of it deliberately not JSON).
     *
     * @param deepest how deep nested values go: {@link #DEEPEST_STATE} or {@link #DEEPEST_ITEM}
     * @return values
     */
    static Arbitrary<String> any(int deepest) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(WRONG_TYPES)),
                Tuple.of(4, Arbitraries.of(NUMBERS)),
                Tuple.of(2, longNumbers()),
                Tuple.of(3, Arbitraries.of(NOT_JSON)),
                Tuple.of(4, Arbitraries.of(UNICODE).map(HostileValues::quoted)),
                Tuple.of(2, unicodeStrings()),
                Tuple.of(1, longStrings()),
                Tuple.of(1, nested(deepest)));
    }

    /**
     * Returns JSON strings of random code points, surrogates and control characters among them, written raw or
     * escaped.
     *
     * @return quoted strings
     */
    static Arbitrary<String> unicodeStrings() {
        Arbitrary<String> raw = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                .map(HostileValues::escapedForJson);
        return raw.map(HostileValues::quoted);
    }

    /**
     * Returns strings of a few hundred characters up to a megabyte.
     *
     * @return quoted strings
     */
    static Arbitrary<String> longStrings() {
        return Arbitraries.of(300, 70_000, MEGABYTE_STRING).flatMap(length -> Arbitraries.of("x", "\u00e9", "\\u0000",
                "\uD83D\uDE00", "10.1.1.0/24,").map(unit -> quoted(unit.repeat(length / unit.length()))));
    }

    /**
     * Returns integers of hundreds to a hundred thousand digits, which some JSON parsers take quadratic time over.
     *
     * @return number tokens
     */
    static Arbitrary<String> longNumbers() {
        return Arbitraries.of(400, 5_000, 100_000).flatMap(digits -> Arbitraries.of(
                "1" + "0".repeat(digits), "-9" + "9".repeat(digits), "1." + "1".repeat(digits),
                "1e" + "9".repeat(digits)));
    }

    /**
     * Returns arrays or objects nested from a thousand levels up to the deepest that fits the body limit.
     *
     * @param deepest deepest nesting
     * @return nested values
     */
    static Arbitrary<String> nested(int deepest) {
        return Arbitraries.of(1_000, 100_000, deepest).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "[".repeat(depth),
                "{\"a\":".repeat(depth / 5) + "1" + "}".repeat(depth / 5)));
    }

    /**
     * Writes text as the body of a JSON string, escaping what JSON requires and leaving the rest (surrogates
     * included) raw.
     *
     * @param text text
     * @return escaped text, without quotes
     */
    static String escapedForJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String quoted(String escaped) {
        return "\"" + escaped + "\"";
    }
}
