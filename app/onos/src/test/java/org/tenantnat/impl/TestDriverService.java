package org.tenantnat.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.onlab.util.ItemNotFoundException;
import org.onosproject.net.DeviceId;
import org.onosproject.net.driver.DefaultDriver;
import org.onosproject.net.driver.DefaultDriverData;
import org.onosproject.net.driver.DefaultDriverHandler;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.driver.DriverHandler;
import org.onosproject.net.driver.DriverServiceAdapter;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drivers decided by the test: a device has a driver with prefix-rewrite capabilities, a driver without tenantnat's
 * behaviour, or no driver at all.
 */
class TestDriverService extends DriverServiceAdapter {

    /** A driver whose switches rewrite prefixes, like ONOS's "ovs" after the drivers bundle merged into it. */
    static final Driver PREFIX_DRIVER = new DefaultDriver("test-ovs", ImmutableList.of(), "Nicira, Inc\\.",
            "Open vSwitch", ".*", ImmutableMap.of(TranslationCapabilitiesBehaviour.class,
                                                  PrefixRewriteCapabilities.class), ImmutableMap.of());
    /** A driver without tenantnat's behaviour, like a vendor driver derived from "default". */
    static final Driver PLAIN_DRIVER = new DefaultDriver("test-plain", ImmutableList.of(), "Vendor", "hw", "sw",
                                                         ImmutableMap.of(), ImmutableMap.of());

    private final Map<DeviceId, Driver> drivers = new ConcurrentHashMap<>();

    /**
     * Gives a device a driver.
     *
     * @param device device
     * @param driver driver
     */
    void bind(DeviceId device, Driver driver) {
        drivers.put(device, driver);
    }

    @Override
    public DriverHandler createHandler(DeviceId deviceId, String... credentials) {
        Driver driver = drivers.get(deviceId);
        if (driver == null) {
            throw new ItemNotFoundException("Driver not found for " + deviceId);
        }
        return new DefaultDriverHandler(new DefaultDriverData(driver, deviceId));
    }
}
