package org.tenantnat.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON value read in one streaming pass into pages of flat arrays, one entry per value and per field name in
 * document order, which {@link FieldReader} then reads as it would a tree. Unlike Jackson's tree it holds no object per
 * node and no map per JSON object, so decoding a large document does not first build, and then walk, a second
 * copy of it: a 10,000-tenant document costs one pass of Jackson's tokenizer and the strings it yields.
 * <p>
 * Entry {@code i} has a kind; a string's text, a number, a boolean, a field's name, or an object's or array's count
 * of fields or items; and the index just past its value ({@code i + 1} for a scalar, past the last entry inside it
 * for an object or array). A field name is followed by its value. A tape is read from a parser of text or from a tree,
 * so codecs decode both alike.
 * <p>
 * A document repeats the same prefixes, addresses and switch ports across tenants, and the values they stand for
 * are immutable, so a tape remembers the values it last parsed from each text: a repeated text is parsed, and
 * its value built, once.
 */
final class JsonTape {

    /** Kinds of entries. */
    enum Kind {
        /** A JSON object: its fields follow, each a {@link #FIELD} entry and its value. */
        OBJECT,
        /** A JSON array: its items follow. */
        ARRAY,
        /** A field name of an object; its value follows. */
        FIELD,
        /** A string. */
        STRING,
        /** An integer or a fraction. */
        NUMBER,
        /** true or false. */
        BOOLEAN,
        /** null. */
        NULL,
        /** A value only a tree can hold, e.g. binary data. */
        EMBEDDED
    }

    private static final Kind[] KINDS = Kind.values();
    // Entries are kept in pages rather than in one array per attribute: a 2.8 MB document has 350,000 entries, and
    // arrays that large are humongous objects to G1, allocated straight into the old generation, where a dead tape's
    // array of values would keep every string it held alive, and copied, at each young collection until the next
    // marking cycle. Pages of 4,096 entries (16 KiB of references) stay young and die young.
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    // The first page starts this small and doubles up to a full page, so a one-tenant body stays small.
    private static final int MIN_CAPACITY = 16;
    // Slots of the cache of parsed values; a power of two.
    private static final int PARSED_SLOTS = 1024;

    private byte[][] kinds = new byte[1][];
    private int[][] ends = new int[1][];
    // The hash of each field name, so that finding a field or a repeated name compares ints in one array rather
    // than visiting each name's string.
    private int[][] hashes = new int[1][];
    private Object[][] values = new Object[1][];
    private int size;
    // The page entries are being added to, and the size at which it is full.
    private byte[] pageKinds;
    private int[] pageEnds;
    private Object[] pageValues;
    private int pageLimit;
    private TextForm<?>[] parsedForms;
    private String[] parsedTexts;
    private Object[] parsedValues;

    private JsonTape() {
    }

