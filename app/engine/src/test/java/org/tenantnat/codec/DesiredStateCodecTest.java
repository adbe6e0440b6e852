package org.tenantnat.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.Documents;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The desired-state document and its tenants and services through their codecs, as REST, network config and the
 * stores read and write them.
 */
class DesiredStateCodecTest {

    private final CodecContext context = LocalCodecContext.withTenantNatCodecs();

    private static final String MINIMAL_TENANT = "{\"name\": \"acme\", \"id\": 7,"
            + " \"connectPoint\": \"of:0000000000000001/1\", \"routerIp\": \"10.1.1.254\","
            + " \"gatewayIp\": \"10.1.1.1\", \"prefixes\": [\"10.1.1.0/24\"]}";

    private DesiredState decode(String text) {
        return context.decode(JsonDocument.parseObject(text), DesiredState.class);
    }

    private DesiredState decode(JsonNode json) {
        return context.decode(JsonDocument.object(json), DesiredState.class);
    }

    private ObjectNode encode(DesiredState state) {
        return context.encode(state, DesiredState.class);
    }

    private Tenant decodeTenant(JsonNode json) {
        return context.decode(JsonDocument.object(json), Tenant.class);
    }

    private Service decodeService(JsonNode json) {
        return context.decode(JsonDocument.object(json), Service.class);
    }

    @Test
    void designExampleRoundTripsToTheSameDocument() {
        ObjectNode document = Documents.tree(Documents.DESIGN_EXAMPLE);

        DesiredState state = decode(document);

        assertEquals(document, encode(state));
        assertEquals(state, decode(encode(state)));
    }

    @Test
    void designExampleDecodesToTheModelItDescribes() {
        DesiredState state = decode(Documents.text(Documents.DESIGN_EXAMPLE));

        ConnectPoint port1 = new ConnectPoint(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(1));
        ConnectPoint port3 = new ConnectPoint(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(3));
        Tenant acme = Tenant.builder().name("acme").id(1)
                .attachment(new Attachment(port1, VlanId.vlanId((short) 100)))
                .routerIp(Ip4Address.valueOf("10.1.1.10")).gatewayIp(Ip4Address.valueOf("10.1.1.1"))
                .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24")))
                .access(List.of(new Access("backup", Ip4Address.valueOf("10.250.0.10"))))
                .build();
        Service backup = new Service("backup", Ip4Address.valueOf("10.1.1.10"), port3,
                                     Ip4Address.valueOf("10.1.1.1"), null);
        assertEquals(new DesiredState(List.of(DesiredState.DEFAULT_POOL), MacAddress.valueOf("02:00:00:00:00:01"),
                                      List.of(backup), List.of(acme)), state);
    }

    @Test
    void threeTenantExampleWithVlansAndPinsRoundTrips() {
        ObjectNode document = Documents.tree(Documents.THREE_TENANTS);

        DesiredState state = decode(document);

        assertEquals(document, encode(state));
        Tenant globex = state.tenant("globex").orElseThrow();
        assertEquals(Map.of(Ip4Prefix.valueOf("10.1.1.0/24"), Ip4Prefix.valueOf("100.64.1.0/24"),
                            Ip4Prefix.valueOf("172.16.0.0/20"), Ip4Prefix.valueOf("100.64.16.0/20")),
                     globex.translatedPrefixes());
        assertEquals(MacAddress.valueOf("02:00:00:00:0a:02"), globex.routerMac().orElseThrow());
        assertFalse(state.tenant("initech").orElseThrow().attachment().isTagged());
    }

    @Test
    void prettyTextDecodesBackToTheSameState() {
        DesiredState state = decode(Documents.text(Documents.THREE_TENANTS));

        assertEquals(state, decode(JsonDocument.indented(encode(state))));
    }

    @Test
    void absentOptionalFieldsTakeTheirDefaults() {
        DesiredState state = decode("{\"tenants\": [" + MINIMAL_TENANT + "]}");

        assertEquals(List.of(DesiredState.DEFAULT_POOL), state.pool());
        assertEquals(MacAddress.valueOf("02:00:00:00:00:01"), state.gatewayMac());
        assertEquals(List.of(), state.services());
        Tenant acme = state.tenants().get(0);
        assertEquals(VlanId.NONE, acme.attachment().vlan());
        assertEquals(TranslationPolicy.STATIC, acme.translation());
        assertEquals(List.of(), acme.access());
        assertEquals(Map.of(), acme.translatedPrefixes());
        assertTrue(acme.routerMac().isEmpty());
    }

    @Test
    void nullOptionalFieldsCountAsAbsent() {
        ObjectNode tenant = Documents.json(MINIMAL_TENANT);
        tenant.putNull("vlan");
        tenant.putNull("routerMac");
        tenant.putNull("translatedPrefixes");

        assertEquals(decodeTenant(Documents.json(MINIMAL_TENANT)), decodeTenant(tenant));
    }

    @Test
    void unsetOptionalFieldsAreLeftOutWhenEncoding() {
        JsonNode tenant = context.encode(decodeTenant(Documents.json(MINIMAL_TENANT)), Tenant.class);

        assertFalse(tenant.has("vlan"));
        assertFalse(tenant.has("routerMac"));
        assertFalse(tenant.has("translatedPrefixes"));
        assertEquals("static", tenant.path("translation").path("mode").asText());
    }

    @Test
    void singleTenantRoundTrips() {
        Tenant tenant = decode(Documents.text(Documents.THREE_TENANTS)).tenant("globex").orElseThrow();

        assertEquals(tenant, decodeTenant(context.encode(tenant, Tenant.class)));
    }

