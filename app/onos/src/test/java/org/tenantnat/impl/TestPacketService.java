package org.tenantnat.impl;

import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.packet.OutboundPacket;
import org.onosproject.net.packet.PacketPriority;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketServiceAdapter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records packet processors, packet requests and emitted packets.
 */
class TestPacketService extends PacketServiceAdapter {

    final Map<PacketProcessor, Integer> processors = new ConcurrentHashMap<>();
    final List<OutboundPacket> emitted = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public void addProcessor(PacketProcessor processor, int priority) {
        processors.put(processor, priority);
    }

    @Override
    public void removeProcessor(PacketProcessor processor) {
        processors.remove(processor);
    }

    @Override
    public void emit(OutboundPacket packet) {
        emitted.add(packet);
    }

    @Override
    public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId) {
        requests.incrementAndGet();
    }

    @Override
    public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId,
                               Optional<DeviceId> deviceId) {
        requests.incrementAndGet();
    }
}
