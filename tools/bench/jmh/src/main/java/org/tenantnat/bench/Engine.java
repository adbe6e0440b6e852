package org.tenantnat.bench;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;

/**
 * What the engine benchmarks share.
 */
final class Engine {

    /** Application id the benchmarked rules carry (the standalone host's). */
    static final ApplicationId APP_ID = new DefaultApplicationId(0x7e1a, "org.tenantnat");

    private Engine() {
    }
}