    /**
     * Reads the next value of a parser, e.g. a whole document. The parser need not detect repeated field names:
     * the tape does, more cheaply, as each object ends.
     *
     * @param parser parser before the value's first token
     * @return the tape, empty when the parser has no value left; null when an object repeats a field name
     * @throws IOException as the parser throws it, e.g. for malformed text
     */
    static JsonTape read(JsonParser parser) throws IOException {
        JsonTape tape = new JsonTape();
        int[] open = new int[MIN_CAPACITY];
        // Whether each open value is an array, whose every token but its end is an item.
        boolean[] inArray = new boolean[MIN_CAPACITY];
        // Fields or items so far of each open object or array.
        int[] children = new int[MIN_CAPACITY];
        // A bit per hash of the names an open object has had so far: a name whose bit is not yet set is no repeat.
        long[] names = new long[MIN_CAPACITY];
        int depth = 0;
        do {
            if (parser.nextToken() == null) {
                break;
            }
            int token = parser.currentTokenId();
            if (depth > 0 && token != JsonTokenId.ID_END_OBJECT && token != JsonTokenId.ID_END_ARRAY
                    && (token == JsonTokenId.ID_FIELD_NAME || inArray[depth - 1])) {
                children[depth - 1]++;
            }
            switch (token) {
                case JsonTokenId.ID_START_OBJECT:
                case JsonTokenId.ID_START_ARRAY:
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                        inArray = Arrays.copyOf(inArray, depth * 2);
                        children = Arrays.copyOf(children, depth * 2);
                        names = Arrays.copyOf(names, depth * 2);
                    }
                    children[depth] = 0;
                    names[depth] = 0;
                    inArray[depth] = token == JsonTokenId.ID_START_ARRAY;
                    open[depth++] = tape.add(token == JsonTokenId.ID_START_OBJECT ? Kind.OBJECT : Kind.ARRAY, null);
                    break;
                case JsonTokenId.ID_END_OBJECT:
                case JsonTokenId.ID_END_ARRAY:
                    tape.close(open[--depth], children[depth]);
                    break;
                case JsonTokenId.ID_FIELD_NAME:
                    int field = tape.addField(parser.getCurrentName());
                    int hash = tape.hash(field);
                    long bit = 1L << (hash ^ hash >>> Short.SIZE);
                    if ((names[depth - 1] & bit) != 0 && tape.repeats(open[depth - 1], field)) {
                        return null;
                    }
                    names[depth - 1] |= bit;
                    break;
                case JsonTokenId.ID_STRING:
                    tape.add(Kind.STRING, parser.getText());
                    break;
                case JsonTokenId.ID_NUMBER_INT:
                case JsonTokenId.ID_NUMBER_FLOAT:
                    tape.add(Kind.NUMBER, parser.getNumberValue());
                    break;
                case JsonTokenId.ID_TRUE:
                case JsonTokenId.ID_FALSE:
                    tape.add(Kind.BOOLEAN, token == JsonTokenId.ID_TRUE);
                    break;
                case JsonTokenId.ID_NULL:
                    tape.add(Kind.NULL, null);
                    break;
                default:
                    tape.add(Kind.EMBEDDED, parser.getEmbeddedObject());
                    break;
            }
        } while (depth > 0);
        return tape;
    }

    /**
     * Reads a tree.
     *
     * @param tree tree
     * @return the tape
     */
    static JsonTape of(JsonNode tree) {
        JsonTape tape = new JsonTape();
        tape.append(tree);
        return tape;
    }

    // Walks the tree itself rather than a parser over it, which costs twice as much; a tree cannot repeat a field
    // name, and its depth is that of the text it was parsed from.
    private void append(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT:
                int object = add(Kind.OBJECT, null);
                Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    addField(field.getKey());
                    append(field.getValue());
                }
                close(object, n.size());
                break;
            case ARRAY:
                int array = add(Kind.ARRAY, null);
                for (JsonNode item : n) {
                    append(item);
                }
                close(array, n.size());
                break;
            case STRING:
                add(Kind.STRING, n.textValue());
                break;
            case NUMBER:
                add(Kind.NUMBER, n.numberValue());
                break;
            case BOOLEAN:
                add(Kind.BOOLEAN, n.booleanValue());
                break;
            case NULL:
            case MISSING:
                add(Kind.NULL, null);
                break;
            case BINARY:
                add(Kind.EMBEDDED, ((BinaryNode) n).binaryValue());
                break;
            default:
                add(Kind.EMBEDDED, ((POJONode) n).getPojo());
                break;
        }
    }

    private int add(Kind kind, Object value) {
        if (size == pageLimit) {
            nextPage();
        }
        int slot = size & PAGE_MASK;
        pageKinds[slot] = (byte) kind.ordinal();
        pageValues[slot] = value;
        pageEnds[slot] = size + 1;
        return size++;
    }

    // Makes room for the next entry: a new page, or the first page grown.
    private void nextPage() {
        int page = size >>> PAGE_BITS;
        int slot = size & PAGE_MASK;
        if (page == kinds.length) {
            kinds = Arrays.copyOf(kinds, page * 2);
            ends = Arrays.copyOf(ends, page * 2);
            hashes = Arrays.copyOf(hashes, page * 2);
            values = Arrays.copyOf(values, page * 2);
        }
        if (kinds[page] == null) {
            int capacity = page == 0 ? MIN_CAPACITY : PAGE_SIZE;
            kinds[page] = new byte[capacity];
            ends[page] = new int[capacity];
            hashes[page] = new int[capacity];
            values[page] = new Object[capacity];
        } else {
            // Only the first page starts short.
            int capacity = Math.min(slot * 2, PAGE_SIZE);
            kinds[page] = Arrays.copyOf(kinds[page], capacity);
            ends[page] = Arrays.copyOf(ends[page], capacity);
            hashes[page] = Arrays.copyOf(hashes[page], capacity);
            values[page] = Arrays.copyOf(values[page], capacity);
        }
        pageKinds = kinds[page];
        pageEnds = ends[page];
        pageValues = values[page];
        pageLimit = (page << PAGE_BITS) + pageKinds.length;
    }

    // Ends an object or array: its end and its count are known once its last field or item is read.
    private void close(int i, int count) {
        ends[i >>> PAGE_BITS][i & PAGE_MASK] = size;
        values[i >>> PAGE_BITS][i & PAGE_MASK] = count;
    }

    private int hash(int i) {
        return hashes[i >>> PAGE_BITS][i & PAGE_MASK];
    }

    private Object value(int i) {
        return values[i >>> PAGE_BITS][i & PAGE_MASK];
    }

    // Whether an earlier field of an object has the name of a field just read. Objects have a dozen fields at most,
    // and this is only asked when the name's hash bit is already set, so it beats Jackson's detector, which builds a
    // set per object.
    private boolean repeats(int object, int field) {
        for (int g = object + 1; g < field; g = end(g + 1)) {
            if (hash(g) == hash(field) && value(g).equals(value(field))) {
                return true;
            }
        }
        return false;
    }

    private int addField(String name) {
        int i = add(Kind.FIELD, name);
        hashes[i >>> PAGE_BITS][i & PAGE_MASK] = name.hashCode();
        return i;
    }

    /**
     * Tells whether the tape holds no value.
     *
     * @return true when empty
     */
    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the kind of an entry.
     *
     * @param i entry
     * @return kind
     */
    Kind kind(int i) {
        return KINDS[kinds[i >>> PAGE_BITS][i & PAGE_MASK]];
    }

    /**
     * Returns the entry after a value and everything inside it.
     *
     * @param i entry of a value
     * @return the next entry
     */
    int end(int i) {
        return ends[i >>> PAGE_BITS][i & PAGE_MASK];
    }

    /**
     * Returns how many fields an object has, or items an array.
     *
     * @param i entry of an object or array
     * @return count
     */
    int count(int i) {
        return (Integer) value(i);
    }

    /**
     * Returns the text of a string or the name of a field.
     *
     * @param i entry of a string or field name
     * @return text
     */
    String text(int i) {
        return (String) value(i);
    }

    /**
     * Returns a number.
     *
     * @param i entry of a number
     * @return the number as the parser read it: Integer, Long or BigInteger for an integer
     */
    Number number(int i) {
        return (Number) value(i);
    }

    /**
     * Parses a string, sharing the value with earlier strings of the same text when the form allows.
     *
     * @param i    entry of a string
     * @param form how the value is written
     * @param <T>  value type
     * @return value, or null when the text is malformed
     */
    <T> T parsed(int i, TextForm<T> form) {
        String text = text(i);
        if (!form.isShared()) {
            return form.parse(text);
        }
        if (parsedTexts == null) {
            parsedForms = new TextForm<?>[PARSED_SLOTS];
            parsedTexts = new String[PARSED_SLOTS];
            parsedValues = new Object[PARSED_SLOTS];
        }
        int hash = text.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (PARSED_SLOTS - 1);
        if (parsedForms[slot] == form && text.equals(parsedTexts[slot])) {
            @SuppressWarnings("unchecked")
            T value = (T) parsedValues[slot];
            return value;
        }
        T value = form.parse(text);
        if (value != null) {
            parsedForms[slot] = form;
            parsedTexts[slot] = text;
            parsedValues[slot] = value;
        }
        return value;
    }

    /**
     * Finds a field of an object.
     *
     * @param object entry of an object
     * @param field  field name
     * @return entry of the field's value, or -1 when the object has no such field
     */
    int field(int object, String field) {
        return field(object, field, object + 1);
    }

    /**
     * Finds a field of an object, looking from a given field on first: codecs mostly read fields in the order
     * documents write them, so the field after the one read last is usually the one asked for.
     *
     * @param object entry of an object
     * @param field  field name
     * @param from   entry of a field name of the object, or the object's end
     * @return entry of the field's value, or -1 when the object has no such field
     */
    int field(int object, String field, int from) {
        int end = end(object);
        int hash = field.hashCode();
        for (int f = from; f < end; f = end(f + 1)) {
            if (hash(f) == hash && field.equals(value(f))) {
                return f + 1;
            }
        }
        for (int f = object + 1; f < from; f = end(f + 1)) {
            if (hash(f) == hash && field.equals(value(f))) {
                return f + 1;
            }
        }
        return -1;
    }

    /**
     * Rebuilds a value as a Jackson tree, for a codec that reads trees, e.g. one another application registered, or
     * to describe a value in an error.
     *
     * @param i entry of a value
     * @return tree
     */
    JsonNode tree(int i) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (kind(i)) {
            case OBJECT:
                ObjectNode object = nodes.objectNode();
                for (int f = i + 1; f < end(i); f = end(f + 1)) {
                    object.set(text(f), tree(f + 1));
                }
                return object;
            case ARRAY:
                ArrayNode array = nodes.arrayNode();
                for (int item = i + 1; item < end(i); item = end(item)) {
                    array.add(tree(item));
                }
                return array;
            case STRING:
                return nodes.textNode(text(i));
            case NUMBER:
                return numberNode(number(i));
            case BOOLEAN:
                return nodes.booleanNode((Boolean) value(i));
            case NULL:
                return nodes.nullNode();
            default:
                Object embedded = value(i);
                return embedded instanceof byte[] ? nodes.binaryNode((byte[]) embedded) : nodes.pojoNode(embedded);
        }
    }

    // The node Jackson's tree holds for a number the parser read.
    private static JsonNode numberNode(Number n) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return nodes.numberNode(n.intValue());
        } else if (n instanceof Long) {
            return nodes.numberNode(n.longValue());
        } else if (n instanceof BigInteger) {
            return nodes.numberNode((BigInteger) n);
        } else if (n instanceof BigDecimal) {
            return nodes.numberNode((BigDecimal) n);
        } else if (n instanceof Float) {
            return nodes.numberNode(n.floatValue());
        }
        return nodes.numberNode(n.doubleValue());
    }
}
