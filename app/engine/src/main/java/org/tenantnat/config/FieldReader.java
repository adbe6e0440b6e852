package org.tenantnat.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object of a desired-state document, recording an error for every field
 * that is missing, of the wrong JSON type or malformed, and carrying on so that all errors are found.
 * <p>
 * A JSON {@code null} counts as absent: optional fields may be sent as null, required ones may not.
 */
final class FieldReader {

    /** Whether a field must be present. */
    enum Presence {
        /** The field must be present and not null. */
        REQUIRED,
        /** The field may be absent or null. */
        OPTIONAL
    }

    private static final int MAX_SHOWN = 40;

    private final JsonNode object;
    private final String path;
    private final ErrorCollector errors;

    private FieldReader(JsonNode object, String path, ErrorCollector errors) {
        this.object = object;
        this.path = path;
        this.errors = errors;
    }

    /**
     * Starts reading an object, recording an error when the node is not one.
     *
     * @param node   JSON node
     * @param path   path of the node, empty for the root
     * @param errors where errors go
     * @return reader, empty when the node is not an object
     */
    static Optional<FieldReader> of(JsonNode node, String path, ErrorCollector errors) {
        if (node == null || !node.isObject()) {
            errors.add(FieldPath.self(path), "expected an object, got %s", describe(node));
            return Optional.empty();
        }
        return Optional.of(new FieldReader(node, path, errors));
    }

    /**
     * Returns the path of a field of this object.
     *
     * @param field field name
     * @return path
     */
    String path(String field) {
        return FieldPath.child(path, field);
    }

    /**
     * Records an error for each field that is not among the known ones.
     *
     * @param known the fields this object may have
     */
    void rejectUnknown(Set<String> known) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(path(name), "unknown field (allowed: %s)", String.join(", ", known));
            }
        }
    }

    /**
     * Reads a string field.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return text, empty when absent or wrong
     */
    Optional<String> text(String field, Presence presence) {
        return node(field, presence).flatMap(n -> text(n, path(field)));
    }

    /**
     * Reads a string field and parses it.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param parser   turns the text into a value; throws {@link IllegalArgumentException} when malformed
     * @param <T>      value type
     * @return value, empty when absent or wrong
     */
    <T> Optional<T> parsed(String field, Presence presence, Function<String, T> parser) {
        return node(field, presence).flatMap(n -> parsed(n, path(field), parser));
    }

    /**
     * Reads an integer field that fits a Java int.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return value, empty when absent or wrong
     */
    Optional<Integer> integer(String field, Presence presence) {
        return node(field, presence).flatMap(n -> {
            if (!n.isIntegralNumber()) {
                errors.add(path(field), "expected an integer, got %s", describe(n));
                return Optional.empty();
            }
            if (!n.canConvertToInt()) {
                errors.add(path(field), "%s is too large", n.asText());
                return Optional.empty();
            }
            return Optional.of(n.intValue());
        });
    }

    /**
     * Reads an array field as its elements.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return elements, empty when absent or not an array
     */
    Optional<List<JsonNode>> array(String field, Presence presence) {
        return node(field, presence).flatMap(n -> {
            if (!n.isArray()) {
                errors.add(path(field), "expected an array, got %s", describe(n));
                return Optional.empty();
            }
            List<JsonNode> elements = new ArrayList<>();
            n.forEach(elements::add);
            return Optional.of(elements);
        });
    }

    /**
     * Reads an array of strings and parses each element.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param parser   turns one element's text into a value
     * @param <T>      value type
     * @return values, empty when absent or when any element is wrong
     */
    <T> Optional<List<T>> parsedList(String field, Presence presence, Function<String, T> parser) {
        return array(field, presence).flatMap(elements -> {
            List<T> values = new ArrayList<>();
            boolean allGood = true;
            for (int i = 0; i < elements.size(); i++) {
                Optional<T> value = parsed(elements.get(i), FieldPath.element(path(field), i), parser);
                value.ifPresent(values::add);
                allGood &= value.isPresent();
            }
            return allGood ? Optional.of(values) : Optional.empty();
        });
    }

    /**
     * Reads an object whose keys and string values are both parsed, e.g. prefix to prefix.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @param parser   turns a key or a value into a value
     * @param <T>      key and value type
     * @return map in document order, empty when absent or when any entry is wrong
     */
    <T> Optional<Map<T, T>> parsedMap(String field, Presence presence, Function<String, T> parser) {
        return node(field, presence).flatMap(n -> {
            if (!n.isObject()) {
                errors.add(path(field), "expected an object, got %s", describe(n));
                return Optional.empty();
            }
            Map<T, T> map = new LinkedHashMap<>();
            boolean allGood = true;
            Iterator<Map.Entry<String, JsonNode>> entries = n.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                String entryPath = FieldPath.element(path(field), e.getKey());
                Optional<T> key = parse(e.getKey(), entryPath, parser);
                Optional<T> value = parsed(e.getValue(), entryPath, parser);
                if (key.isPresent() && value.isPresent()) {
                    map.put(key.get(), value.get());
                } else {
                    allGood = false;
                }
            }
            return allGood ? Optional.of(map) : Optional.empty();
        });
    }

    /**
     * Returns a field's node, recording an error when a required field is missing.
     *
     * @param field    field name
     * @param presence whether the field is required
     * @return node, empty when absent or null
     */
    Optional<JsonNode> node(String field, Presence presence) {
        JsonNode n = object.get(field);
        if (n != null && !n.isNull()) {
            return Optional.of(n);
        }
        if (presence == Presence.REQUIRED) {
            errors.add(path(field), n == null ? "missing required field" : "required field must not be null");
        }
        return Optional.empty();
    }

    private Optional<String> text(JsonNode n, String at) {
        if (!n.isTextual()) {
            errors.add(at, "expected a string, got %s", describe(n));
            return Optional.empty();
        }
        return Optional.of(n.textValue());
    }

    private <T> Optional<T> parsed(JsonNode n, String at, Function<String, T> parser) {
        return text(n, at).flatMap(t -> parse(t, at, parser));
    }

    private <T> Optional<T> parse(String text, String at, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            errors.add(at, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Describes a JSON value for an error message, e.g. {@code string "1"} or {@code array}.
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

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
