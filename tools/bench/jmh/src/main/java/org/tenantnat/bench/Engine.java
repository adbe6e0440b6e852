package org.tenantnat.bench;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.runtime.MemoryStateStore;
import org.tenantnat.runtime.Southbound;
import org.tenantnat.runtime.TenantNatRuntime;

/**
 * What the engine benchmarks share.
 */
final class Engine {

    /** Application id the benchmarked rules carry (the standalone host's). */
    static final ApplicationId APP_ID = new DefaultApplicationId(0x7e1a, "org.tenantnat");

    private Engine() {
    }

    /**
     * Starts a runtime over an in-memory store, holding a desired state.
     *
     * @param southbound the switches it programs
     * @param origin     who the desired state comes from
     * @param state      desired state
     * @return the runtime, started
     */
    static TenantNatRuntime runtime(Southbound southbound, Origin origin, DesiredState state) {
        TenantNatRuntime runtime = new TenantNatRuntime(APP_ID, PipelineSettings.DEFAULTS, southbound,
                                                        new MemoryStateStore());
        runtime.start();
        runtime.replaceState(origin, state);
        return runtime;
    }
}
