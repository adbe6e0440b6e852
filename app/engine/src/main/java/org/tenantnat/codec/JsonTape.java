package org.tenantnat.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * copy of it: a 10,000-tenant document costs one pass of Jackson's tokenizer and a String per text not seen lately.
 * <p>
 * Entry {@code i} has a kind; a string's text, a number, a boolean or a field's name; and the index just past its
 * value ({@code i + 1} for a scalar, past the last entry inside it for an object or array). A field name is followed
 * by its value. A tape is read from a parser of text or from a tree, so codecs decode both alike.
 * <p>
 * A document repeats the same prefixes, addresses and switch ports across tenants, and the values they stand for
 * are immutable, so a tape shares one String among the occurrences of a text (see {@link RepeatedTexts}) and
 * remembers the values it last parsed from each text: a repeated text is copied, parsed, and its value built, once.
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
    // The hash a string of a tree starts with; some texts have it as their real hash, and are hashed again.
    private static final int UNHASHED = 0;

    private byte[][] kinds = new byte[1][];
    private int[][] ends = new int[1][];
    // An int per entry: the hash of a field name or of a string, so that finding a field or a parsed value compares
    // ints in one array rather than visiting each string; the value of an integer that fits an int, whose value
    // entry is then null, so that ids and VLANs are not boxed.
    private int[][] ints = new int[1][];
    private Object[][] values = new Object[1][];
    private int size;
    // The page entries are being added to, and the size at which it is full.
    private byte[] pageKinds;
    private int[] pageEnds;
    private int[] pageInts;
    private Object[] pageValues;
    private int pageLimit;
    private TextForm<?>[] parsedForms;
    private String[] parsedTexts;
    private Object[] parsedValues;

    private JsonTape() {
    }

    /**
     * Reads the next value of a parser, e.g. a whole document, within the limits {@link BoundedJsonParser} sets a
     * tree: the parser need not be bounded, nor detect repeated field names; the tape does both, more cheaply.
     *
     * @param parser parser before the value's first token
     * @return the tape, empty when the parser has no value left; null when an object repeats a field name, the
     *         value nests deeper than {@link BoundedJsonParser#MAX_DEPTH} levels or spells a number in more than
     *         {@link BoundedJsonParser#MAX_NUMBER_LENGTH} characters
     * @throws IOException as the parser throws it, e.g. for malformed text
     */
    static JsonTape read(JsonParser parser) throws IOException {
        JsonTape tape = new JsonTape();
        RepeatedTexts texts = new RepeatedTexts();
        int[] open = new int[BoundedJsonParser.MAX_DEPTH];
        boolean[] inObject = new boolean[BoundedJsonParser.MAX_DEPTH];
        // A bit per hash of the names an open object has had so far: a name whose bit is not yet set is no repeat.
        long[] names = new long[BoundedJsonParser.MAX_DEPTH];
        int depth = 0;
        boolean named = false;
        do {
            JsonToken token;
            if (depth > 0 && inObject[depth - 1] && !named) {
                // Inside an object a field name or its end comes next: the parser reads a name in one call, as its
                // own tree reader does, and hands out one String per name, whose hash is computed once.
                String name = parser.nextFieldName();
                if (name != null) {
                    int field = tape.addField(name);
                    long bit = nameBit(name);
                    if ((names[depth - 1] & bit) != 0 && tape.repeats(open[depth - 1], field)) {
                        return null;
                    }
                    names[depth - 1] |= bit;
                    named = true;
                    continue;
                }
                token = parser.currentToken();
            } else {
                token = parser.nextToken();
            }
            named = false;
            if (token == null) {
                break;
            }
            switch (token.id()) {
                case JsonTokenId.ID_START_OBJECT:
                case JsonTokenId.ID_START_ARRAY:
                    if (depth == BoundedJsonParser.MAX_DEPTH) {
                        return null;
                    }
                    boolean object = token == JsonToken.START_OBJECT;
                    names[depth] = 0;
                    inObject[depth] = object;
                    open[depth++] = tape.add(object ? Kind.OBJECT : Kind.ARRAY, null);
                    break;
                case JsonTokenId.ID_END_OBJECT:
                case JsonTokenId.ID_END_ARRAY:
                    tape.close(open[--depth]);
                    break;
                case JsonTokenId.ID_STRING:
                    // The characters are read where the parser holds them; only a text not seen lately is copied.
                    char[] chars = parser.getTextCharacters();
                    int offset = parser.getTextOffset();
                    int length = parser.getTextLength();
                    int textHash = RepeatedTexts.hash(chars, offset, length);
                    tape.addText(texts.text(chars, offset, length, textHash), textHash);
                    break;
                case JsonTokenId.ID_NUMBER_INT:
                case JsonTokenId.ID_NUMBER_FLOAT:
                    // Checked before converting: converting a long integer takes time quadratic in its digits.
                    if (parser.getTextLength() > BoundedJsonParser.MAX_NUMBER_LENGTH) {
                        return null;
                    }
                    if (parser.getNumberType() == JsonParser.NumberType.INT) {
                        tape.addInt(parser.getIntValue());
                    } else {
                        tape.add(Kind.NUMBER, parser.getNumberValue());
                    }
                    break;
                case JsonTokenId.ID_TRUE:
                case JsonTokenId.ID_FALSE:
                    tape.add(Kind.BOOLEAN, token == JsonToken.VALUE_TRUE);
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
                close(object);
                break;
            case ARRAY:
                int array = add(Kind.ARRAY, null);
                for (JsonNode item : n) {
                    append(item);
                }
                close(array);
                break;
            case STRING:
                // Hashed only if a codec parses it: most texts of a tree are hashed nowhere else.
                addText(n.textValue(), UNHASHED);
                break;
            case NUMBER:
                if (n.isInt()) {
                    addInt(n.intValue());
                } else {
                    add(Kind.NUMBER, n.numberValue());
                }
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

    // A bit standing for a field name among the 64 of a long.
    private static long nameBit(String name) {
        int hash = name.hashCode();
        return 1L << (hash ^ hash >>> Short.SIZE);
    }

    private int add(Kind kind, Object value, int number) {
        int i = add(kind, value);
        pageInts[i & PAGE_MASK] = number;
        return i;
    }

    private int addField(String name) {
        return add(Kind.FIELD, name, name.hashCode());
    }

    private void addText(String text, int hash) {
        add(Kind.STRING, text, hash);
    }

    private void addInt(int value) {
        add(Kind.NUMBER, null, value);
    }

    // Makes room for the next entry: a new page, or the first page grown.
    private void nextPage() {
        int page = size >>> PAGE_BITS;
        int slot = size & PAGE_MASK;
        if (page == kinds.length) {
            kinds = Arrays.copyOf(kinds, page * 2);
            ends = Arrays.copyOf(ends, page * 2);
            ints = Arrays.copyOf(ints, page * 2);
            values = Arrays.copyOf(values, page * 2);
        }
        if (kinds[page] == null) {
            int capacity = page == 0 ? MIN_CAPACITY : PAGE_SIZE;
            kinds[page] = new byte[capacity];
            ends[page] = new int[capacity];
            ints[page] = new int[capacity];
            values[page] = new Object[capacity];
        } else {
            // Only the first page starts short.
            int capacity = Math.min(slot * 2, PAGE_SIZE);
            kinds[page] = Arrays.copyOf(kinds[page], capacity);
            ends[page] = Arrays.copyOf(ends[page], capacity);
            ints[page] = Arrays.copyOf(ints[page], capacity);
            values[page] = Arrays.copyOf(values[page], capacity);
        }
        pageKinds = kinds[page];
        pageEnds = ends[page];
        pageInts = ints[page];
        pageValues = values[page];
        pageLimit = (page << PAGE_BITS) + pageKinds.length;
    }

    // Ends an object or array: its end is known once its last field or item is read.
    private void close(int i) {
        ends[i >>> PAGE_BITS][i & PAGE_MASK] = size;
    }

    private int intAt(int i) {
        return ints[i >>> PAGE_BITS][i & PAGE_MASK];
    }

    private Object value(int i) {
        return values[i >>> PAGE_BITS][i & PAGE_MASK];
    }

    // Whether an earlier field of an object has the name of a field just read. Objects have a dozen fields at most,
    // and this is only asked when the name's hash bit is already set, so it beats Jackson's detector, which builds a
    // set per object.
    private boolean repeats(int object, int field) {
        for (int g = object + 1; g < field; g = end(g + 1)) {
            if (intAt(g) == intAt(field) && value(g).equals(value(field))) {
                return true;
            }
        }
        return false;
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
        int count = 0;
        if (kind(i) == Kind.OBJECT) {
            for (int f = i + 1; f < end(i); f = end(f + 1)) {
                count++;
            }
        } else {
            for (int item = i + 1; item < end(i); item = end(item)) {
                count++;
            }
        }
        return count;
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
        Object number = value(i);
        return number == null ? Integer.valueOf(intAt(i)) : (Number) number;
    }

    /**
     * Tells whether a number is an integer that fits an int.
     *
     * @param i entry of a number
     * @return true when {@link #intValue} gives it
     */
    boolean isInt(int i) {
        return value(i) == null;
    }

    /**
     * Returns an integer that fits an int.
     *
     * @param i entry of a number for which {@link #isInt} holds
     * @return value
     */
    int intValue(int i) {
        return intAt(i);
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
        int hash = intAt(i);
        if (hash == UNHASHED) {
            // Every occurrence of a text has the same hash, whichever of the two it is.
            hash = text.hashCode();
        }
        int slot = (hash ^ (hash >>> 16)) & (PARSED_SLOTS - 1);
        // A repeated text is mostly the very String the value was parsed from.
        if (parsedForms[slot] == form && (parsedTexts[slot] == text || text.equals(parsedTexts[slot]))) {
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
            if (intAt(f) == hash && field.equals(value(f))) {
                return f + 1;
            }
        }
        for (int f = object + 1; f < from; f = end(f + 1)) {
            if (intAt(f) == hash && field.equals(value(f))) {
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
