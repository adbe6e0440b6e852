package org.tenantnat.standalone.dataplane;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline instead of a fixed sleep: the tests are as fast as the machine allows and
 * still patient on a loaded one.
 */
final class Poll {

    private static final long PAUSE_MILLIS = 200;

    private Poll() {
    }

    /**
     * Evaluates a condition until it holds or the deadline passes.
     *
     * @param timeout   deadline from now
     * @param condition condition
     * @return whether it held in time
     */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        return until(timeout, condition::getAsBoolean, ok -> ok);
    }

    /**
     * Takes a value until it is acceptable or the deadline passes.
     *
     * @param timeout    deadline from now
     * @param value      value source (e.g. one ping)
     * @param acceptable when to stop
     * @param <T>        value type
     * @return the last value taken: the acceptable one, or the last that was not
     */
    static <T> T until(Duration timeout, Supplier<T> value, Predicate<T> acceptable) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last = value.get();
            if (acceptable.test(last) || System.nanoTime() >= deadline) {
                return last;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
    }
}
