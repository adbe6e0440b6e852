package org.tenantnat.history;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention setting is read as days, a count of changes, or both, and written back the same way; anything
 * else is refused saying what is expected.
 */
class RetentionTest {

    @ParameterizedTest
    @CsvSource({"'365d,10000', 365, 10000", "90d, 90, -1", "5000, -1, 5000", "'7d, 20', 7, 20", "'20,7d', 7, 20"})
    void daysCountOrBothAreRead(String text, int days, int count) {
        Retention r = Retention.parse(text);

        assertEquals(days < 0 ? Optional.empty() : Optional.of(Duration.ofDays(days)), r.maxAge());
        assertEquals(count < 0 ? OptionalInt.empty() : OptionalInt.of(count), r.maxCount());
        assertEquals(r, Retention.parse(r.toString()), "written back as it is read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "0", "0d", "36501d", "-1", "90d,90d", "10,20", "90d,10,5", "ninety days",
                            "90 d", "1w", "9999999999"})
    void anythingElseIsRefusedSayingWhatIsExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retention.parse(text));

        assertTrue(e.getMessage().contains("'" + text + "'"), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "90d,90d", "1w"})
    void theRefusalShowsTheForm(String text) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Retention.parse(text)).getMessage()
                           .startsWith("expected DAYSd, COUNT or both, e.g. 365d,10000"));
    }
}
