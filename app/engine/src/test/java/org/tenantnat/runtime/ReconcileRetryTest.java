package org.tenantnat.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReconcileRetryTest {

    private final ReconcileRetry retry = new ReconcileRetry(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .forSwitch();

    @Test
    void batchesFailingTogetherGetOneReconciliation() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), retry.failed());
        assertEquals(Optional.empty(), retry.failed(), "one is scheduled already");
        assertEquals(Optional.empty(), retry.failed());
    }

    @Test
    void eachFailureInARowDoublesTheWaitUpToTheLongest() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), retry.failed());
        retry.started();
        assertEquals(Optional.of(Duration.ofSeconds(2)), retry.failed());
        retry.started();
        assertEquals(Optional.of(Duration.ofSeconds(4)), retry.failed());
        retry.started();
        assertEquals(Optional.of(Duration.ofSeconds(5)), retry.failed());
        for (int i = 0; i < 70; i++) {
            retry.started();
            assertEquals(Optional.of(Duration.ofSeconds(5)), retry.failed(), "failure " + (i + 5));
        }
    }

    @Test
    void aConfirmedBatchStartsTheWaitsAgain() {
        retry.failed();
        retry.started();
        retry.failed();
        retry.started();
        retry.succeeded();
        assertEquals(Optional.of(Duration.ofSeconds(1)), retry.failed());
    }
}
