package org.tenantnat.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.tenantnat.config.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.config.FieldReader.Presence.REQUIRED;

/**
 * Reads and writes the desired-state JSON document shared by ONOS network config, the REST API and the
 * standalone host's config file.
 * <p>
 * Decoding is strict and reports everything at once: unknown fields, wrong JSON types, missing required
 * fields and malformed addresses, prefixes, MACs, connect points and VLANs all become field-level errors,
 * and the whole document is rejected with one {@link InvalidConfigException} listing all of them.
 * Field paths name list items by name, e.g. {@code tenants[acme].prefixes[1]}; a single tenant or service
 * decoded alone reports paths relative to itself, e.g. {@code prefixes[1]}.
 * Decoding checks form only; {@link ConfigValidator} checks meaning.
 * <p>
 * Encoding omits optional fields that are unset, so {@code encode(decode(x))} reproduces a document that
 * spells out its pool, gateway MAC, translation and access. Instances are thread-safe.
 */
public final class DesiredStateCodec {

    static final String POOL = "pool";
    static final String GATEWAY_MAC = "gatewayMac";
    static final String SERVICES = "services";
    static final String TENANTS = "tenants";
    static final String NAME = "name";
    static final String IP = "ip";
    static final String CONNECT_POINT = "connectPoint";
    static final String GATEWAY_IP = "gatewayIp";
    static final String MAC = "mac";
    static final String ID = "id";
    static final String VLAN = "vlan";
    static final String ROUTER_IP = "routerIp";
    static final String ROUTER_MAC = "routerMac";
    static final String PREFIXES = "prefixes";
    static final String TRANSLATION = "translation";
    static final String MODE = "mode";
    static final String BLOCK_SIZE = "blockSize";
    static final String MAX_HOSTS = "maxHosts";
    static final String IDLE_TIMEOUT = "idleTimeout";
    static final String ACCESS = "access";
    static final String SERVICE = "service";
    static final String VIP = "vip";
    static final String TRANSLATED_PREFIXES = "translatedPrefixes";

