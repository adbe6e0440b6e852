package org.tenantnat.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.VlanId;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.config.ErrorCollector;
import org.tenantnat.config.FieldNames;
import org.tenantnat.config.FieldPath;
import org.tenantnat.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one JSON object for a codec, recording an error for every field that is unknown, missing,
 * of the wrong JSON type or malformed, and carrying on so that all errors are found; {@link #throwIfAny()} then
 * reports them together, with paths relative to the object (e.g. {@code prefixes[1]}).
 * <p>
 * A JSON {@code null} counts as absent: optional fields may be sent as null, required ones may not. Each read
 * returns null when the field is absent or wrong. Paths and messages are only built for errors, so reading a
 * valid object allocates little beyond its values.
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

    private final ObjectNode object;
    private final ErrorCollector errors = new ErrorCollector();

    /**
     * Starts reading an object.
     *
     * @param object the object
     */
    FieldReader(ObjectNode object) {
        this.object = object;
    }

    /**
     * Records an error for each field that is not among the known ones.
     *
     * @param known the fields this object may have, in the order to list them
     */
    void rejectUnknown(Set<String> known) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                // An empty key is shown quoted: an error must name a field.
                errors.add(name.isEmpty() ? "\"\"" : name, "unknown field (allowed: %s)", String.join(", ", known));
            }
        }
    }

    /**
     * Reads a string field.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return text, null when absent or wrong
     */
    String text(String field, Presence presence) {
        JsonNode n = node(field, presence);
        return n == null ? null : text(n, field);
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
        JsonNode n = node(field, presence);
        return n == null ? null : parsed(n, field, form);
    }

    /**
     * Reads an integer field that fits a Java int.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return value, null when absent or wrong
     */
    Integer integer(String field, Presence presence) {
        JsonNode n = node(field, presence);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            errors.add(field, "expected an integer, got %s", describe(n));
            return null;
        }
        if (!n.canConvertToInt()) {
            errors.add(field, "%s is too large", n.asText());
            return null;
        }
        return n.intValue();
    }

    /**
     * Reads an integer field that fits a Java long.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return value, null when absent or wrong
     */
    Long longInteger(String field, Presence presence) {
        JsonNode n = node(field, presence);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            errors.add(field, "expected an integer, got %s", describe(n));
            return null;
        }
        if (!n.canConvertToLong()) {
            errors.add(field, "%s is too large", n.asText());
            return null;
        }
        return n.longValue();
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
        JsonNode n = array(field, presence);
        if (n == null) {
            return null;
        }
        int before = errors.count();
        List<T> values = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            T value = parsed(n.get(i), field, i, form);
            if (value != null) {
                values.add(value);
            }
        }
        return errors.count() > before ? null : values;
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
        JsonNode n = node(field, presence);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            errors.add(field, "expected an object, got %s", describe(n));
            return null;
        }
        int before = errors.count();
        Map<T, T> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = n.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            T key = form.parse(e.getKey());
            if (key == null) {
                errors.add(FieldPath.element(field, e.getKey()), form.problem(e.getKey()));
            }
            T value = parsed(e.getValue(), field, e.getKey(), form);
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
        JsonNode n = node(field, presence);
        return n == null ? null : decode(n, field, context.codec(type), context);
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
        JsonNode n = array(field, presence);
        if (n == null) {
            return null;
        }
        JsonCodec<T> codec = n.size() == 0 ? null : context.codec(type);
        List<String> paths = null;
        List<T> items = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isObject()) {
                paths = paths == null ? itemPaths(field, n, naming) : paths;
                errors.add(paths.get(i), "expected an object, got %s", describe(item));
                continue;
            }
            try {
                items.add(codec.decode((ObjectNode) item, context));
            } catch (InvalidConfigException e) {
                paths = paths == null ? itemPaths(field, n, naming) : paths;
                String path = paths.get(i);
                e.errors().forEach(error -> errors.add(under(path, error.field()), error.message()));
            }
        }
        return items;
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

    private <T> T decode(JsonNode n, String field, JsonCodec<T> codec, CodecContext context) {
        if (!n.isObject()) {
            errors.add(field, "expected an object, got %s", describe(n));
            return null;
        }
        try {
            return codec.decode((ObjectNode) n, context);
        } catch (InvalidConfigException e) {
            e.errors().forEach(error -> errors.add(under(field, error.field()), error.message()));
            return null;
        }
    }

    // The path of a nested object's own error under the object's path.
    private static String under(String path, String nested) {
        return FieldPath.DOCUMENT.equals(nested) ? path : FieldPath.child(path, nested);
    }

    private static List<String> itemPaths(String field, JsonNode items, Naming naming) {
        List<String> names = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            JsonNode name = item.path(FieldNames.NAME);
            names.add(naming == Naming.BY_NAME && name.isTextual() ? name.textValue() : null);
        }
        return FieldPath.items(field, names);
    }

    private JsonNode array(String field, Presence presence) {
        JsonNode n = node(field, presence);
        if (n != null && !n.isArray()) {
            errors.add(field, "expected an array, got %s", describe(n));
            return null;
        }
        return n;
    }

    private JsonNode node(String field, Presence presence) {
        JsonNode n = object.get(field);
        if (n != null && !n.isNull()) {
            return n;
        }
        if (presence == Presence.REQUIRED) {
            errors.add(field, n == null ? "missing required field" : "required field must not be null");
        }
        return null;
    }

    private String text(JsonNode n, String at) {
        if (!n.isTextual()) {
            errors.add(at, "expected a string, got %s", describe(n));
            return null;
        }
        return n.textValue();
    }

    private <T> T parsed(JsonNode n, String field, TextForm<T> form) {
        String text = text(n, field);
        if (text == null) {
            return null;
        }
        T value = form.parse(text);
        if (value == null) {
            errors.add(field, form.problem(text));
        }
        return value;
    }

    // An element of a list or an entry of a map, whose path is only built for an error.
    private <T> T parsed(JsonNode n, String field, Object key, TextForm<T> form) {
        if (!n.isTextual()) {
            errors.add(FieldPath.element(field, key), "expected a string, got %s", describe(n));
            return null;
        }
        T value = form.parse(n.textValue());
        if (value == null) {
            errors.add(FieldPath.element(field, key), form.problem(n.textValue()));
        }
        return value;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
