package org.tenantnat.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A text a document repeats is one String, found by its characters in the parser's buffer; texts that share a slot
 * are still told apart, and texts a character apart do not share a hash.
 */
class RepeatedTextsTest {

    private static String text(RepeatedTexts texts, String buffer, int offset, int length) {
        char[] chars = buffer.toCharArray();
        return texts.text(chars, offset, length, RepeatedTexts.hash(chars, offset, length));
    }

    @Test
    void aRepeatedTextIsOneString() {
        RepeatedTexts texts = new RepeatedTexts();

        String first = text(texts, "[\"10.1.1.0/26\", ", 2, 11);
        String again = text(texts, "x\"10.1.1.0/26\"]", 2, 11);

        assertEquals("10.1.1.0/26", first);
        assertSame(first, again);
    }

    @Test
    void textsOfOneHashAreToldApart() {
        RepeatedTexts texts = new RepeatedTexts();
        // "Aa" and "BB" have the same hash, so they take the same slot in turn.
        assertEquals("Aa".hashCode(), "BB".hashCode());

        String aa = text(texts, "Aa", 0, 2);
        String bb = text(texts, "BB", 0, 2);

        assertEquals("Aa", aa);
        assertEquals("BB", bb);
        assertEquals("Aa", text(texts, "Aa", 0, 2));
        assertNotSame(aa, bb);
    }

    @Test
    void aPrefixOfAKnownTextIsNotTakenForIt() {
        RepeatedTexts texts = new RepeatedTexts();
        text(texts, "backup", 0, 6);

        assertEquals("back", text(texts, "backup", 0, 4));
        assertEquals("", text(texts, "backup", 6, 0));
    }

    @Test
    void aTextHasOneHashWhereverItsCharactersLie() {
        String text = "of:0000000000000001/100";
        for (int length = 0; length <= text.length(); length++) {
            assertEquals(RepeatedTexts.hash(text.toCharArray(), 0, length),
                         RepeatedTexts.hash(("  " + text + "x").toCharArray(), 2, length), "length " + length);
        }
    }

    @Test
    void textsOneCharacterApartHashApart() {
        // Prefixes differing in one octet, and a text and its prefix one character shorter, at every length of the
        // packing into four characters.
        String text = "10.1.1.0/24 of:0000000000000001/100";
        char[] chars = text.toCharArray();
        for (int length = 1; length <= chars.length; length++) {
            int hash = RepeatedTexts.hash(chars, 0, length);
            assertNotEquals(RepeatedTexts.hash(chars, 0, length - 1), hash, "length " + length);
            for (int i = 0; i < length; i++) {
                char[] other = chars.clone();
                other[i]++;
                assertNotEquals(RepeatedTexts.hash(other, 0, length), hash, "length " + length + ", at " + i);
            }
        }
    }
}
