package org.tenantnat.codec;

import com.fasterxml.jackson.databind.JsonNode;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.store.RecordCodec;
import org.tenantnat.store.StateChange;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.AccessRequest;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.config.Documents;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Tenants, services, translated blocks and learned MACs written and read alone, as the stores keep them: one
 * record each, decoded as strictly as the document.
 */
class RecordCodecsTest {

    private final LocalCodecContext context = LocalCodecContext.withTenantNatCodecs();
    private final DesiredState state = DesiredStateReader.parseAndValidate(Documents.text(Documents.THREE_TENANTS));

    private <T> T reread(T value, Class<T> type) {
        String record = context.encode(value, type).toString();
        return context.decode(JsonDocument.parseObject(record), type);
    }

    private <T> List<ValidationError> errorsOf(String record, Class<T> type) {
        return assertThrows(InvalidConfigException.class,
                () -> context.decode(JsonDocument.parseObject(record), type)).errors();
    }

    @Test
    void everyTenantAndServiceOfTheExampleSurvivesItsOwnRecord() {
        for (Tenant tenant : state.tenants()) {
            assertEquals(tenant, reread(tenant, Tenant.class));
        }
        for (Service service : state.services()) {
            assertEquals(service, reread(service, Service.class));
        }
    }

    @Test
    void translatedBlocksSurviveTheirRecords() {
        TranslatedBlock block = new TranslatedBlock("globex", Ip4Prefix.valueOf("172.16.0.0/20"),
                                                    Ip4Prefix.valueOf("100.64.16.0/20"));

        assertEquals("{\"tenant\":\"globex\",\"original\":\"172.16.0.0/20\",\"translated\":\"100.64.16.0/20\"}",
                     context.encode(block, TranslatedBlock.class).toString());
        assertEquals(block, reread(block, TranslatedBlock.class));
    }

    @Test
    void aBlockOfAnotherLengthThanItsPrefixIsRefusedNamingTheField() {
        assertEquals(List.of(new ValidationError("translated",
                                                 "100.64.16.0/24 must be a /20 like the original 172.16.0.0/20")),
                     errorsOf("{\"tenant\": \"globex\", \"original\": \"172.16.0.0/20\","
                                      + " \"translated\": \"100.64.16.0/24\"}", TranslatedBlock.class));
    }

    @Test
    void learnedMacsSurviveTheirRecordsTaggedOrNot() {
        LearnedMac tagged = new LearnedMac(new Neighbour(Ip4Address.valueOf("10.1.1.254"), new Attachment(
                ConnectPoint.deviceConnectPoint("of:0000000000000001/1"), VlanId.vlanId((short) 100))),
                MacAddress.valueOf("02:00:00:00:0a:01"));
        LearnedMac untagged = new LearnedMac(new Neighbour(Ip4Address.valueOf("10.1.1.10"), new Attachment(
                ConnectPoint.deviceConnectPoint("of:0000000000000001/3"), VlanId.NONE)),
                MacAddress.valueOf("02:00:00:00:0b:01"));

        assertEquals("{\"ip\":\"10.1.1.254\",\"connectPoint\":\"of:0000000000000001/1\",\"vlan\":100,"
                             + "\"mac\":\"02:00:00:00:0A:01\"}", context.encode(tagged, LearnedMac.class).toString());
        assertEquals(tagged, reread(tagged, LearnedMac.class));
        assertEquals(untagged, reread(untagged, LearnedMac.class));
    }

    @Test
    void aMalformedLearnedMacRecordNamesEveryField() {
        assertEquals(List.of(new ValidationError("colour", "unknown field (allowed: ip, connectPoint, vlan, mac)"),
                             new ValidationError("ip", "'10.1.1' is not an IPv4 address (expected e.g. 10.1.1.10)"),
                             new ValidationError("vlan", "4095 is out of range 1..4094 (leave vlan out for an "
                                     + "untagged attachment)"),
                             new ValidationError("mac", "missing required field")),
                     errorsOf("{\"ip\": \"10.1.1\", \"connectPoint\": \"of:0000000000000001/1\", \"vlan\": 4095,"
                                      + " \"colour\": \"red\"}", LearnedMac.class));
    }

    @Test
    void theIntentRequestNeedsTenantServiceAndVip() {
        assertEquals(new AccessRequest("acme", new Access("backup", Ip4Address.valueOf("10.250.0.10"))),
                     context.decode(JsonDocument.parseObject(
                             "{\"tenant\": \"acme\", \"service\": \"backup\", \"vip\": \"10.250.0.10\"}"),
                                    AccessRequest.class));
        assertEquals(List.of(new ValidationError("port", "unknown field (allowed: tenant, service, vip)"),
                             new ValidationError("service", "expected a string, got number 7"),
                             new ValidationError("vip", "missing required field")),
                     errorsOf("{\"tenant\": \"acme\", \"service\": 7, \"port\": 1}", AccessRequest.class));
    }

