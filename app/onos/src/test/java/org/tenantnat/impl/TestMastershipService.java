package org.tenantnat.impl;

import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Mastership decided by the test: this node masters the devices it is told to.
 */
class TestMastershipService extends MastershipServiceAdapter {

    private final Set<DeviceId> mastered = ConcurrentHashMap.newKeySet();
    private final List<MastershipListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Makes this node master of a device or not, and posts MASTER_CHANGED.
     *
     * @param device   device
     * @param isMaster whether this node is now master
     */
    void setLocalMaster(DeviceId device, boolean isMaster) {
        if (isMaster) {
            mastered.add(device);
        } else {
            mastered.remove(device);
        }
        MastershipEvent event = new MastershipEvent(MastershipEvent.Type.MASTER_CHANGED, device,
                                                    new MastershipInfo());
        listeners.forEach(l -> l.event(event));
    }

    /**
     * Makes this node master of a device without an event, as before activation.
     *
     * @param device device
     */
    void masterQuietly(DeviceId device) {
        mastered.add(device);
    }

    @Override
    public MastershipRole getLocalRole(DeviceId deviceId) {
        return mastered.contains(deviceId) ? MastershipRole.MASTER : MastershipRole.STANDBY;
    }

    @Override
    public void addListener(MastershipListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(MastershipListener listener) {
        listeners.remove(listener);
    }
}
