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

    // 2^64 divided by the golden ratio, made odd: its bits spread the characters' over the product.
    private static final long MIXER = 0x9E3779B97F4A7C15L;

    private final String[] texts = new String[SLOTS];
    // The characters of each text, compared a vector at a time against the parser's.
    private final char[][] chars = new char[SLOTS][];
    private final int[] hashes = new int[SLOTS];

    /**
     * Returns a hash of characters: the same for the same text wherever its characters lie.
     *
     * @param chars  characters
     * @param offset first of the text
     * @param length length of the text
     * @return hash
     */
    static int hash(char[] chars, int offset, int length) {
        // Four characters packed into a long per multiplication, and the last one to three in one more: a chain of
        // dependent multiplications, which the processor cannot overlap, a quarter as long as String's hash has.
        long hash = length;
        int i = offset;
        int end = offset + length;
        for (; i + 3 < end; i += 4) {
            hash = (hash ^ (chars[i] | (long) chars[i + 1] << Character.SIZE | (long) chars[i + 2] << 2 * Character.SIZE
                    | (long) chars[i + 3] << 3 * Character.SIZE)) * MIXER;
        }
        long rest = 0;
        for (int shift = 0; i < end; i++, shift += Character.SIZE) {
            rest |= (long) chars[i] << shift;
        }
        hash = (hash ^ rest) * MIXER;
        // A product's high bits depend on all of its factors' bits: fold them into the int.
        return (int) (hash ^ hash >>> Integer.SIZE);
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
