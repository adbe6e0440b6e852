package org.tenantnat.impl;

import org.onosproject.app.ApplicationServiceAdapter;
import org.onosproject.app.ApplicationState;
import org.onosproject.core.ApplicationId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The cluster's application management as ONOS 2.7 runs deactivate hooks: when the application is deactivated
 * (its state becomes INSTALLED) or uninstalled (it has no state any more), every hook registered on any node runs
 * once and is dropped. ONOS keeps them in a hash multimap, so their order is not defined: they run here in an order
 * shuffled by a fixed seed. A node that merely stops runs none.
 */
class TestApplicationService extends ApplicationServiceAdapter {

    private final List<Runnable> hooks = new ArrayList<>();
    private final Random order = new Random(9);
    private ApplicationState state = ApplicationState.ACTIVE;

    @Override
    public synchronized void registerDeactivateHook(ApplicationId appId, Runnable hook) {
        hooks.add(hook);
    }

    @Override
    public synchronized ApplicationState getState(ApplicationId appId) {
        return state;
    }

    /**
     * Deactivates the application: runs the hooks with the state INSTALLED.
     */
    void deactivate() {
        runHooks(ApplicationState.INSTALLED);
    }

    /**
     * Uninstalls the application: runs the hooks with no state.
     */
    void uninstall() {
        runHooks(null);
    }

    /**
     * Returns the number of hooks waiting to run.
     *
     * @return hooks
     */
    synchronized int hookCount() {
        return hooks.size();
    }

    private void runHooks(ApplicationState next) {
        List<Runnable> run;
        synchronized (this) {
            state = next;
            run = new ArrayList<>(hooks);
            hooks.clear();
            Collections.shuffle(run, order);
        }
        run.forEach(Runnable::run);
    }
}
