package org.tenantnat.drivers;

import org.onosproject.net.driver.AbstractDriverLoader;
import org.osgi.service.component.annotations.Component;

/**
 * Adds tenantnat's behaviours to ONOS's own drivers: ONOS merges a driver registered under an existing name into
 * that driver. Runs after the default drivers are loaded (the superclass waits for them).
 */
@Component(immediate = true)
public class TenantNatDriversLoader extends AbstractDriverLoader {

    /** Class-path location of the driver definitions. */
    static final String DRIVERS_XML = "/tenantnat-drivers.xml";

    /**
     * Creates the loader.
     */
    public TenantNatDriversLoader() {
        super(DRIVERS_XML);
    }
}
