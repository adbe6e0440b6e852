package org.tenantnat.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.config.Documents;
import org.tenantnat.config.InvalidConfigException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document of thousands of tenants spans many pages of the tape: it decodes from text exactly as from its tree,
 * and errors and repeated field names far into it are found and named as in the tree. Read from text, the tape keeps
 * to the nesting and number limits of the bounded tree parser itself, and holds numbers as the tree does.
 */
class JsonTapeTest {

    private static final LocalCodecContext CONTEXT = LocalCodecContext.withTenantNatCodecs();
    private static final DesiredStateCodec CODEC = new DesiredStateCodec();
    // About 40 entries per tenant: 2,000 tenants fill some twenty pages of 4,096 entries.
    private static final int TENANTS = 2000;

    // The three-tenant document with its first tenant copied until there are TENANTS, each with its own name and id.
    private static ObjectNode manyTenants() {
        ObjectNode document = Documents.tree(Documents.THREE_TENANTS);
        ArrayNode tenants = (ArrayNode) document.get("tenants");
        ObjectNode first = (ObjectNode) tenants.get(0);
        tenants.removeAll();
        for (int id = 1; id <= TENANTS; id++) {
            tenants.add(first.deepCopy().put("name", "t" + id).put("id", id));
        }
        return document;
    }

    private static DesiredState fromText(String text) {
        return CODEC.decode(JsonDocument.objectReader(text), CONTEXT);
    }

    @Test
    void aDocumentSpanningManyPagesDecodesAsItsTree() {
        ObjectNode document = manyTenants();

        DesiredState streamed = fromText(document.toString());

        assertEquals(CODEC.decode(document, CONTEXT), streamed);
        assertEquals(TENANTS, streamed.tenants().size());
        assertEquals("t" + TENANTS, streamed.tenants().get(TENANTS - 1).name());
    }

    @Test
    void anErrorInTheLastTenantIsNamedAsInTheTree() {
        ObjectNode document = manyTenants();
        ObjectNode last = (ObjectNode) document.get("tenants").get(TENANTS - 1);
        last.putArray("prefixes").add("10.1.1.0/24").add("10.1.2.0/33");

        InvalidConfigException streamed = assertThrows(InvalidConfigException.class,
                () -> fromText(document.toString()));
        InvalidConfigException tree = assertThrows(InvalidConfigException.class,
                () -> CODEC.decode(document, CONTEXT));

        assertEquals(tree.errors(), streamed.errors());
        assertEquals("tenants[t" + TENANTS + "].prefixes[1]", streamed.errors().get(0).field());
    }

    @Test
    void aRepeatedFieldInTheLastTenantIsRefused() {
        String text = manyTenants().toString();
        int lastName = text.lastIndexOf("\"name\":\"t" + TENANTS + "\"");
        String repeated = text.substring(0, lastName) + "\"id\":7," + text.substring(lastName);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> fromText(repeated));

        assertTrue(e.getMessage().contains("Duplicate field 'id'"), e.getMessage());
    }

    @Test
    void aStreamDecodesAsItsText() {
        String text = manyTenants().toString();

        DesiredState streamed = JsonDocument.decode(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                                                     CODEC, CONTEXT);

        assertEquals(fromText(text), streamed);
    }

    @Test
    void aMalformedStreamIsRefusedWithTheStreamParsersWords() {
        byte[] text = "{\"pool\": [\"100.64.0.0/10\"],\n \"tenants\": [}".getBytes(StandardCharsets.UTF_8);

        InvalidConfigException decoded = assertThrows(InvalidConfigException.class,
                () -> JsonDocument.decode(new ByteArrayInputStream(text), CODEC, CONTEXT));
        InvalidConfigException parsed = assertThrows(InvalidConfigException.class,
                () -> JsonDocument.parse(new ByteArrayInputStream(text)));

        assertEquals(parsed.errors(), decoded.errors());
        assertTrue(decoded.getMessage().contains("malformed JSON at line 2"), decoded.getMessage());
    }

    private static JsonTape read(String json) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            return JsonTape.read(parser);
        }
    }

    @Test
    void nestingOfExactlyTheLimitIsReadAndOneLevelMoreIsNot() throws IOException {
        int limit = BoundedJsonParser.MAX_DEPTH;

        JsonTape deepest = read("{\"a\": ".repeat(limit - 1) + "[]" + "}".repeat(limit - 1));
        JsonTape deeper = read("{\"a\": ".repeat(limit) + "[]" + "}".repeat(limit));

        assertEquals(JsonTape.Kind.ARRAY, deepest.kind(2 * (limit - 1)));
        assertNull(deeper);
    }

    @Test
    void aNumberOfTheLongestLengthIsReadAndALongerOneIsNot() throws IOException {
        int limit = BoundedJsonParser.MAX_NUMBER_LENGTH;

        JsonTape longest = read("[1" + "0".repeat(limit - 1) + "]");
        JsonTape longer = read("[1" + "0".repeat(limit) + "]");

        assertEquals(new BigInteger("1" + "0".repeat(limit - 1)), longest.number(1));
        assertNull(longer);
    }

    @Test
    void numbersReadFromTextAreTheNumbersOfTheTree() throws IOException {
        String json = "[7, -2147483648, 2147483648, 18446744073709551616, 1.5]";

        JsonTape text = read(json);
        JsonTape tree = JsonTape.of(Documents.json("{\"n\": " + json + "}").get("n"));

        assertTrue(text.isInt(1));
        assertEquals(7, text.intValue(1));
        assertEquals(Integer.MIN_VALUE, text.intValue(2));
        assertFalse(text.isInt(3));
        for (int i = 1; i <= 5; i++) {
            assertEquals(tree.number(i), text.number(i), "number " + i);
            assertEquals(tree.isInt(i), text.isInt(i), "number " + i);
        }
        assertEquals(tree.tree(0), text.tree(0));
    }

    @Test
    void aTextEveryTenantRepeatsIsParsedIntoOneValue() {
        DesiredState state = fromText(manyTenants().toString());

        Tenant first = state.tenants().get(0);
        Tenant last = state.tenants().get(TENANTS - 1);
        assertSame(first.prefixes().get(0), last.prefixes().get(0));
        assertSame(first.routerIp(), last.routerIp());
    }
}
