package org.tenantnat.drivers;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.DefaultDriverProvider;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.NiciraMoveTreatment;
import org.tenantnat.pipeline.RewriteStyle;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;

/**
 * Registers tenantnat's drivers on top of ONOS's real onos-drivers.xml the way ONOS's driver registry does
 * (DefaultDriverProvider.addDriver merges a driver into the one of the same name) and checks what a device then
 * gets from its driver.
 */
class OnosDriverMergeTest {

    private static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000001");

    private MergedDrivers drivers;

    @BeforeEach
    void registerOnosThenTenantNatDrivers() throws IOException {
        drivers = new MergedDrivers();
    }

    private Driver driver(String name) {
        return drivers.driver(name);
    }

    private SwitchCapabilities capabilitiesOf(String driverName) {
        return drivers.capabilitiesOf(driverName, DEVICE);
    }

    @Test
    void ovsKeepsOnosBehavioursAndGainsOurs() {
        Driver ovs = driver("ovs");

        assertTrue(ovs.hasBehaviour(ExtensionTreatmentResolver.class));
        assertTrue(ovs.hasBehaviour(TranslationCapabilitiesBehaviour.class));
        assertEquals(drivers.onosOvsBehaviours() + 1, ovs.behaviours().size());
        assertEquals("default", ovs.parent().name());
    }

    @Test
    void ovsRewritesPrefixesWithOnosNiciraLoad() throws Exception {
        SwitchCapabilities caps = capabilitiesOf("ovs");

        assertEquals(RewriteStyle.PREFIX, caps.style());
        ExtensionTreatment load = caps.newNiciraLoad();
        assertEquals(NICIRA_LOAD.type(), load.type());
        // The compiler fills in exactly these properties of ONOS's NiciraLoad.
        load.setPropertyValue("ofsNbits", (8 << 6) | 23);
        load.setPropertyValue("dst", 0x80000c04L);
        load.setPropertyValue("value", 0x640100L);
        assertEquals(0x640100L, (long) load.getPropertyValue("value"));
        assertEquals(0x80000c04L, (long) load.getPropertyValue("dst"));
        assertEquals((8 << 6) | 23, (int) load.getPropertyValue("ofsNbits"));
    }

    @Test
    void ovsAnswersArpWithOnosMovesThatEqualTheStandaloneHostsOwn() throws Exception {
        SwitchCapabilities caps = capabilitiesOf("ovs");

        assertTrue(caps.answersArp());
        for (ExtensionTreatmentType type : SwitchFamilies.ARP_RESPONDER_MOVES) {
            ExtensionTreatment onos = caps.newMove(type);
            assertEquals(type, onos.type());
            // What the standalone host encodes must be what ONOS's OVS driver encodes: same fields, same bits.
            assertEquals(NiciraMoveTreatment.of(type), NiciraMoveTreatment.read(onos), type.toString());
        }
    }

    @Test
    void defaultDriverRewritesHostByHost() {
        assertEquals(RewriteStyle.PER_HOST, capabilitiesOf("default").style());
        assertFalse(capabilitiesOf("default").answersArp());
    }

    @Test
    void mergedDriversKeepOnosMatchKeys() throws IOException {
        // The registry re-keys a merged driver under the manufacturer/hw/sw of the registering definition.
        DefaultDriverProvider onos = drivers.load(MergedDrivers.ONOS_DRIVERS_XML);
        for (Driver mine : drivers.load(TenantNatDriversLoader.DRIVERS_XML).getDrivers()) {
            Driver theirs = onos.getDrivers().stream().filter(d -> d.name().equals(mine.name()))
                    .findFirst().orElseThrow();
            assertEquals(theirs.manufacturer(), mine.manufacturer(), mine.name());
            assertEquals(theirs.hwVersion(), mine.hwVersion(), mine.name());
            assertEquals(theirs.swVersion(), mine.swVersion(), mine.name());
        }
    }

    @Test
    void driversDerivedEarlierFromOvsDoNotSeeTheMerge() {
        // ONOS drivers hold their parent objects, so "liquidio" (extends ovs) still points at the pre-merge ovs:
        // such devices have no tenantnat behaviour and the ONOS host treats them as per-host switches.
        assertFalse(driver("liquidio").hasBehaviour(TranslationCapabilitiesBehaviour.class));
    }
}
