package org.tenantnat.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.pipeline.Conntrack;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A pat tenant's conntrack zone is flushed on its switch once the switch confirmed that the tenant's rules are
 * gone, and only when the change ends the zone: the tenant removed, turned to another mode or given another id;
 * not when it stays pat with the same id, and never for a tenant of another mode.
 */
class ConntrackZoneTest {

    private static final Origin ORIGIN = Origin.rest("test");
    private static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.9.10"),
            ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/10"), Ip4Address.valueOf("10.9.9.1"),
            MacAddress.valueOf("02:00:00:00:0a:0a"));
    private static final String ZONE_16 = FakeSouthbound.SWITCH + " zone 16";

    private final FakeSouthbound southbound = new FakeSouthbound();
    private TenantNatRuntime runtime;

    private static Tenant tenant(String name, int id, int port, TranslationPolicy.Mode mode) {
        TranslationPolicy.Builder policy = TranslationPolicy.builder(mode);
        if (mode != TranslationPolicy.Mode.STATIC) {
            policy.blockSize(30).idleTimeout(10).holdDown(5);
        }
        return Tenant.builder().name(name).id(id)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint(FakeSouthbound.SWITCH + "/" + port),
                                           VlanId.NONE))
                .routerIp(Ip4Address.valueOf("10.1.1.254")).routerMac(MacAddress.valueOf("02:00:00:00:01:01"))
                .gatewayIp(Ip4Address.valueOf("10.1.1.1")).prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
                .translation(policy.build())
                .access(List.of(new Access("backup", Ip4Address.valueOf("10.250.0.10")))).build();
    }

    @BeforeEach
    void setUp() {
        southbound.capabilities(SwitchCapabilities.perHost().withConntrack(Conntrack.ownExtensions()));
        runtime = new TenantNatRuntime(new DefaultApplicationId(7, "org.tenantnat"), PipelineSettings.DEFAULTS,
                                       southbound, new MemoryStateStore());
        runtime.start();
        runtime.replaceState(ORIGIN, new DesiredState(List.of(Ip4Prefix.valueOf("100.64.0.0/16")),
                                                      MacAddress.valueOf("02:00:00:00:00:01"), List.of(BACKUP),
                                                      List.of(tenant("foxtrot", 16, 1, TranslationPolicy.Mode.PAT),
                                                              tenant("charlie", 13, 2,
                                                                     TranslationPolicy.Mode.DYNAMIC))));
    }

    @AfterEach
    void tearDown() {
        runtime.stop();
    }

    @Test
    void removingAPatTenantFlushesItsZoneOnceTheSwitchConfirmedItsRulesGone() {
        southbound.holdConfirmations();

        runtime.removeTenant(ORIGIN, "foxtrot");

        assertEquals(List.of(), southbound.forgottenZones(), "its rules may still commit connections");
        southbound.confirmHeld();
        assertEquals(List.of(ZONE_16), southbound.forgottenZones());
    }

    @Test
    void aPatTenantTurnedStaticOrGivenAnotherIdLeavesItsZone() {
        runtime.replaceTenant(ORIGIN, tenant("foxtrot", 17, 1, TranslationPolicy.Mode.PAT));
        assertEquals(List.of(ZONE_16), southbound.forgottenZones(), "a new id is a new zone");

        runtime.replaceTenant(ORIGIN, tenant("foxtrot", 17, 1, TranslationPolicy.Mode.STATIC));
        assertEquals(List.of(ZONE_16, FakeSouthbound.SWITCH + " zone 17"), southbound.forgottenZones());
    }

    @Test
    void aPatTenantChangedOtherwiseAndTenantsOfOtherModesFlushNothing() {
        Tenant moved = tenant("foxtrot", 16, 1, TranslationPolicy.Mode.PAT).toBuilder()
                .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("10.1.2.0/24"))).build();

        runtime.replaceTenant(ORIGIN, moved);
        runtime.removeTenant(ORIGIN, "charlie");

        assertEquals(List.of(), southbound.forgottenZones());
    }
}
