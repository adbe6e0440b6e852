package org.tenantnat.codec;

import org.junit.jupiter.api.Test;
import org.tenantnat.config.FieldPath;
import org.tenantnat.config.InvalidConfigException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON text is refused, with an error on {@code (document)} that says where and why, when it nests or spells
 * numbers far beyond any document of ours; found by the REST fuzzer, where a body of brackets killed the request
 * with a stack overflow (500) and a number of a hundred thousand digits held a thread for seconds.
 */
class JsonDocumentTest {

    // Refused alike by the tree parser of text and of a stream, and by the streaming decoder of both, which reads
    // Jackson's parser without the bounded wrapper and keeps to the limits itself.
    private static InvalidConfigException refused(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        InvalidConfigException fromText = assertThrows(InvalidConfigException.class, () -> JsonDocument.parse(json));
        InvalidConfigException fromStream = assertThrows(InvalidConfigException.class, () -> JsonDocument.parse(
                new ByteArrayInputStream(bytes)));
        InvalidConfigException streamedText = assertThrows(InvalidConfigException.class,
                () -> JsonDocument.objectReader(json));
        InvalidConfigException streamedBytes = assertThrows(InvalidConfigException.class, () -> JsonDocument.decode(
                new ByteArrayInputStream(bytes), new DesiredStateCodec(), LocalCodecContext.withTenantNatCodecs()));
        assertEquals(fromText.errors(), fromStream.errors());
        assertEquals(fromText.errors(), streamedText.errors());
        assertEquals(fromText.errors(), streamedBytes.errors());
        assertEquals(FieldPath.DOCUMENT, fromText.errors().get(0).field());
        return fromText;
    }

    @Test
    void aMillionNestedArraysAreRefusedAsMalformed() {
        int depth = 1_000_000;
        String message = refused("[".repeat(depth) + "]".repeat(depth)).getMessage();

        assertTrue(message.contains("malformed JSON at line 1, column 102"), message);
        assertTrue(message.contains("nested deeper than 100 levels"), message);
    }

    @Test
    void deepObjectsInsideAValidDocumentAreRefused() {
        String deep = "{\"a\": ".repeat(200) + "1" + "}".repeat(200);

        String message = refused("{\"pool\": [\"100.64.0.0/16\"], \"tenants\": [" + deep + "]}").getMessage();

        assertTrue(message.contains("nested deeper than 100 levels"), message);
    }

    @Test
    void nestingOfExactlyTheLimitIsRead() {
        String json = "[".repeat(BoundedJsonParser.MAX_DEPTH) + "]".repeat(BoundedJsonParser.MAX_DEPTH);

        assertEquals(1, JsonDocument.parse(json).size());
    }

    @Test
    void siblingsDoNotAddUpToDepth() {
        String json = "[" + "[[]], ".repeat(500) + "[]]";

        assertEquals(501, JsonDocument.parse(json).size());
    }

    @Test
    void aNumberOfAHundredThousandDigitsIsRefusedWithoutConvertingIt() {
        String message = refused("{\"id\": 1" + "0".repeat(100_000) + "}").getMessage();

        assertTrue(message.contains("a number of 100001 characters (at most 100)"), message);
    }

    @Test
    void aLongFractionOrExponentIsRefusedToo() {
        assertTrue(refused("[1." + "5".repeat(200) + "]").getMessage().contains("a number of 202 characters"));
        assertTrue(refused("[1e" + "9".repeat(200) + "]").getMessage().contains("a number of 202 characters"));
    }

    @Test
    void numbersBeyondLongButShortOfTheLimitAreStillNumbers() {
        assertTrue(JsonDocument.parse("{\"id\": 18446744073709551616}").path("id").isBigInteger());
    }

    @Test
    void trailingTextAndRepeatedKeysAreStillRefused() {
        assertTrue(refused("{} x").getMessage().contains("malformed JSON"));
        assertTrue(refused("{\"a\": 1, \"a\": 2}").getMessage().contains("Duplicate field 'a'"));
    }
}