    @Test
    void singleServiceRoundTrips() {
        Service service = decode(Documents.text(Documents.THREE_TENANTS)).service("backup").orElseThrow();

        ObjectNode json = context.encode(service, Service.class);

        assertEquals(Documents.tree(Documents.THREE_TENANTS).path("services").get(0), json);
        assertEquals(service, decodeService(json));
    }

    @Test
    void aTenantDecodedAloneReportsPathsRelativeToItself() {
        ObjectNode tenant = Documents.json(MINIMAL_TENANT);
        tenant.putArray("prefixes").add("10.1.1.0/24").add("10.2.2.1/24");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decodeTenant(tenant));

        assertEquals(List.of(new ValidationError("prefixes[1]",
                                                 "host bits set in 10.2.2.1/24 (the network is 10.2.2.0/24)")),
                     e.errors());
    }

    @Test
    void aServiceDecodedAloneReportsPathsRelativeToItself() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decodeService(
                Documents.json("{\"name\": \"backup\", \"ip\": \"10.1.1.10\", \"gatewayIp\": \"10.1.1.1\"}")));

        assertEquals(List.of(new ValidationError("connectPoint", "missing required field")), e.errors());
    }

    @Test
    void anItemThatIsNotAnObjectIsRejectedAsAWhole() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> decodeTenant(Documents.json("{\"t\": [1]}").get("t")));

        assertEquals("(document)", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("expected an object, got an array"));
    }

    @Test
    void everyFormErrorOfTheDocumentIsReportedAtOnce() {
        ObjectNode document = Documents.tree(Documents.THREE_TENANTS);
        ((ObjectNode) document.path("tenants").get(0)).put("id", "1");
        ((ObjectNode) document.path("tenants").get(1)).put("vlanId", 200);
        ((ObjectNode) document.path("services").get(1)).put("ip", "10.1.1");
        document.put("gatewayMac", "02:00:00:00:00");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decode(document));

        assertEquals(List.of("gatewayMac", "services[archive].ip", "tenants[acme].id", "tenants[globex].vlanId"),
                     e.errors().stream().map(ValidationError::field).sorted().collect(Collectors.toList()));
    }

    @Test
    void malformedJsonIsRejectedWithItsLocation() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> decode("{\n  \"pool\": [\"100.64.0.0/10\",]\n}"));

        assertEquals(1, e.errors().size());
        assertEquals("(document)", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("malformed JSON at line 2, column"),
                   e.errors().get(0).message());
    }

    @Test
    void malformedJsonStreamIsRejectedWithItsLocation() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JsonDocument.parse(
                new ByteArrayInputStream("{\"pool\": ".getBytes(StandardCharsets.UTF_8))));

        assertTrue(e.getMessage().startsWith("(document): malformed JSON at line 1"), e.getMessage());
    }

    @Test
    void repeatedKeysAreRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> decode("{\"gatewayMac\": \"02:00:00:00:00:01\", \"gatewayMac\": \"02:00:00:00:00:02\"}"));

        assertTrue(e.getMessage().contains("Duplicate field 'gatewayMac'"), e.getMessage());
    }

    @Test
    void textAfterTheDocumentIsRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decode("{} {}"));

        assertTrue(e.getMessage().startsWith("(document): malformed JSON"), e.getMessage());
    }

    @Test
    void anEmptyDocumentIsRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decode("  "));

        assertEquals(List.of(new ValidationError("(document)", "the document is empty")), e.errors());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decode("[]"));

        assertEquals(List.of(new ValidationError("(document)", "expected an object, got an array")), e.errors());
    }

    @Test
    void datapathIdsAreReadCaseInsensitivelyAndWrittenInLowerCase() {
        Service service = decodeService(Documents.json("{\"name\": \"backup\", \"ip\": \"10.1.1.10\","
                + " \"connectPoint\": \"of:00000000000000AB/3\", \"gatewayIp\": \"10.1.1.1\"}"));

        assertEquals(DeviceId.deviceId("of:00000000000000ab"), service.connectPoint().deviceId());
        assertEquals("of:00000000000000ab/3", context.encode(service, Service.class).path("connectPoint").asText());
    }

    @Test
    void anIpv4MappedIpv6AddressIsNotTakenForIpv4() {
        ObjectNode tenant = Documents.json(MINIMAL_TENANT);
        tenant.put("routerIp", "::ffff:10.1.1.254");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decodeTenant(tenant));

        assertEquals(List.of(new ValidationError("routerIp",
                "::ffff:10.1.1.254 is an IPv6 address; an IPv4 address is required")), e.errors());
    }

    @Test
    void octetsWithLeadingZerosAreRejectedAsAmbiguous() {
        ObjectNode tenant = Documents.json(MINIMAL_TENANT);
        tenant.put("routerIp", "010.1.1.254");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decodeTenant(tenant));

        assertEquals("routerIp", e.errors().get(0).field());
    }

    @Test
    void itemsWithoutAUsableNameAreNamedByIndex() {
        ObjectNode document = Documents.tree(Documents.THREE_TENANTS);
        ((ObjectNode) document.path("tenants").get(1)).put("name", "acme");
        ((ObjectNode) document.path("tenants").get(1)).put("id", "2");
        ((ObjectNode) document.path("tenants").get(2)).put("name", "bad name");
        ((ObjectNode) document.path("tenants").get(2)).put("id", "3");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> decode(document));

        assertEquals(List.of("tenants[1].id", "tenants[2].id"),
                     e.errors().stream().map(ValidationError::field).collect(Collectors.toList()));
    }
}
