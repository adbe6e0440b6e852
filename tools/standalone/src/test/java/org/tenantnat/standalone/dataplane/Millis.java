package org.tenantnat.standalone.dataplane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Durations measured several times, reported as the tests report every figure: median, max and min.
 */
final class Millis {

    private Millis() {
    }

    /**
     * Summarises measurements.
     *
     * @param millis milliseconds, at least one
     * @return e.g. "median 55 ms, max 104 ms, min 50 ms (20)"
     */
    static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("median %d ms, max %d ms, min %d ms (%d)", sorted.get(sorted.size() / 2),
                             sorted.get(sorted.size() - 1), sorted.get(0), sorted.size());
    }
}
