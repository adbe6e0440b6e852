package org.tenantnat.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onosproject.codec.CodecContext;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.codec.LocalCodecContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of records: one JSON value per record under a key that names it ({@code settings},
 * {@code service/NAME}, {@code tenant/NAME}, {@code blocks/TENANT}, {@code poolblock/TENANT},
 * {@code binding/ADDRESS} or {@code binding/ADDRESS:FIRSTPORT}, {@code neighbour/IP@PORT@VLAN},
 * {@code link/END-END}). Tenants and
 * services are stored in the documented desired-state shape, so what is persisted reads like what an operator
 * writes, and a later version of the app reads what an earlier one wrote. Both hosts' stores use it.
 */
public final class RecordCodec {

    /** Key of the provider settings record. */
    public static final String SETTINGS = "settings";
    private static final String SERVICE = "service/";
    private static final String TENANT = "tenant/";
    private static final String BLOCKS = "blocks/";
    private static final String NEIGHBOUR = "neighbour/";
    private static final String LINK = "link/";
    private static final String POOL_BLOCK = "poolblock/";
    private static final String BINDING = "binding/";
    private static final String BLOCK = "block";
    private static final String UNTAGGED = "untagged";
    private static final String ORIGIN = "origin";
    private static final String CHANNEL = "channel";
    private static final String USER = "user";
    private static final String RECORDS = "records";
    private static final String ORIGINAL = "original";
    private static final String TRANSLATED = "translated";
    private static final String POOL = "pool";
    private static final String GATEWAY_MAC = "gatewayMac";

    private final CodecContext codecs = LocalCodecContext.withTenantNatCodecs();
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    /**
     * Encodes a change as one object: its origin and its records, removed ones as {@code null}.
     *
     * @param change change
     * @return {@code {"origin": {...}, "records": {key: value or null}}}
     */
    public ObjectNode encode(StateChange change) {
        ObjectNode root = json.objectNode();
        root.set(ORIGIN, json.objectNode().put(CHANNEL, change.origin().channel().name())
                .put(USER, change.origin().user()));
        ObjectNode records = root.putObject(RECORDS);
        encodeRecords(change).forEach((key, value) -> records.set(key, value.orElse(NullNode.getInstance())));
        return root;
    }

