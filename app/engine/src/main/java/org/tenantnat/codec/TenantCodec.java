package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.codec.CodecContext;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.config.Values;

import java.util.List;
import java.util.Map;

import static org.tenantnat.codec.FieldReader.Naming.BY_INDEX;
import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.ACCESS;
import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.ID;
import static org.tenantnat.config.FieldNames.NAME;
import static org.tenantnat.config.FieldNames.PREFIXES;
import static org.tenantnat.config.FieldNames.ROUTER_IP;
import static org.tenantnat.config.FieldNames.ROUTER_MAC;
import static org.tenantnat.config.FieldNames.TRANSLATED_PREFIXES;
import static org.tenantnat.config.FieldNames.TRANSLATION;
import static org.tenantnat.config.FieldNames.VLAN;

/**
 * JSON of a tenant: {@code {"name", "id", "connectPoint", "vlan", "routerIp", "routerMac", "gatewayIp",
 * "prefixes", "translation", "access", "translatedPrefixes"}}; {@code vlan}, {@code routerMac} and
 * {@code translatedPrefixes} only when set. The body of {@code POST /tenants}, an item of the document's
 * {@code tenants} and a record of the stores. Decoded alone, its errors name fields relative to the tenant,
 * e.g. {@code prefixes[1]}.
 */
public final class TenantCodec extends FieldCodec<Tenant> {

    private static final KnownFields FIELDS = KnownFields.of(NAME, ID, CONNECT_POINT, VLAN, ROUTER_IP, ROUTER_MAC,
            GATEWAY_IP, PREFIXES, TRANSLATION, ACCESS, TRANSLATED_PREFIXES);

    @Override
    public ObjectNode encode(Tenant tenant, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
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
        json.set(TRANSLATION, context.codec(TranslationPolicy.class).encode(tenant.translation(), context));
        json.set(ACCESS, context.codec(Access.class).encode(tenant.access(), context));
        if (!tenant.translatedPrefixes().isEmpty()) {
            ObjectNode pins = json.putObject(TRANSLATED_PREFIXES);
            tenant.translatedPrefixes().forEach((original, pinned) -> pins.put(original.toString(), pinned.toString()));
        }
        return json;
    }

    @Override
    Tenant decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String name = r.text(NAME, REQUIRED);
        Integer id = r.integer(ID, REQUIRED);
        ConnectPoint connectPoint = r.parsed(CONNECT_POINT, REQUIRED, TextForm.CONNECT_POINT);
        VlanId vlan = r.vlan(VLAN);
        Ip4Address routerIp = r.parsed(ROUTER_IP, REQUIRED, TextForm.ADDRESS);
        MacAddress routerMac = r.parsed(ROUTER_MAC, OPTIONAL, TextForm.MAC);
        Ip4Address gatewayIp = r.parsed(GATEWAY_IP, REQUIRED, TextForm.ADDRESS);
        List<Ip4Prefix> prefixes = r.parsedList(PREFIXES, REQUIRED, TextForm.PREFIX);
        TranslationPolicy translation = r.object(TRANSLATION, OPTIONAL, TranslationPolicy.class, context);
        List<Access> access = r.objects(ACCESS, OPTIONAL, Access.class, BY_INDEX, context);
        Map<Ip4Prefix, Ip4Prefix> pins = r.parsedMap(TRANSLATED_PREFIXES, OPTIONAL, TextForm.PREFIX);
        r.throwIfAny();
        return Tenant.builder().name(name).id(id)
                .attachment(new Attachment(connectPoint, vlan))
                .routerIp(routerIp).routerMac(routerMac).gatewayIp(gatewayIp)
                .prefixes(prefixes)
                .translation(translation == null ? TranslationPolicy.STATIC : translation)
                .access(access == null ? ImmutableList.of() : access)
                .translatedPrefixes(pins == null ? ImmutableMap.of() : pins)
                .build();
    }
}