    @Test
    void everyCodecIsHeldByTheLocalCodecService() {
        TenantNatCodecService codecs = new TenantNatCodecService();

        assertEquals(java.util.Set.copyOf(TenantNatCodecs.TYPES), codecs.getCodecs());
        TenantNatCodecs.unregister(codecs);
        assertEquals(java.util.Set.of(), codecs.getCodecs());
    }

    @Test
    void aTenantRecordIsTheTenantAsTheDocumentWritesIt() {
        ObjectNode document = Documents.tree(Documents.THREE_TENANTS);

        assertEquals(document.path("tenants").get(1),
                     context.encode(state.tenant("globex").orElseThrow(), Tenant.class));
    }

    @Test
    void bindingsAndPortBlocksSurviveTheirRecords() {
        Binding dynamic = new Binding("acme", Ip4Address.valueOf("10.20.30.40"), Ip4Address.valueOf("100.64.3.7"),
                                      null, Instant.parse("2026-11-24T14:02:00Z"), null);
        Binding ended = new Binding("globex", Ip4Address.valueOf("10.1.1.10"), Ip4Address.valueOf("100.64.3.9"),
                                    new PortRange(40960, 41471), Instant.parse("2026-11-24T14:02:00.250Z"),
                                    Instant.parse("2026-11-24T14:07:00Z"));

        assertEquals("{\"tenant\":\"globex\",\"original\":\"10.1.1.10\",\"translated\":\"100.64.3.9\","
                             + "\"ports\":\"40960-41471\",\"from\":\"2026-11-24T14:02:00.250Z\","
                             + "\"to\":\"2026-11-24T14:07:00Z\"}", context.encode(ended, Binding.class).toString());
        assertEquals(dynamic, reread(dynamic, Binding.class));
        assertEquals(ended, reread(ended, Binding.class));
    }

    @Test
    void aBindingThatEndsBeforeItBeganIsRefusedNamingTheField() {
        assertEquals(List.of(new ValidationError("to", "2026-11-24T14:00:00Z is before the binding began "
                + "(2026-11-24T14:02:00Z)")),
                     errorsOf("{\"tenant\": \"acme\", \"original\": \"10.1.1.10\", \"translated\": \"100.64.3.7\","
                                      + " \"from\": \"2026-11-24T14:02:00Z\", \"to\": \"2026-11-24T14:00:00Z\"}",
                              Binding.class));
        assertEquals(List.of(new ValidationError("ports", "'40960-40000' is not a port range FIRST-LAST of ports "
                + "0..65535, e.g. 40960-41471")),
                     errorsOf("{\"tenant\": \"acme\", \"original\": \"10.1.1.10\", \"translated\": \"100.64.3.7\","
                                      + " \"ports\": \"40960-40000\"}", Binding.class));
    }

    @Test
    void auditRecordsWriteHostsAsAddressesAndBlocksAsPrefixes() {
        BindingRecord host = BindingRecord.of(new Binding("acme", Ip4Address.valueOf("10.20.30.40"),
                                                          Ip4Address.valueOf("100.64.3.7"), null,
                                                          Instant.parse("2026-11-24T14:02:00Z"), null));
        BindingRecord block = BindingRecord.of(new TranslatedBlock("globex", Ip4Prefix.valueOf("172.16.0.0/20"),
                                                                   Ip4Prefix.valueOf("100.64.16.0/20")),
                                               Instant.parse("2026-11-24T14:00:00Z"))
                .endedAt(Instant.parse("2026-11-25T09:00:00Z"));

        assertEquals("{\"tenant\":\"acme\",\"original\":\"10.20.30.40\",\"translated\":\"100.64.3.7\","
                             + "\"from\":\"2026-11-24T14:02:00Z\"}", context.encode(host, BindingRecord.class).toString());
        assertEquals(host, reread(host, BindingRecord.class));
        assertEquals(block, reread(block, BindingRecord.class));
    }

    @Test
    void poolBlocksAndBindingsAreRecordsOfTheirOwn() {
        RecordCodec codec = new RecordCodec();
        Binding b = new Binding("acme", Ip4Address.valueOf("10.1.1.10"), Ip4Address.valueOf("100.64.3.9"),
                                new PortRange(1024, 1535), Instant.parse("2026-11-24T14:02:00Z"), null);
        StateChange change = StateChange.builder(Origin.SYSTEM).putPoolBlock("acme", Ip4Prefix.valueOf("100.64.3.8/30"))
                .putBinding(b).removeBinding("100.64.3.10").build();

        Map<String, Optional<JsonNode>> records = codec.encodeRecords(change);

        assertEquals(List.of("poolblock/acme", "binding/100.64.3.10", "binding/100.64.3.9:1024"),
                     List.copyOf(records.keySet()));
        assertEquals("{\"block\":\"100.64.3.8/30\"}", records.get("poolblock/acme").orElseThrow().toString());
        assertEquals(change, codec.decodeRecords(Origin.SYSTEM, records));
        assertTrue(StateChange.builder(Origin.SYSTEM).putBinding(b).build().onlyBindings());
        assertFalse(change.onlyBindings(), "a pool block is more than a binding");
    }
}
