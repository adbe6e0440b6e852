package org.tenantnat.impl;

import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;
import org.slf4j.Logger;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.onlab.util.Tools.groupedThreads;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * Tells tenantnat when the fabric may have changed in ONOS: a link was added, updated or removed (LLDP through
 * ONOS's link provider, or network config), or a port went up or down (links declared in the desired state are
 * not probed, so a port's state is what says they are down). The runtime is told on a thread of its own, never on
 * ONOS's event dispatcher, and only once for a burst of events (a switch going away removes all its links at once).
 */
public final class FabricEvents {

    private static final Set<DeviceEvent.Type> PORT_EVENTS = EnumSet.of(
            DeviceEvent.Type.PORT_ADDED, DeviceEvent.Type.PORT_UPDATED, DeviceEvent.Type.PORT_REMOVED);

    private final Logger log = getLogger(getClass());
    private final LinkService linkService;
    private final DeviceService deviceService;
    private final Runnable changed;
    private final LinkListener links = this::linkEvent;
    private final DeviceListener ports = this::deviceEvent;
    private ExecutorService executor;
    private boolean queued;

    /**
     * Creates the adapter.
     *
     * @param linkService   links between switches
     * @param deviceService devices and their ports
     * @param changed       what to run when the fabric may have changed (the runtime's topologyChanged)
     */
    public FabricEvents(LinkService linkService, DeviceService deviceService, Runnable changed) {
        this.linkService = linkService;
        this.deviceService = deviceService;
        this.changed = changed;
    }

    /** Starts listening, and has the runtime read the links ONOS knows now. */
    public synchronized void activate() {
        executor = Executors.newSingleThreadExecutor(groupedThreads("onos/tenantnat", "fabric", log));
        linkService.addListener(links);
        deviceService.addListener(ports);
        changed();
    }

    /** Stops listening. */
    public synchronized void deactivate() {
        linkService.removeListener(links);
        deviceService.removeListener(ports);
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void linkEvent(LinkEvent event) {
        log.debug("{}", event);
        changed();
    }

    private void deviceEvent(DeviceEvent event) {
        if (PORT_EVENTS.contains(event.type())) {
            changed();
        }
    }

    // One run for the events that arrive while the previous run is queued.
    private synchronized void changed() {
        if (executor == null || queued) {
            return;
        }
        queued = true;
        executor.execute(() -> {
            synchronized (this) {
                queued = false;
            }
            try {
                changed.run();
            } catch (RuntimeException e) {
                log.warn("could not take the new links into account", e);
            }
        });
    }
}
