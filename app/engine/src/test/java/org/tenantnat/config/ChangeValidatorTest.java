package org.tenantnat.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change of one tenant or service, checked against the indexes of the state in force, is refused with exactly the
 * errors a check of the whole document holding it gives: same fields, same words.
 */
class ChangeValidatorTest {

    private static final DesiredState BASE = DesiredStateReader.parseAndValidate(
            Documents.text(Documents.THREE_TENANTS));

    private static DesiredStateIndex index() {
        DesiredStateIndex index = new DesiredStateIndex();
        StateChange.Builder change = StateChange.builder(Origin.rest("test")).settings(ProviderSettings.of(BASE));
        BASE.services().forEach(change::putService);
        BASE.tenants().forEach(change::putTenant);
        index.apply(change.build());
        return index;
    }

    /** A new tenant, umbrella, made wrong in one way. */
    static Stream<UnaryOperator<Tenant.Builder>> newTenantMistakes() {
        return Stream.of(
                b -> b.id(2),
                b -> b.attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/1"),
                                                 VlanId.vlanId((short) 100))),
                b -> b.attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/3"),
                                                 VlanId.NONE)),
                b -> b.access(List.of(new Access("nothing", Ip4Address.valueOf("10.250.0.10")))),
                b -> b.access(List.of(new Access("backup", Ip4Address.valueOf("10.1.1.77")))),
                b -> b.translatedPrefixes(Map.of(Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.1.0/24"))),
                b -> b.prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("10.1.0.0/16"))),
                b -> b.id(70000).gatewayIp(Ip4Address.valueOf("10.1.1.254")));
    }

    private static Tenant.Builder umbrella() {
        return BASE.tenant("initech").orElseThrow().toBuilder().name("umbrella").id(4)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/7"), VlanId.NONE));
    }

    @ParameterizedTest
    @MethodSource("newTenantMistakes")
    void aNewTenantIsRefusedWithTheErrorsOfTheWholeDocument(UnaryOperator<Tenant.Builder> mistake) {
        Tenant bad = mistake.apply(umbrella()).build();
        List<ValidationError> whole = new ConfigValidator().validate(BASE.withTenant(bad));
        assertTrue(!whole.isEmpty(), "the mistake is one: " + bad);

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> new ChangeValidator().checkTenant(bad, index()));
        assertEquals(whole, e.errors());
    }

    @Test
    void theSameTenantDoneRightIsAccepted() {
        new ChangeValidator().checkTenant(umbrella().build(), index());
        assertTrue(new ConfigValidator().validate(BASE.withTenant(umbrella().build())).isEmpty());
    }

    static Stream<Service> serviceMistakes() {
        Service archive = BASE.service("archive").orElseThrow();
        return Stream.of(
                new Service("portal", archive.ip(), ConnectPoint.deviceConnectPoint("of:0000000000000001/8"),
                            archive.gatewayIp(), null),
                new Service("portal", Ip4Address.valueOf("10.1.1.12"), archive.connectPoint(), archive.gatewayIp(),
                            null, Ip4Address.valueOf("10.1.1.12"), null),
                new Service("portal", Ip4Address.valueOf("100.64.200.1"),
                            ConnectPoint.deviceConnectPoint("of:0000000000000001/8"), archive.gatewayIp(), null),
                new Service("portal", Ip4Address.valueOf("10.1.1.12"),
                            ConnectPoint.deviceConnectPoint("of:0000000000000001/8"), Ip4Address.valueOf("10.1.1.12"),
                            null));
    }

    @ParameterizedTest
    @MethodSource("serviceMistakes")
    void aNewServiceIsRefusedWithTheErrorsOfTheWholeDocument(Service bad) {
        List<ValidationError> whole = new ConfigValidator().validate(BASE.withService(bad));
        assertTrue(!whole.isEmpty(), "the mistake is one: " + bad);

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> new ChangeValidator().checkService(bad, index()));
        assertEquals(whole, e.errors());
    }

    @Test
    void aServiceOnATenantsPortIsRefusedNamingTheTenant() {
        Service onAcmesPort = new Service("portal", Ip4Address.valueOf("10.1.1.12"),
                                          ConnectPoint.deviceConnectPoint("of:0000000000000001/1"),
                                          Ip4Address.valueOf("10.1.1.1"), null);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> new ChangeValidator().checkService(onAcmesPort, index()));
        assertEquals("services[portal].connectPoint", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("tenants[acme]"), e.getMessage());
    }
}
