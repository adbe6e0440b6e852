package org.tenantnat.drivers;

import org.junit.jupiter.api.Test;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.driver.DriverAdminService;
import org.onosproject.net.driver.DriverAdminServiceAdapter;
import org.onosproject.net.driver.DriverProvider;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantNatDriversLoaderTest {

    /** Records what the loader registers; the superclass only logs a load failure, so this is how to see one. */
    private static final class RecordingDriverAdmin extends DriverAdminServiceAdapter {
        final List<DriverProvider> registered = new ArrayList<>();

        @Override
        public void registerProvider(DriverProvider provider) {
            registered.add(provider);
        }

        @Override
        public void unregisterProvider(DriverProvider provider) {
            registered.remove(provider);
        }
    }

    /** Reaches the component's protected life-cycle methods, as the OSGi runtime does. */
    private static final class TestableLoader extends TenantNatDriversLoader {
        void start(DriverAdminService admin) {
            driverAdminService = admin;
            activate();
        }

        void stop() {
            deactivate();
        }
    }

    @Test
    void registersOurBehaviourOnOnosDefaultAndOvsDriversAndUnregistersThem() {
        RecordingDriverAdmin admin = new RecordingDriverAdmin();
        TestableLoader loader = new TestableLoader();

        loader.start(admin);

        assertEquals(1, admin.registered.size(), "drivers XML failed to load");
        Set<Driver> drivers = admin.registered.get(0).getDrivers();
        assertEquals(Set.of("default", "ovs"), drivers.stream().map(Driver::name).collect(Collectors.toSet()));
        drivers.forEach(d -> assertTrue(d.hasBehaviour(TranslationCapabilitiesBehaviour.class), d.name()));

        loader.stop();
        assertTrue(admin.registered.isEmpty());
    }
}
