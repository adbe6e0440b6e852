package org.tenantnat.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * When a switch whose batch failed is reconciled again. A failed batch leaves the switch's table unknown: a barrier
 * that timed out may have been applied in full, a rejected rule may have left the rest of its batch in place. So
 * the switch is reconciled against a fresh dump of its table, once however many batches failed together, after a
 * wait that doubles with each failure in a row (a rule the switch will always reject must not turn into a storm of
 * reconciliations) and starts again from the first once a batch succeeds.
 */
final class ReconcileRetry {

    /** First wait one second, then 2, 4... at most a minute. */
    static final ReconcileRetry DEFAULT = new ReconcileRetry(Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final Duration first;
    private final Duration max;
    private int failuresInARow;
    private boolean scheduled;

    /**
     * Creates a policy.
     *
     * @param first wait after the first failure
     * @param max   longest wait
     */
    ReconcileRetry(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** A fresh copy of this policy for one switch connection. */
    ReconcileRetry forSwitch() {
        return new ReconcileRetry(first, max);
    }

    /**
     * Records a failed batch.
     *
     * @return the wait before the switch is reconciled again; empty when a reconciliation is already scheduled
     */
    synchronized Optional<Duration> failed() {
        failuresInARow++;
        if (scheduled) {
            return Optional.empty();
        }
        scheduled = true;
        long factor = 1L << Math.min(failuresInARow - 1, 20);
        Duration wait = first.multipliedBy(factor);
        return Optional.of(wait.compareTo(max) > 0 ? max : wait);
    }

    /** The scheduled reconciliation starts. */
    synchronized void started() {
        scheduled = false;
    }

    /** A batch was confirmed: the next failure waits the first wait again. */
    synchronized void succeeded() {
        failuresInARow = 0;
    }
}
