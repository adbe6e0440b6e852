package org.tenantnat.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.config.FieldPath;
import org.tenantnat.config.InvalidConfigException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * JSON text as operators send it (request bodies, config files): parsed strictly into a tree before a codec reads
 * it, or streamed straight into the {@link JsonTape} a codec reads, and written back indented. Repeated keys, text
 * after the document, nesting deeper than 100 levels and numbers longer than 100 characters are errors (see
 * {@link BoundedJsonParser}), and every error names {@code (document)} with the line and column.
 */
public final class JsonDocument {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Streaming into a tape: the tape itself finds repeated field names, and trailing text is looked for after it.
    private static final JsonFactory STREAMING = new JsonFactory();

    private JsonDocument() {
    }

    /**
     * Parses JSON text, without interpreting it.
     *
     * @param json JSON text
     * @return tree
     * @throws InvalidConfigException when the text is empty or not well-formed JSON, naming the location
     */
    public static JsonNode parse(String json) {
        try (JsonParser parser = new BoundedJsonParser(STRICT.createParser(json))) {
            return nonEmpty(STRICT.readTree(parser));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            // Text in memory cannot fail to be read.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a JSON stream, without interpreting it.
     *
     * @param json JSON stream, closed when read
     * @return tree
     * @throws InvalidConfigException when the stream is empty or not well-formed JSON, naming the location
     */
    public static JsonNode parse(InputStream json) {
        try (JsonParser parser = new BoundedJsonParser(STRICT.createParser(json))) {
            return nonEmpty(STRICT.readTree(parser));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns a document that must be a JSON object, as every codec reads one.
     *
     * @param json the document
     * @return the object
     * @throws InvalidConfigException naming {@code (document)} when it is not an object
     */
    public static ObjectNode object(JsonNode json) {
        if (!json.isObject()) {
            throw new InvalidConfigException(FieldPath.DOCUMENT,
                                             "expected an object, got " + FieldReader.describe(json));
        }
        return (ObjectNode) json;
    }

    /**
     * Parses JSON text that must be an object.
     *
     * @param json JSON text
     * @return the object
     * @throws InvalidConfigException when the text is not well-formed or not an object
     */
    public static ObjectNode parseObject(String json) {
        return object(parse(json));
    }

    /**
     * Reads a JSON stream that must be an object and decodes it with a codec. A codec of tenantnat reads the text
     * streamed into its reader, without a tree; any other codec gets the tree. Errors are those of
     * {@link #parse(InputStream)} and then the codec's.
     *
     * @param json    JSON stream, read to its end and closed
     * @param codec   the codec of the type the stream holds
     * @param context where the codecs of nested objects come from
     * @param <T>     the type the stream holds
     * @return the decoded value
     * @throws InvalidConfigException when the stream is not well-formed, not an object, or the codec refuses it
     * @throws UncheckedIOException   when the stream cannot be read to its end
     */
    public static <T> T decode(InputStream json, JsonCodec<T> codec, CodecContext context) {
        byte[] text;
        try (InputStream in = json) {
            text = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objectReader(text).decodeObject(codec, context);
    }

    /**
     * Parses JSON text that must be an object into a reader of its fields, without building a tree. Any text that
     * is not exactly one well-formed value is refused with the very error {@link #parse(String)} gives.
     *
     * @param json JSON text
     * @return reader of the object
     * @throws InvalidConfigException when the text is not well-formed or not an object
     */
    static FieldReader objectReader(String json) {
        return objectReader(STREAMING::createParser, json, () -> parse(json));
    }

    // JSON bytes as a stream delivers them: refused as parse(InputStream) refuses the stream.
    private static FieldReader objectReader(byte[] json) {
        return objectReader(STREAMING::createParser, json, () -> parse(new ByteArrayInputStream(json)));
    }

    private static <S> FieldReader objectReader(ParserFactory<S> parsers, S json, Supplier<JsonNode> strict) {
        JsonTape tape = null;
        // The tape keeps to the tree parser's limits itself: a hostile document costs it no more than it costs the
        // tree, and a valid one pays no wrapper around every token.
        try (JsonParser parser = parsers.create(json)) {
            JsonTape read = JsonTape.read(parser);
            if (read != null && !read.isEmpty() && parser.nextToken() == null) {
                tape = read;
            }
        } catch (JsonProcessingException e) {
            tape = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tape == null) {
            // Empty, malformed, repeating a field or followed by more text: the strict tree parser says why, in its
            // own words.
            tape = JsonTape.of(strict.get());
        }
        if (tape.kind(0) != JsonTape.Kind.OBJECT) {
            throw new InvalidConfigException(FieldPath.DOCUMENT, "expected an object, got " + FieldReader.describe(
                    tape.tree(0)));
        }
        return new FieldReader(tape, 0);
    }

    /** Makes a streaming parser of text in memory. */
    @FunctionalInterface
    private interface ParserFactory<S> {
        JsonParser create(S json) throws IOException;
    }

    /**
     * Writes a tree as indented text, e.g. for a file an operator reads.
     *
     * @param json tree
     * @return JSON text
     */
    public static String indented(JsonNode json) {
        try {
            return STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises.
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode nonEmpty(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            throw new InvalidConfigException(FieldPath.DOCUMENT, "the document is empty");
        }
        return json;
    }

    private static InvalidConfigException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : String.format(" at line %d, column %d", at.getLineNr(), at.getColumnNr());
        return new InvalidConfigException(FieldPath.DOCUMENT, "malformed JSON" + where + ": " + e.getOriginalMessage());
    }
}
