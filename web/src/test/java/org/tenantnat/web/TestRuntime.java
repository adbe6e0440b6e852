package org.tenantnat.web;

import org.onosproject.core.DefaultApplicationId;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.history.ChangeLog;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.runtime.TenantNatRuntime;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;

import java.time.Instant;

/**
 * A real runtime on an in-memory switch and store, started and loaded with {@link Documents#CONFIG}, and its
 * history of changes recorded in memory as the hosts record theirs.
 */
public final class TestRuntime implements AutoCloseable {

    private final FakeSouthbound southbound = new FakeSouthbound();
    private final MemoryStateStore store = new MemoryStateStore();
    private final ChangeLog history = new ChangeLog();
    private final TenantNatRuntime runtime;

    /**
     * Starts the runtime and loads the starting desired state.
     */
    public TestRuntime() {
        runtime = new TenantNatRuntime(new DefaultApplicationId(1, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                       southbound, store);
        runtime.addListener(event -> ChangeRecord.of(event, Instant.now()).ifPresent(history::put));
        runtime.start();
        runtime.replaceState(Origin.rest("test"), DesiredStateReader.parseAndValidate(Documents.CONFIG));
    }

    /**
     * Returns the runtime, the oracle of what the API should report.
     *
     * @return runtime
     */
    public TenantNatRuntime runtime() {
        return runtime;
    }

    /**
     * Returns the history of changes.
     *
     * @return changes recorded so far
     */
    public ChangeLog history() {
        return history;
    }

    /**
     * Returns the switch.
     *
     * @return fake southbound
     */
    public FakeSouthbound southbound() {
        return southbound;
    }

    /**
     * Returns the store.
     *
     * @return store
     */
    public MemoryStateStore store() {
        return store;
    }

    @Override
    public void close() {
        runtime.stop();
    }
}
