package org.tenantnat.config;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigValidatorTest {

    private final CodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final ConfigValidator validator = new ConfigValidator();

    private DesiredState decode(String text) {
        return codecs.decode(JsonDocument.parseObject(text), DesiredState.class);
    }

    private DesiredState threeTenants() {
        return decode(Documents.text(Documents.THREE_TENANTS));
    }

    @Test
    void designExampleIsValid() {
        assertEquals(List.of(), validator.validate(decode(Documents.text(Documents.DESIGN_EXAMPLE))));
    }

    @Test
    void threeTenantsAndTheServiceAllOnTenDotOneDotOneAreValid() {
        DesiredState state = threeTenants();
        Ip4Prefix shared = Ip4Prefix.valueOf("10.1.1.0/24");
        state.tenants().forEach(t -> assertTrue(t.prefixes().contains(shared), t.name()));
        assertTrue(shared.contains(state.service("backup").orElseThrow().ip()));

        assertEquals(List.of(), validator.validate(state));
    }

    @Test
    void anEmptyStateIsValid() {
        assertEquals(List.of(), validator.validate(DesiredState.EMPTY));
    }

    @Test
    void checkThrowsWithEveryError() {
        DesiredState state = threeTenants();
        Tenant acme = state.tenant("acme").orElseThrow();
        DesiredState bad = state.withTenant(acme.toBuilder().id(0).prefixes(List.of()).build());

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> validator.check(bad));

        assertEquals(validator.validate(bad), e.errors());
        assertEquals(List.of("tenants[acme].id", "tenants[acme].prefixes",
                             "tenants[acme].translatedPrefixes[10.1.1.0/24]"),
                     e.errors().stream().map(ValidationError::field).collect(Collectors.toList()));
    }

    @Test
    void aVlanTheCodecWouldRefuseIsRefusedInABuiltStateToo() {
        DesiredState state = threeTenants();
        Tenant acme = state.tenant("acme").orElseThrow();
        Attachment reserved = new Attachment(acme.attachment().connectPoint(), VlanId.vlanId((short) 4095));

        List<ValidationError> errors = validator.validate(
                state.withTenant(acme.toBuilder().attachment(reserved).build()));

        assertEquals(List.of(new ValidationError("tenants[acme].vlan",
                "4095 is out of range 1..4094 (leave vlan out for an untagged attachment)")), errors);
    }

    @Test
    void anUntaggedTenantMayShareATrunkWithTaggedOnes() {
        DesiredState state = threeTenants();
        Tenant acme = state.tenant("acme").orElseThrow();
        Tenant initech = state.tenant("initech").orElseThrow();
        Tenant nativeVlan = initech.toBuilder()
                .attachment(new Attachment(acme.attachment().connectPoint(), VlanId.NONE)).build();

        assertEquals(List.of(), validator.validate(state.withTenant(nativeVlan)));
    }

    @Test
    void aPointToPointRouterMayUseEitherAddressOfASlash31() {
        DesiredState state = threeTenants();
        Tenant initech = state.tenant("initech").orElseThrow();
        Tenant p2p = initech.toBuilder()
                .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("10.9.9.0/31")))
                .routerIp(Ip4Address.valueOf("10.9.9.0")).gatewayIp(Ip4Address.valueOf("10.9.9.1")).build();

        assertEquals(List.of(), validator.validate(state.withTenant(p2p)));
    }

    @Test
    void aPoolExactlyFullOfStaticTenantsIsValid() {
        // acme /24 pinned, globex /24 + /20 pinned, initech /24 unpinned: 4864 addresses.
        DesiredState state = threeTenants();
        DesiredState exact = new DesiredState(
                List.of(Ip4Prefix.valueOf("100.64.0.0/20"), Ip4Prefix.valueOf("100.64.16.0/20")),
                state.gatewayMac(), state.services(), state.tenants());

        assertEquals(List.of(), validator.validate(exact));
    }

    @Test
    void aPoolOfSmallPrefixesCannotHoldAPrefixLargerThanEach() {
        DesiredState state = threeTenants();
        Tenant initech = state.tenant("initech").orElseThrow();
        DesiredState split = new DesiredState(
                List.of(Ip4Prefix.valueOf("100.64.0.0/18"), Ip4Prefix.valueOf("100.65.0.0/18"),
                        Ip4Prefix.valueOf("100.66.0.0/18")),
                state.gatewayMac(), state.services(),
                state.withTenant(initech.toBuilder()
                        .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("10.0.0.0/17")))
                        .build()).tenants());

        List<ValidationError> errors = validator.validate(split);

        assertEquals(1, errors.size(), errors::toString);
        assertEquals("pool", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("no free /17 block left for tenants[initech].prefixes[1]"),
                   errors.get(0).message());
    }

    @Test
    void errorsNameTenantsByIndexWhenTheirNameIsAmbiguous() {
        DesiredState state = threeTenants();
        Tenant initech = state.tenant("initech").orElseThrow();
        DesiredState twice = new DesiredState(state.pool(), state.gatewayMac(), state.services(), List.of(
                state.tenants().get(0), state.tenants().get(1), initech.toBuilder().name("acme").id(0).build()));

        assertEquals(List.of("tenants[2].id", "tenants[2].name"), validator.validate(twice).stream()
                .map(ValidationError::field).sorted().collect(Collectors.toList()));
    }
}
