package org.tenantnat.standalone.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnlyAlsoAfterBeingWrittenAndRead() {
        PasswordHash hash = PasswordHash.parse(PasswordHash.of("correct horse", 1000).encoded());

        assertTrue(hash.matches("correct horse"));
        assertFalse(hash.matches("correct hors"));
        assertFalse(hash.matches("correct horse "));
        assertFalse(hash.matches(""));
    }

    @Test
    void newHashesUse600000IterationsAndAFreshSalt() {
        PasswordHash one = PasswordHash.of("same password");
        PasswordHash two = PasswordHash.of("same password");

        assertTrue(one.encoded().startsWith("pbkdf2-sha256$600000$"), one::encoded);
        assertNotEquals(one.encoded(), two.encoded(), "salted: equal passwords give different hashes");
        assertTrue(two.matches("same password"));
    }

    @Test
    void malformedHashesAreRefused() {
        for (String bad : new String[]{"", "plain-password", "bcrypt$10$abc$def", "pbkdf2-sha256$x$c2FsdA$aGFzaA",
                                       "pbkdf2-sha256$0$c2FsdA$aGFzaA", "pbkdf2-sha256$1000$!!$aGFzaA",
                                       "pbkdf2-sha256$1000$c2FsdA"}) {
            assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(bad), bad);
        }
    }

    @Test
    void anEmptyPasswordIsNeverHashed() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.of("", 1000));
    }
}
