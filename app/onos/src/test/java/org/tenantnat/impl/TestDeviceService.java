package org.tenantnat.impl;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.ChassisId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultPort;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Port;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.provider.ProviderId;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A device inventory the test fills, which posts device events to its listeners.
 */
class TestDeviceService extends DeviceServiceAdapter {

    private static final ProviderId PROVIDER = new ProviderId("of", "org.tenantnat.test");

    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Set<DeviceId> available = ConcurrentHashMap.newKeySet();
    private final Map<ConnectPoint, Port> ports = new ConcurrentHashMap<>();
    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Makes an OpenFlow switch.
     *
     * @param id device id
     * @return device
     */
    static Device ovs(DeviceId id) {
        return new DefaultDevice(PROVIDER, id, Device.Type.SWITCH, "Nicira, Inc.", "Open vSwitch", "3.1.0",
                                 "none", new ChassisId());
    }

    /**
     * Adds an available device and posts DEVICE_ADDED.
     *
     * @param device device
     */
    void add(Device device) {
        devices.put(device.id(), device);
        available.add(device.id());
        post(new DeviceEvent(DeviceEvent.Type.DEVICE_ADDED, device));
    }

    /**
     * Changes a device's availability and posts DEVICE_AVAILABILITY_CHANGED.
     *
     * @param id        device id
     * @param isAvailable new availability
     */
    void setAvailable(DeviceId id, boolean isAvailable) {
        if (isAvailable) {
            available.add(id);
        } else {
            available.remove(id);
        }
        post(new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED, devices.get(id)));
    }

    /**
     * Sets a port's state and posts PORT_UPDATED.
     *
     * @param port    switch port
     * @param enabled whether it is up
     */
    void setPort(ConnectPoint port, boolean enabled) {
        Device device = devices.get(port.deviceId());
        Port p = new DefaultPort(device, port.port(), enabled);
        ports.put(port, p);
        post(new DeviceEvent(DeviceEvent.Type.PORT_UPDATED, device, p));
    }

    @Override
    public Port getPort(ConnectPoint port) {
        return ports.get(port);
    }

    private void post(DeviceEvent event) {
        listeners.stream().filter(l -> l.isRelevant(event)).forEach(l -> l.event(event));
    }

    @Override
    public Device getDevice(DeviceId deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public boolean isAvailable(DeviceId deviceId) {
        return available.contains(deviceId);
    }

    @Override
    public Iterable<Device> getAvailableDevices(Device.Type type) {
        return ImmutableList.copyOf(devices.values().stream()
                .filter(d -> d.type() == type && available.contains(d.id())).collect(Collectors.toList()));
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.remove(listener);
    }

    /**
     * Returns the number of listeners.
     *
     * @return count
     */
    int listenerCount() {
        return listeners.size();
    }
}