    /**
     * Decodes a change written by {@link #encode}.
     *
     * @param root the object
     * @return change
     * @throws IllegalArgumentException when it is not a change
     */
    public StateChange decode(JsonNode root) {
        JsonNode origin = root.path(ORIGIN);
        JsonNode records = root.path(RECORDS);
        if (!origin.isObject() || !records.isObject()) {
            throw new IllegalArgumentException("not a stored change: it lacks origin or records");
        }
        Map<String, Optional<JsonNode>> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = records.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            values.put(e.getKey(), e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue()));
        }
        return decodeRecords(new Origin(Origin.Channel.valueOf(origin.path(CHANNEL).asText()),
                                        origin.path(USER).asText()), values);
    }

    /**
     * Returns each record of a change under its key.
     *
     * @param change change
     * @return key to value, empty for a removed record
     */
    public Map<String, Optional<JsonNode>> encodeRecords(StateChange change) {
        Map<String, Optional<JsonNode>> records = new LinkedHashMap<>();
        change.settings().ifPresent(s -> records.put(SETTINGS, Optional.of(settings(s))));
        change.services().forEach((name, s) -> records.put(SERVICE + name, s.map(x -> encode(x, Service.class))));
        change.tenants().forEach((name, t) -> records.put(TENANT + name, t.map(x -> encode(x, Tenant.class))));
        change.blocks().forEach((name, b) -> records.put(BLOCKS + name, b.map(this::blocks)));
        change.neighbours().forEach((n, mac) -> records.put(key(n), mac.map(
                m -> encode(new LearnedMac(n, m), LearnedMac.class))));
        change.links().forEach((key, l) -> records.put(LINK + key, l.map(x -> encode(x, FabricLink.class))));
        change.poolBlocks().forEach((name, b) -> records.put(POOL_BLOCK + name, b.map(
                p -> json.objectNode().put(BLOCK, p.toString()))));
        change.bindings().forEach((slot, b) -> records.put(BINDING + slot, b.map(x -> encode(x, Binding.class))));
        return records;
    }

    /**
     * Builds a change from records under their keys.
     *
     * @param origin  who made it
     * @param records key to value, empty for a removed record
     * @return change
     * @throws IllegalArgumentException when a key or value is not a record's
     */
    public StateChange decodeRecords(Origin origin, Map<String, Optional<JsonNode>> records) {
        StateChange.Builder change = StateChange.builder(origin);
        records.forEach((key, value) -> {
            try {
                record(change, key, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("record " + key + " is unreadable: " + e.getMessage(), e);
            }
        });
        return change.build();
    }

    /**
     * Returns the key of a neighbour's record.
     *
     * @param n neighbour
     * @return key
     */
    public static String key(Neighbour n) {
        return NEIGHBOUR + n.ip() + "@" + n.port() + "@" + (n.attachment().isTagged() ? n.vlan().toShort() : UNTAGGED);
    }

    private void record(StateChange.Builder change, String key, Optional<JsonNode> value) {
        if (key.equals(SETTINGS)) {
            change.settings(settings(value.orElseThrow(() -> new IllegalArgumentException("settings removed"))));
        } else if (key.startsWith(SERVICE)) {
            String name = key.substring(SERVICE.length());
            value.map(v -> decode(v, Service.class)).ifPresentOrElse(change::putService,
                                                                     () -> change.removeService(name));
        } else if (key.startsWith(TENANT)) {
            String name = key.substring(TENANT.length());
            value.map(v -> decode(v, Tenant.class)).ifPresentOrElse(change::putTenant,
                                                                    () -> change.removeTenant(name));
        } else if (key.startsWith(BLOCKS)) {
            String name = key.substring(BLOCKS.length());
            value.map(v -> blocks(name, v)).ifPresentOrElse(b -> change.putBlocks(name, b),
                                                            () -> change.removeBlocks(name));
        } else if (key.startsWith(LINK)) {
            String name = key.substring(LINK.length());
            value.map(v -> decode(v, FabricLink.class)).ifPresentOrElse(change::putLink,
                                                                        () -> change.removeLink(name));
        } else if (key.startsWith(POOL_BLOCK)) {
            String name = key.substring(POOL_BLOCK.length());
            value.map(v -> Ip4Prefix.valueOf(v.path(BLOCK).asText())).ifPresentOrElse(
                    b -> change.putPoolBlock(name, b), () -> change.removePoolBlock(name));
        } else if (key.startsWith(BINDING)) {
            String slot = key.substring(BINDING.length());
            value.map(v -> decode(v, Binding.class)).ifPresentOrElse(b -> {
                if (!b.slot().equals(slot)) {
                    throw new IllegalArgumentException("binding of slot " + b.slot() + " stored under " + slot);
                }
                change.putBinding(b);
            }, () -> change.removeBinding(slot));
        } else if (key.startsWith(NEIGHBOUR)) {
            if (value.isPresent()) {
                LearnedMac learned = decode(value.get(), LearnedMac.class);
                change.neighbour(learned.neighbour(), Optional.of(learned.mac()));
            } else {
                change.neighbour(neighbourOfKey(key), Optional.empty());
            }
        } else {
            throw new IllegalArgumentException("unknown kind of record");
        }
    }

    private ObjectNode settings(ProviderSettings s) {
        ObjectNode node = json.objectNode();
        ArrayNode pool = node.putArray(POOL);
        s.pool().forEach(p -> pool.add(p.toString()));
        return node.put(GATEWAY_MAC, s.gatewayMac().toString());
    }

    private static ProviderSettings settings(JsonNode node) {
        List<Ip4Prefix> pool = new ArrayList<>();
        node.path(POOL).forEach(p -> pool.add(Ip4Prefix.valueOf(p.asText())));
        return new ProviderSettings(pool, MacAddress.valueOf(node.path(GATEWAY_MAC).asText()));
    }

    private ArrayNode blocks(List<TranslatedBlock> blocks) {
        ArrayNode list = json.arrayNode();
        blocks.forEach(b -> list.addObject().put(ORIGINAL, b.original().toString())
                .put(TRANSLATED, b.translated().toString()));
        return list;
    }

    private static List<TranslatedBlock> blocks(String tenant, JsonNode list) {
        List<TranslatedBlock> blocks = new ArrayList<>();
        list.forEach(b -> blocks.add(new TranslatedBlock(tenant, Ip4Prefix.valueOf(b.path(ORIGINAL).asText()),
                                                         Ip4Prefix.valueOf(b.path(TRANSLATED).asText()))));
        return blocks;
    }

    private <T> JsonNode encode(T item, Class<T> type) {
        return codecs.codec(type).encode(item, codecs);
    }

    private <T> T decode(JsonNode value, Class<T> type) {
        if (!value.isObject()) {
            throw new IllegalArgumentException("expected an object");
        }
        return codecs.codec(type).decode((ObjectNode) value, codecs);
    }

    private static Neighbour neighbourOfKey(String key) {
        String rest = key.substring(NEIGHBOUR.length());
        int first = rest.indexOf('@');
        int last = rest.lastIndexOf('@');
        String vlan = rest.substring(last + 1);
        return new Neighbour(Ip4Address.valueOf(rest.substring(0, first)),
                             new Attachment(ConnectPoint.deviceConnectPoint(rest.substring(first + 1, last)),
                                            UNTAGGED.equals(vlan) ? VlanId.NONE : VlanId.vlanId(Short.parseShort(vlan))));
    }
}
