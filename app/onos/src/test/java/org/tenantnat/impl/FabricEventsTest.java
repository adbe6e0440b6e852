package org.tenantnat.impl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricEventsTest {

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");

    private final TestLinkService links = new TestLinkService();
    private final TestDeviceService devices = new TestDeviceService();
    private final Semaphore runs = new Semaphore(0);
    private final FabricEvents events = new FabricEvents(links, devices, runs::release);

    @BeforeEach
    void setUp() throws InterruptedException {
        devices.add(TestDeviceService.ovs(S1));
        devices.add(TestDeviceService.ovs(S2));
        events.activate();
        assertTrue(runs.tryAcquire(5, TimeUnit.SECONDS), "activating reads the links ONOS knows");
    }

    @AfterEach
    void tearDown() {
        events.deactivate();
    }

    @Test
    void aLinkOnosDiscoversTellsTheRuntime() throws InterruptedException {
        links.add(ConnectPoint.deviceConnectPoint("of:0000000000000001/4"),
                  ConnectPoint.deviceConnectPoint("of:0000000000000002/4"), true);

        assertTrue(runs.tryAcquire(5, TimeUnit.SECONDS));
    }

    @Test
    void aPortGoingDownTellsTheRuntimeAndOtherDeviceEventsDoNot() throws InterruptedException {
        devices.setAvailable(S2, true);
        assertFalse(runs.tryAcquire(300, TimeUnit.MILLISECONDS), "availability is the manager's business");

        devices.setPort(ConnectPoint.deviceConnectPoint("of:0000000000000001/4"), false);

        assertTrue(runs.tryAcquire(5, TimeUnit.SECONDS));
    }

    @Test
    void deactivatingStopsListening() {
        events.deactivate();

        assertEquals(0, links.listenerCount());
        assertEquals(0, devices.listenerCount());
    }
}
