package org.tenantnat.drivers;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.driver.DefaultDriver;
import org.onosproject.net.driver.DefaultDriverData;
import org.onosproject.net.driver.DefaultDriverHandler;
import org.tenantnat.behaviour.TranslationCapabilitiesBehaviour;
import org.tenantnat.pipeline.RewriteStyle;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OvsTranslationCapabilitiesTest {

    @Test
    void ovsDriverWithoutExtensionResolverFallsBackToPerHost() {
        DefaultDriver bare = new DefaultDriver("bare-ovs", ImmutableList.of(), "Nicira, Inc\\.", "Open vSwitch",
                ".*", ImmutableMap.of(TranslationCapabilitiesBehaviour.class, OvsTranslationCapabilities.class),
                ImmutableMap.of());
        DefaultDriverHandler handler = new DefaultDriverHandler(
                new DefaultDriverData(bare, DeviceId.deviceId("of:0000000000000002")));

        assertEquals(RewriteStyle.PER_HOST,
                     handler.behaviour(TranslationCapabilitiesBehaviour.class).capabilities().style());
    }
}
