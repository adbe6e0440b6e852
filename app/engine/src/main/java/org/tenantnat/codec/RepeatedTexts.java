package org.tenantnat.codec;

import java.util.Arrays;

/**
 * The strings a document has yielded so far, so that a text it repeats (a prefix, an address, a switch port, a
 * service's name) becomes one String: built once rather than at every occurrence, and compared by identity when a
 * codec looks up the value parsed from it. A text is looked up by its characters in the parser's own buffer,
 * before any String exists.
 * <p>
 * One slot per hash, the last text wins: a document's unique texts (tenant names, MACs) pass through, evicting a
 * repeated one now and then, while the texts every tenant repeats stay.
 */
final class RepeatedTexts {

    // A power of two; a desired state repeats a few dozen texts.
    private static final int SLOTS = 1024;

    // Powers of String's hash multiplier.
    private static final int P1 = 31;
    private static final int P2 = P1 * P1;
    private static final int P3 = P2 * P1;
    private static final int P4 = P3 * P1;

    private final String[] texts = new String[SLOTS];
    // The characters of each text, compared a vector at a time against the parser's.
    private final char[][] chars = new char[SLOTS][];
    private final int[] hashes = new int[SLOTS];

    /**
     * Returns the hash of characters, the one {@link String#hashCode()} gives their text.
     *
     * @param chars  characters
     * @param offset first of the text
     * @param length length of the text
     * @return hash
     */
    static int hash(char[] chars, int offset, int length) {
        int hash = 0;
        int i = offset;
        int end = offset + length;
        // Four characters a step, each multiplied by its own power of 31: the same hash in a chain of dependent
        // multiply-adds a quarter as long as String's own, which the processor cannot overlap.
        for (; i + 3 < end; i += 4) {
            hash = P4 * hash + P3 * chars[i] + P2 * chars[i + 1] + P1 * chars[i + 2] + chars[i + 3];
        }
        for (; i < end; i++) {
            hash = P1 * hash + chars[i];
        }
        return hash;
    }

    /**
     * Returns the text of characters: the String of an earlier equal text when it is still known.
     *
     * @param chars  characters
     * @param offset first of the text
     * @param length length of the text
     * @param hash   their {@link #hash}
     * @return text
     */
    String text(char[] chars, int offset, int length, int hash) {
        int slot = (hash ^ hash >>> Short.SIZE) & (SLOTS - 1);
        char[] known = this.chars[slot];
        if (known != null && hashes[slot] == hash
                && Arrays.equals(known, 0, known.length, chars, offset, offset + length)) {
            return texts[slot];
        }
        char[] copy = Arrays.copyOfRange(chars, offset, offset + length);
        String text = new String(copy);
        texts[slot] = text;
        this.chars[slot] = copy;
        hashes[slot] = hash;
        return text;
    }
}