    private static final Set<String> DOCUMENT_FIELDS = ImmutableSet.of(POOL, GATEWAY_MAC, SERVICES, TENANTS);
    private static final Set<String> SERVICE_FIELDS = ImmutableSet.of(NAME, IP, CONNECT_POINT, GATEWAY_IP, MAC);
    private static final Set<String> TENANT_FIELDS = ImmutableSet.of(NAME, ID, CONNECT_POINT, VLAN, ROUTER_IP,
            ROUTER_MAC, GATEWAY_IP, PREFIXES, TRANSLATION, ACCESS, TRANSLATED_PREFIXES);
    private static final Set<String> TRANSLATION_FIELDS = ImmutableSet.of(MODE, BLOCK_SIZE, MAX_HOSTS, IDLE_TIMEOUT);
    private static final Set<String> ACCESS_FIELDS = ImmutableSet.of(SERVICE, VIP);

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Parses JSON text into a tree, without interpreting it.
     *
     * @param json JSON text
     * @return tree
     * @throws InvalidConfigException when the text is empty or not well-formed JSON, naming the location
     */
    public JsonNode readJson(String json) {
        try {
            return nonEmpty(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /**
     * Parses a JSON stream into a tree, without interpreting it.
     *
     * @param json JSON stream, not closed
     * @return tree
     * @throws InvalidConfigException when the stream is empty or not well-formed JSON, naming the location
     */
    public JsonNode readJson(InputStream json) {
        try {
            return nonEmpty(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a whole desired-state document from JSON text.
     *
     * @param json JSON text
     * @return desired state
     * @throws InvalidConfigException listing every error of the document
     */
    public DesiredState decode(String json) {
        return decode(readJson(json));
    }

    /**
     * Decodes a whole desired-state document.
     *
     * @param json the document
     * @return desired state
     * @throws InvalidConfigException listing every error of the document
     */
    public DesiredState decode(JsonNode json) {
        return decodeAlone(json, DesiredStateCodec::readState);
    }

    /**
     * Decodes one tenant, e.g. the body of {@code PUT /tenants/{name}}; error paths are relative to the tenant.
     *
     * @param json the tenant object
     * @return tenant
     * @throws InvalidConfigException listing every error of the tenant
     */
    public Tenant decodeTenant(JsonNode json) {
        return decodeAlone(json, DesiredStateCodec::readTenant);
    }

    /**
     * Decodes one service, e.g. the body of {@code POST /services}; error paths are relative to the service.
     *
     * @param json the service object
     * @return service
     * @throws InvalidConfigException listing every error of the service
     */
    public Service decodeService(JsonNode json) {
        return decodeAlone(json, DesiredStateCodec::readService);
    }

    /**
     * Encodes a whole desired state.
     *
     * @param state desired state
     * @return the document
     */
    public ObjectNode encode(DesiredState state) {
        ObjectNode json = mapper.createObjectNode();
        ArrayNode pool = json.putArray(POOL);
        state.pool().forEach(p -> pool.add(p.toString()));
        json.put(GATEWAY_MAC, state.gatewayMac().toString());
        ArrayNode services = json.putArray(SERVICES);
        state.services().forEach(s -> services.add(encodeService(s)));
        ArrayNode tenants = json.putArray(TENANTS);
        state.tenants().forEach(t -> tenants.add(encodeTenant(t)));
        return json;
    }

    /**
     * Encodes a whole desired state as indented JSON text, e.g. for a config file.
     *
     * @param state desired state
     * @return JSON text
     */
    public String toJson(DesiredState state) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(encode(state));
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises.
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encodes one service.
     *
     * @param service service
     * @return the service object
     */
    public ObjectNode encodeService(Service service) {
        ObjectNode json = mapper.createObjectNode()
                .put(NAME, service.name())
                .put(IP, service.ip().toString())
                .put(CONNECT_POINT, Values.connectPointText(service.connectPoint()))
                .put(GATEWAY_IP, service.gatewayIp().toString());
        service.mac().ifPresent(mac -> json.put(MAC, mac.toString()));
        return json;
    }

    /**
     * Encodes one tenant.
     *
     * @param tenant tenant
     * @return the tenant object
     */
    public ObjectNode encodeTenant(Tenant tenant) {
        ObjectNode json = mapper.createObjectNode()
                .put(NAME, tenant.name())
                .put(ID, tenant.id())
                .put(CONNECT_POINT, Values.connectPointText(tenant.attachment().connectPoint()));
        if (tenant.attachment().isTagged()) {
            json.put(VLAN, (int) tenant.attachment().vlan().toShort());
        }
        json.put(ROUTER_IP, tenant.routerIp().toString());
        tenant.routerMac().ifPresent(mac -> json.put(ROUTER_MAC, mac.toString()));
        json.put(GATEWAY_IP, tenant.gatewayIp().toString());
        ArrayNode prefixes = json.putArray(PREFIXES);
        tenant.prefixes().forEach(p -> prefixes.add(p.toString()));
        json.set(TRANSLATION, encodeTranslation(tenant.translation()));
        ArrayNode access = json.putArray(ACCESS);
        tenant.access().forEach(a -> access.addObject().put(SERVICE, a.service()).put(VIP, a.vip().toString()));
        if (!tenant.translatedPrefixes().isEmpty()) {
            ObjectNode pins = json.putObject(TRANSLATED_PREFIXES);
            tenant.translatedPrefixes().forEach((original, pinned) -> pins.put(original.toString(), pinned.toString()));
        }
        return json;
    }

    private ObjectNode encodeTranslation(TranslationPolicy policy) {
        ObjectNode json = mapper.createObjectNode().put(MODE, Values.modeText(policy.mode()));
        policy.blockSize().ifPresent(v -> json.put(BLOCK_SIZE, v));
        policy.maxHosts().ifPresent(v -> json.put(MAX_HOSTS, v));
        policy.idleTimeout().ifPresent(v -> json.put(IDLE_TIMEOUT, v));
        return json;
    }

    /** Reads one object of the document at a path, recording errors; empty when it has any. */
    private interface ItemReader<T> {
        Optional<T> read(JsonNode json, String path, ErrorCollector errors);
    }

    private static <T> T decodeAlone(JsonNode json, ItemReader<T> reader) {
        ErrorCollector errors = new ErrorCollector();
        Optional<T> item = reader.read(json, "", errors);
        errors.throwIfAny();
        return item.orElseThrow();
    }

    private static Optional<DesiredState> readState(JsonNode json, String path, ErrorCollector errors) {
        Optional<FieldReader> reader = FieldReader.of(json, path, errors);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        FieldReader r = reader.get();
        int before = errors.count();
        r.rejectUnknown(DOCUMENT_FIELDS);
        List<Ip4Prefix> pool = r.parsedList(POOL, OPTIONAL, Values::prefix)
                .orElse(ImmutableList.of(DesiredState.DEFAULT_POOL));
        MacAddress gatewayMac = r.parsed(GATEWAY_MAC, OPTIONAL, Values::mac)
                .orElse(DesiredState.EMPTY.gatewayMac());
        List<Service> services = readItems(r, SERVICES, DesiredStateCodec::readService, errors);
        List<Tenant> tenants = readItems(r, TENANTS, DesiredStateCodec::readTenant, errors);
        if (errors.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DesiredState(pool, gatewayMac, services, tenants));
    }

    private static <T> List<T> readItems(FieldReader r, String field, ItemReader<T> itemReader,
                                         ErrorCollector errors) {
        List<JsonNode> elements = r.array(field, OPTIONAL).orElse(ImmutableList.of());
        List<String> names = new ArrayList<>();
        elements.forEach(e -> names.add(e.path(NAME).isTextual() ? e.path(NAME).textValue() : null));
        List<String> paths = FieldPath.items(r.path(field), names);
        List<T> items = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            itemReader.read(elements.get(i), paths.get(i), errors).ifPresent(items::add);
        }
        return items;
    }

    private static Optional<Service> readService(JsonNode json, String path, ErrorCollector errors) {
        Optional<FieldReader> reader = FieldReader.of(json, path, errors);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        FieldReader r = reader.get();
        int before = errors.count();
        r.rejectUnknown(SERVICE_FIELDS);
        Optional<String> name = r.text(NAME, REQUIRED);
        Optional<Ip4Address> ip = r.parsed(IP, REQUIRED, Values::address);
        Optional<ConnectPoint> connectPoint = r.parsed(CONNECT_POINT, REQUIRED, Values::connectPoint);
        Optional<Ip4Address> gatewayIp = r.parsed(GATEWAY_IP, REQUIRED, Values::address);
        Optional<MacAddress> mac = r.parsed(MAC, OPTIONAL, Values::mac);
        if (errors.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new Service(name.get(), ip.get(), connectPoint.get(), gatewayIp.get(), mac.orElse(null)));
    }

    private static Optional<Tenant> readTenant(JsonNode json, String path, ErrorCollector errors) {
        Optional<FieldReader> reader = FieldReader.of(json, path, errors);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        FieldReader r = reader.get();
        int before = errors.count();
        r.rejectUnknown(TENANT_FIELDS);
        Optional<String> name = r.text(NAME, REQUIRED);
        Optional<Integer> id = r.integer(ID, REQUIRED);
        Optional<ConnectPoint> connectPoint = r.parsed(CONNECT_POINT, REQUIRED, Values::connectPoint);
        VlanId vlan = r.integer(VLAN, OPTIONAL).flatMap(v -> vlan(v, r.path(VLAN), errors)).orElse(VlanId.NONE);
        Optional<Ip4Address> routerIp = r.parsed(ROUTER_IP, REQUIRED, Values::address);
        Optional<MacAddress> routerMac = r.parsed(ROUTER_MAC, OPTIONAL, Values::mac);
        Optional<Ip4Address> gatewayIp = r.parsed(GATEWAY_IP, REQUIRED, Values::address);
        Optional<List<Ip4Prefix>> prefixes = r.parsedList(PREFIXES, REQUIRED, Values::prefix);
        TranslationPolicy translation = r.node(TRANSLATION, OPTIONAL)
                .flatMap(n -> readTranslation(n, r.path(TRANSLATION), errors))
                .orElse(TranslationPolicy.STATIC);
        List<Access> access = readAccessList(r, errors);
        Map<Ip4Prefix, Ip4Prefix> pins = r.parsedMap(TRANSLATED_PREFIXES, OPTIONAL, Values::prefix)
                .orElse(ImmutableMap.of());
        if (errors.count() > before) {
            return Optional.empty();
        }
        return Optional.of(Tenant.builder().name(name.get()).id(id.get())
                .attachment(new Attachment(connectPoint.get(), vlan))
                .routerIp(routerIp.get()).routerMac(routerMac.orElse(null)).gatewayIp(gatewayIp.get())
                .prefixes(prefixes.get()).translation(translation).access(access).translatedPrefixes(pins)
                .build());
    }

    private static Optional<VlanId> vlan(int vlan, String path, ErrorCollector errors) {
        if (vlan < ConfigValidator.MIN_VLAN || vlan > ConfigValidator.MAX_VLAN) {
            errors.add(path, "%d is out of range %d..%d (leave vlan out for an untagged attachment)",
                       vlan, ConfigValidator.MIN_VLAN, ConfigValidator.MAX_VLAN);
            return Optional.empty();
        }
        return Optional.of(VlanId.vlanId((short) vlan));
    }

    private static Optional<TranslationPolicy> readTranslation(JsonNode json, String path, ErrorCollector errors) {
        Optional<FieldReader> reader = FieldReader.of(json, path, errors);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        FieldReader r = reader.get();
        int before = errors.count();
        r.rejectUnknown(TRANSLATION_FIELDS);
        Optional<TranslationPolicy.Mode> mode = r.parsed(MODE, REQUIRED, Values::mode);
        Optional<Integer> blockSize = r.integer(BLOCK_SIZE, OPTIONAL);
        Optional<Integer> maxHosts = r.integer(MAX_HOSTS, OPTIONAL);
        Optional<Integer> idleTimeout = r.integer(IDLE_TIMEOUT, OPTIONAL);
        if (errors.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new TranslationPolicy(mode.get(), blockSize.orElse(null), maxHosts.orElse(null),
                                                 idleTimeout.orElse(null)));
    }

    private static List<Access> readAccessList(FieldReader tenant, ErrorCollector errors) {
        List<JsonNode> elements = tenant.array(ACCESS, OPTIONAL).orElse(ImmutableList.of());
        List<Access> access = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            readAccess(elements.get(i), FieldPath.element(tenant.path(ACCESS), i), errors).ifPresent(access::add);
        }
        return access;
    }

    private static Optional<Access> readAccess(JsonNode json, String path, ErrorCollector errors) {
        Optional<FieldReader> reader = FieldReader.of(json, path, errors);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        FieldReader r = reader.get();
        int before = errors.count();
        r.rejectUnknown(ACCESS_FIELDS);
        Optional<String> service = r.text(SERVICE, REQUIRED);
        Optional<Ip4Address> vip = r.parsed(VIP, REQUIRED, Values::address);
        if (errors.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new Access(service.get(), vip.get()));
    }

    private static JsonNode nonEmpty(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            throw new InvalidConfigException(FieldPath.DOCUMENT, "the document is empty");
        }
        return json;
    }

    private static InvalidConfigException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : String.format(" at line %d, column %d", at.getLineNr(), at.getColumnNr());
        return new InvalidConfigException(FieldPath.DOCUMENT, "malformed JSON" + where + ": " + e.getOriginalMessage());
    }
}
