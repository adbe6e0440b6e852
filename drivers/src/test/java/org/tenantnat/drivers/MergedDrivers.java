package org.tenantnat.drivers;

import org.onosproject.net.DeviceId;
import org.onosproject.net.driver.DefaultDriverData;
import org.onosproject.net.driver.DefaultDriverHandler;
import org.onosproject.net.driver.DefaultDriverProvider;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.driver.XmlDriverLoader;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.io.IOException;
import java.io.InputStream;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * ONOS's real onos-drivers.xml with tenantnat's drivers registered on top, the way ONOS's driver registry does it
 * (DefaultDriverProvider.addDriver merges a driver into the one of the same name).
 */
final class MergedDrivers {

    /** ONOS's own driver definitions, from onos-drivers-default. */
    static final String ONOS_DRIVERS_XML = "/onos-drivers.xml";

    private final DefaultDriverProvider registry = new DefaultDriverProvider();
    private final int onosOvsBehaviours;

    /**
     * Registers ONOS's drivers, then tenantnat's.
     *
     * @throws IOException when a definition cannot be read
     */
    MergedDrivers() throws IOException {
        load(ONOS_DRIVERS_XML).getDrivers().forEach(registry::addDriver);
        onosOvsBehaviours = driver("ovs").behaviours().size();
        load(TenantNatDriversLoader.DRIVERS_XML).getDrivers().forEach(registry::addDriver);
    }

    /**
     * Reads driver definitions, resolving parents among the drivers registered so far.
     *
     * @param resource definitions on the class path
     * @return the drivers defined
     * @throws IOException when they cannot be read
     */
    DefaultDriverProvider load(String resource) throws IOException {
        try (InputStream xml = getClass().getResourceAsStream(resource)) {
            checkNotNull(xml, resource);
            return new XmlDriverLoader(getClass().getClassLoader(), null).loadDrivers(xml, this::driver);
        }
    }

    /**
     * Returns a registered driver.
     *
     * @param name driver name
     * @return driver, null when none has the name
     */
    Driver driver(String name) {
        return registry.getDrivers().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Returns how many behaviours ONOS's own "ovs" driver has.
     *
     * @return behaviours before the merge
     */
    int onosOvsBehaviours() {
        return onosOvsBehaviours;
    }

    /**
     * Returns what a device of a driver gets from tenantnat's capabilities behaviour.
     *
     * @param driverName driver name
     * @param device     device
     * @return capabilities
     */
    SwitchCapabilities capabilitiesOf(String driverName, DeviceId device) {
        DefaultDriverHandler handler = new DefaultDriverHandler(new DefaultDriverData(driver(driverName), device));
        return handler.behaviour(TranslationCapabilitiesBehaviour.class).capabilities();
    }
}
