package org.tenantnat.standalone.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginThrottleTest {

    private final FakeTicker clock = new FakeTicker();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void theFirstFiveFailuresCostNothing() {
        for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
            LoginThrottle.Failure f = throttle.failed("192.0.2.1");
            assertEquals(i, f.consecutive());
            assertEquals(Duration.ZERO, f.lockout());
            assertEquals(Optional.empty(), throttle.lockedOut("192.0.2.1"));
        }
    }

    @Test
    void eachFurtherFailureDoublesTheLockoutUpToFiveMinutes() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("192.0.2.1");
        }
        long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long seconds : expectedSeconds) {
            assertEquals(Duration.ofSeconds(seconds), throttle.failed("192.0.2.1").lockout());
            assertEquals(Optional.of(Duration.ofSeconds(seconds)), throttle.lockedOut("192.0.2.1"));
            clock.advance(Duration.ofSeconds(seconds));
            assertEquals(Optional.empty(), throttle.lockedOut("192.0.2.1"), "free again after " + seconds + " s");
        }
    }

    @Test
    void addressesAreThrottledApartAndASuccessClearsOne() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("192.0.2.1");
        }
        assertTrue(throttle.lockedOut("192.0.2.1").isPresent());
        assertEquals(Optional.empty(), throttle.lockedOut("192.0.2.2"), "another address is not locked out");

        clock.advance(Duration.ofSeconds(1));
        throttle.succeeded("192.0.2.1");

        assertEquals(1, throttle.failed("192.0.2.1").consecutive(), "counting starts again after a success");
    }

    @Test
    void anAddressIsForgottenAnHourAfterItsLastFailure() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("192.0.2.1");
        }
        clock.advance(Duration.ofMinutes(61));

        assertEquals(1, throttle.failed("192.0.2.1").consecutive());
    }
}
