package org.tenantnat.standalone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any non-empty {@code CI} other than {@code false} or {@code 0} means CI, so {@code CI=1} fails a test that
 * cannot run exactly as {@code CI=true} does.
 */
class ContinuousIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "1", "yes", "github"})
    void aSetValueMeansCi(String value) {
        assertTrue(ContinuousIntegration.active(value), value);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "false", "False", "0"})
    void unsetEmptyFalseOrZeroMeansNoCi(String value) {
        assertFalse(ContinuousIntegration.active(value), String.valueOf(value));
    }
}
