package org.tenantnat.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import org.onlab.packet.VlanId;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.config.ErrorCollector;
import org.tenantnat.config.FieldNames;
import org.tenantnat.config.FieldPath;
import org.tenantnat.config.InvalidConfigException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the fields of one JSON object for a codec, recording an error for every field that is unknown, missing,
 * of the wrong JSON type or malformed, and carrying on so that all errors are found; {@link #throwIfAny()} then
 * reports them together, with paths relative to the object (e.g. {@code prefixes[1]}).
 * <p>
 * A JSON {@code null} counts as absent: optional fields may be sent as null, required ones may not. Each read
 * returns null when the field is absent or wrong. Paths and messages are only built for errors, so reading a
 * valid object allocates little beyond its values. The object is read from a {@link JsonTape}, whether it came as
 * text or as a tree, so a codec has one way of decoding for both.
 */
final class FieldReader {

    /** Whether a field must be present. */
    enum Presence {
        /** The field must be present and not null. */
        REQUIRED,
        /** The field may be absent or null. */
        OPTIONAL
    }

    /** How the items of a list of objects are named in errors. */
    enum Naming {
        /** By position: {@code access[0]}. */
        BY_INDEX,
        /** By the item's name where it is well formed and unique, e.g. {@code tenants[acme]}, else by position. */
        BY_NAME
    }

    private static final int MAX_SHOWN = 40;

    private static final int ABSENT = -1;

    private final JsonTape tape;
    private final int object;
    // Where to look for the next field first: just past the field read last.
    private int next;
    // Once rejectUnknown has seen every field: the known fields in the codec's order, the entry of each one's value
    // (ABSENT when the object lacks it), and the known field after the one read last. Codecs read their fields in
    // the order they list them, so a read is mostly one comparison of two interned names and no search at all.
    private KnownFields known;
    private int[] valueOf;
    private int nextKnown;
    private final ErrorCollector errors = new ErrorCollector();

    /**
     * Starts reading an object of a tape.
     *
     * @param tape   the tape
     * @param object entry of the object
     */
    FieldReader(JsonTape tape, int object) {
        this.tape = tape;
        this.object = object;
        this.next = object + 1;
    }

    /**
     * Starts reading a tree.
     *
     * @param object the object
     * @return reader
     */
    static FieldReader of(ObjectNode object) {
        return new FieldReader(JsonTape.of(object), 0);
    }

    /**
     * Records an error for each field that is not among the known ones, and notes where each known one is, so that
     * the reads that follow find it without a search; a codec calls it before reading any field.
     *
     * @param known the fields this object may have, in the order the codec reads and lists them
     */
    void rejectUnknown(KnownFields known) {
        int[] values = new int[known.size()];
        Arrays.fill(values, ABSENT);
        int k = 0;
        for (int f = object + 1; f < tape.end(object); f = tape.end(f + 1)) {
            String name = tape.text(f);
            k = known.indexOf(name, k);
            if (k == KnownFields.NONE) {
                // An empty key is shown quoted: an error must name a field.
                errors.add(name.isEmpty() ? "\"\"" : name, "unknown field (allowed: %s)", known);
                k = 0;
            } else {
                values[k++] = f + 1;
            }
        }
        this.known = known;
        this.valueOf = values;
    }

    /**
     * Reads a string field.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return text, null when absent or wrong
     */
    String text(String field, Presence presence) {
        int n = node(field, presence);
        return n == ABSENT ? null : text(n, field);
    }

    /**
     * Reads a string field and parses it.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param form     how the value is written
     * @param <T>      value type
     * @return value, null when absent or wrong
     */
    <T> T parsed(String field, Presence presence, TextForm<T> form) {
        int n = node(field, presence);
        return n == ABSENT ? null : parsed(n, field, form);
    }

    /**
     * Reads an integer field that fits a Java int.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return value, null when absent or wrong
     */
    Integer integer(String field, Presence presence) {
        int n = node(field, presence);
        if (n == ABSENT) {
            return null;
        }
        boolean isNumber = tape.kind(n) == JsonTape.Kind.NUMBER;
        if (isNumber && tape.isInt(n)) {
            return tape.intValue(n);
        }
        Number number = isNumber ? tape.number(n) : null;
        if (!isIntegral(number)) {
            errors.add(field, "expected an integer, got %s", describe(n));
            return null;
        }
        if (!fitsInt(number)) {
            errors.add(field, "%s is too large", number);
            return null;
        }
        return number.intValue();
    }

    /**
     * Reads an integer field that fits a Java long.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return value, null when absent or wrong
     */
    Long longInteger(String field, Presence presence) {
        int n = node(field, presence);
        if (n == ABSENT) {
            return null;
        }
        Number number = tape.kind(n) == JsonTape.Kind.NUMBER ? tape.number(n) : null;
        if (!isIntegral(number)) {
            errors.add(field, "expected an integer, got %s", describe(n));
            return null;
        }
        if (number instanceof BigInteger && ((BigInteger) number).bitLength() >= Long.SIZE) {
            errors.add(field, "%s is too large", number);
            return null;
        }
        return number.longValue();
    }

    /**
     * Reads an optional VLAN id of a tagged attachment.
     *
     * @param field field name
     * @return VLAN, {@link VlanId#NONE} when absent (untagged) or wrong
     */
    VlanId vlan(String field) {
        Integer vlan = integer(field, Presence.OPTIONAL);
        if (vlan == null) {
            return VlanId.NONE;
        }
        if (vlan < ConfigValidator.MIN_VLAN || vlan > ConfigValidator.MAX_VLAN) {
            errors.add(field, "%d is out of range %d..%d (leave vlan out for an untagged attachment)",
                       vlan, ConfigValidator.MIN_VLAN, ConfigValidator.MAX_VLAN);
            return VlanId.NONE;
        }
        return VlanId.vlanId(vlan.shortValue());
    }

    /**
     * Reads an array of strings and parses each element.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param form     how each element is written
     * @param <T>      value type
     * @return values, null when absent or when any element is wrong
     */
    <T> List<T> parsedList(String field, Presence presence, TextForm<T> form) {
        int n = array(field, presence);
        if (n == ABSENT) {
            return null;
        }
        int before = errors.count();
        // Built immutable here, so the model's own immutable copy of the list is the list itself.
        ImmutableList.Builder<T> values = ImmutableList.builder();
        int index = 0;
        for (int item = n + 1; item < tape.end(n); item = tape.end(item)) {
            T value = parsed(item, field, index++, form);
            if (value != null) {
                values.add(value);
            }
        }
        return errors.count() > before ? null : values.build();
    }

    /**
     * Reads an object whose keys and string values are both parsed, e.g. prefix to prefix.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param form     how keys and values are written
     * @param <T>      key and value type
     * @return map in document order, null when absent or when any entry is wrong
     */
    <T> Map<T, T> parsedMap(String field, Presence presence, TextForm<T> form) {
        int n = node(field, presence);
        if (n == ABSENT) {
            return null;
        }
        if (tape.kind(n) != JsonTape.Kind.OBJECT) {
            errors.add(field, "expected an object, got %s", describe(n));
            return null;
        }
        int before = errors.count();
        Map<T, T> map = new LinkedHashMap<>();
        for (int f = n + 1; f < tape.end(n); f = tape.end(f + 1)) {
            String name = tape.text(f);
            T key = form.parse(name);
            if (key == null) {
                errors.add(FieldPath.element(field, name), form.problem(name));
            }
            T value = parsed(f + 1, field, name, form);
            if (key != null && value != null) {
                map.put(key, value);
            }
        }
        return errors.count() > before ? null : map;
    }

    /**
     * Reads an object field with the codec of its type; the codec's errors are reported under the field.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param type     the type of its value
     * @param context  where the codec comes from
     * @param <T>      value type
     * @return value, null when absent or wrong
     */
    <T> T object(String field, Presence presence, Class<T> type, CodecContext context) {
        int n = node(field, presence);
        return n == ABSENT ? null : decode(n, field, context.codec(type), context);
    }

    /**
     * Reads an array of objects, each with the codec of its type; each item's errors are reported under the item,
     * e.g. {@code tenants[acme].id}.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param type     the type of its items
     * @param naming   how items are named in errors
     * @param context  where the codec comes from
     * @param <T>      item type
     * @return items, null when absent; the wrong items are left out
     */
    <T> List<T> objects(String field, Presence presence, Class<T> type, Naming naming, CodecContext context) {
        int n = array(field, presence);
        if (n == ABSENT) {
            return null;
        }
        JsonCodec<T> codec = null;
        List<String> paths = null;
        // Built immutable here, so the model's own immutable copy of the list is the list itself.
        ImmutableList.Builder<T> items = ImmutableList.builder();
        int i = 0;
        for (int item = n + 1; item < tape.end(n); item = tape.end(item), i++) {
            if (tape.kind(item) != JsonTape.Kind.OBJECT) {
                paths = paths == null ? itemPaths(field, n, naming) : paths;
                errors.add(paths.get(i), "expected an object, got %s", describe(item));
                continue;
            }
            codec = codec == null ? context.codec(type) : codec;
            try {
                items.add(decode(item, codec, context));
            } catch (InvalidConfigException e) {
                paths = paths == null ? itemPaths(field, n, naming) : paths;
                String path = paths.get(i);
                e.errors().forEach(error -> errors.add(under(path, error.field()), error.message()));
            }
        }
        return items.build();
    }

    /**
     * Records an error found by the codec itself, e.g. a value out of range.
     *
     * @param field   field name
     * @param message what is wrong; a {@link String#format} pattern when args are given
     * @param args    format arguments
     */
    void error(String field, String message, Object... args) {
        errors.add(field, message, args);
    }

    /**
     * Throws when any error was recorded.
     *
     * @throws InvalidConfigException listing every error, paths relative to the object
     */
    void throwIfAny() {
        errors.throwIfAny();
    }

    /**
     * Describes a JSON value for an error message, e.g. {@code string "1"} or {@code an array}.
     *
     * @param n node, may be null
     * @return description
     */
    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        switch (n.getNodeType()) {
            case STRING:
                return "string " + shorten(n.toString());
            case NUMBER:
                return "number " + shorten(n.asText());
            case BOOLEAN:
                return "boolean " + n.asText();
            case NULL:
                return "null";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            default:
                return n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Describes a value of the tape for an error message, as {@link #describe(JsonNode)} describes it in a tree.
     *
     * @param n entry of the value
     * @return description
     */
    private String describe(int n) {
        switch (tape.kind(n)) {
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            default:
                return describe(tape.tree(n));
        }
    }

    /**
     * Decodes the whole object this reader reads with a codec.
     *
     * @param codec   the codec of its type
     * @param context where the codecs of nested objects come from
     * @param <T>     its type
     * @return the decoded value
     * @throws InvalidConfigException listing the codec's errors
     */
    <T> T decodeObject(JsonCodec<T> codec, CodecContext context) {
        return decode(object, codec, context);
    }

    private <T> T decode(int n, String field, JsonCodec<T> codec, CodecContext context) {
        if (tape.kind(n) != JsonTape.Kind.OBJECT) {
            errors.add(field, "expected an object, got %s", describe(n));
            return null;
        }
        try {
            return decode(n, codec, context);
        } catch (InvalidConfigException e) {
            e.errors().forEach(error -> errors.add(under(field, error.field()), error.message()));
            return null;
        }
    }

    // Decodes an object of the tape with a codec; one that reads only trees gets the object rebuilt as a tree.
    private <T> T decode(int n, JsonCodec<T> codec, CodecContext context) {
        if (codec instanceof FieldCodec) {
            return ((FieldCodec<T>) codec).decode(new FieldReader(tape, n), context);
        }
        return codec.decode((ObjectNode) tape.tree(n), context);
    }

    // The path of a nested object's own error under the object's path.
    private static String under(String path, String nested) {
        return FieldPath.DOCUMENT.equals(nested) ? path : FieldPath.child(path, nested);
    }

    private List<String> itemPaths(String field, int items, Naming naming) {
        List<String> names = new ArrayList<>(tape.count(items));
        for (int item = items + 1; item < tape.end(items); item = tape.end(item)) {
            int name = tape.kind(item) == JsonTape.Kind.OBJECT ? tape.field(item, FieldNames.NAME) : ABSENT;
            boolean named = name != ABSENT && tape.kind(name) == JsonTape.Kind.STRING;
            names.add(naming == Naming.BY_NAME && named ? tape.text(name) : null);
        }
        return FieldPath.items(field, names);
    }

    private int array(String field, Presence presence) {
        int n = node(field, presence);
        if (n != ABSENT && tape.kind(n) != JsonTape.Kind.ARRAY) {
            errors.add(field, "expected an array, got %s", describe(n));
            return ABSENT;
        }
        return n;
    }

    private int node(String field, Presence presence) {
        int k = known == null ? KnownFields.NONE : known.indexOf(field, nextKnown);
        int n;
        if (k != KnownFields.NONE) {
            n = valueOf[k];
            nextKnown = k + 1;
        } else {
            n = tape.field(object, field, next);
            if (n != ABSENT) {
                next = tape.end(n);
            }
        }
        if (n != ABSENT && tape.kind(n) != JsonTape.Kind.NULL) {
            return n;
        }
        if (presence == Presence.REQUIRED) {
            errors.add(field, n == ABSENT ? "missing required field" : "required field must not be null");
        }
        return ABSENT;
    }

    private String text(int n, String at) {
        if (tape.kind(n) != JsonTape.Kind.STRING) {
            errors.add(at, "expected a string, got %s", describe(n));
            return null;
        }
        return tape.text(n);
    }

    // Integral as Jackson's tree tells it of a number node: read as an integer, not as a fraction.
    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof BigInteger || n instanceof Short
                || n instanceof Byte;
    }

    private static boolean fitsInt(Number n) {
        if (n instanceof Long) {
            return n.longValue() >= Integer.MIN_VALUE && n.longValue() <= Integer.MAX_VALUE;
        }
        return !(n instanceof BigInteger) || ((BigInteger) n).bitLength() < Integer.SIZE;
    }

    private <T> T parsed(int n, String field, TextForm<T> form) {
        String text = text(n, field);
        if (text == null) {
            return null;
        }
        T value = tape.parsed(n, form);
        if (value == null) {
            errors.add(field, form.problem(text));
        }
        return value;
    }

    // An element of a list or an entry of a map, whose path is only built for an error.
    private <T> T parsed(int n, String field, Object key, TextForm<T> form) {
        if (tape.kind(n) != JsonTape.Kind.STRING) {
            errors.add(FieldPath.element(field, key), "expected a string, got %s", describe(n));
            return null;
        }
        T value = tape.parsed(n, form);
        if (value == null) {
            errors.add(FieldPath.element(field, key), form.problem(tape.text(n)));
        }
        return value;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
