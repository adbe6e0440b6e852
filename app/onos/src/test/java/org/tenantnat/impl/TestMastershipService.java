package org.tenantnat.impl;

import com.google.common.collect.ImmutableMap;
import org.onosproject.cluster.NodeId;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Mastership decided by the test, as one node of a test cluster sees it: which node masters each switch and in
 * which term (every change of master starts a new term, as in ONOS), with MASTER_CHANGED posted to every node's
 * listeners. A service made with the no-argument constructor is the only node of its cluster.
 */
class TestMastershipService extends MastershipServiceAdapter {

    /** Node id of a one-node cluster; the same as {@link TestClusterService#LOCAL}. */
    static final NodeId LOCAL = TestClusterService.LOCAL;

    /** The cluster's mastership: one per test cluster, shared by every node's view. */
    static final class Masters {
        private final Map<DeviceId, MastershipInfo> infos = new HashMap<>();
        private final List<TestMastershipService> views = new CopyOnWriteArrayList<>();

        /**
         * Makes a node master of a switch, or leaves the switch without a master, in a new term.
         *
         * @param device switch
         * @param master new master, null for none
         * @param post   whether listeners hear of it
         */
        void setMaster(DeviceId device, NodeId master, boolean post) {
            MastershipInfo info;
            synchronized (this) {
                long term = infos.containsKey(device) ? infos.get(device).term() + 1 : 1;
                info = new MastershipInfo(term, Optional.ofNullable(master), master == null ? ImmutableMap.of()
                        : ImmutableMap.of(master, MastershipRole.MASTER));
                infos.put(device, info);
            }
            if (post) {
                MastershipEvent event = new MastershipEvent(MastershipEvent.Type.MASTER_CHANGED, device, info);
                views.forEach(v -> v.listeners.forEach(l -> l.event(event)));
            }
        }

        synchronized MastershipInfo info(DeviceId device) {
            return infos.getOrDefault(device, new MastershipInfo());
        }
    }

    private final Masters masters;
    private final NodeId local;
    private final List<MastershipListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates the mastership of a one-node cluster.
     */
    TestMastershipService() {
        this(new Masters(), LOCAL);
    }

    /**
     * Creates one node's view of a cluster's mastership.
     *
     * @param masters the cluster's mastership
     * @param local   this node
     */
    TestMastershipService(Masters masters, NodeId local) {
        this.masters = masters;
        this.local = local;
        masters.views.add(this);
    }

    /**
     * Makes this node master of a device or not, and posts MASTER_CHANGED.
     *
     * @param device   device
     * @param isMaster whether this node is now master
     */
    void setLocalMaster(DeviceId device, boolean isMaster) {
        masters.setMaster(device, isMaster ? local : null, true);
    }

    /**
     * Makes this node master of a device without an event, as before activation.
     *
     * @param device device
     */
    void masterQuietly(DeviceId device) {
        masters.setMaster(device, local, false);
    }

    @Override
    public MastershipRole getLocalRole(DeviceId deviceId) {
        return local.equals(getMasterFor(deviceId)) ? MastershipRole.MASTER : MastershipRole.STANDBY;
    }

    @Override
    public NodeId getMasterFor(DeviceId deviceId) {
        return masters.info(deviceId).master().orElse(null);
    }

    @Override
    public MastershipInfo getMastershipFor(DeviceId deviceId) {
        return masters.info(deviceId);
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
