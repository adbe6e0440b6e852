package org.tenantnat.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.config.FieldPath;
import org.tenantnat.config.InvalidConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * JSON text as operators send it (request bodies, config files): parsed strictly into a tree before a codec reads
 * it, and written back indented. Repeated keys, text after the document, nesting deeper than 100 levels and numbers
 * longer than 100 characters are errors (see {@link BoundedJsonParser}), and every error names {@code (document)}
 * with the line and column.
 */
public final class JsonDocument {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
