package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.List;

import static org.tenantnat.codec.FieldReader.Naming.BY_INDEX;
import static org.tenantnat.codec.FieldReader.Naming.BY_NAME;
import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.config.FieldNames.GATEWAY_MAC;
import static org.tenantnat.config.FieldNames.LINKS;
import static org.tenantnat.config.FieldNames.POOL;
import static org.tenantnat.config.FieldNames.SERVICES;
import static org.tenantnat.config.FieldNames.TENANTS;

/**
 * JSON of the whole desired state, the document shared by ONOS network config, {@code /config} and the standalone
 * host's config file: {@code {"pool", "gatewayMac", "services", "tenants", "links"}}, links only when declared.
 * <p>
 * Decoding is strict and reports everything at once: unknown fields, wrong JSON types, missing required fields
 * and malformed addresses, prefixes, MACs, connect points and VLANs of every service and tenant become field-level
 * errors, and the document is rejected with one {@link org.tenantnat.config.InvalidConfigException} listing them.
 * Services and tenants are named by name where that is unambiguous, e.g. {@code tenants[acme].prefixes[1]}.
 * Decoding checks form only; {@link org.tenantnat.config.ConfigValidator} checks meaning. Encoding leaves unset
 * optional fields out, so {@code encode(decode(x))} reproduces a document that spells out its pool, gateway MAC,
 * translation and access.
 */
public final class DesiredStateCodec extends FieldCodec<DesiredState> {

    private static final KnownFields FIELDS = KnownFields.of(POOL, GATEWAY_MAC, SERVICES, TENANTS, LINKS);

    @Override
    public ObjectNode encode(DesiredState state, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode();
        ArrayNode pool = json.putArray(POOL);
        state.pool().forEach(p -> pool.add(p.toString()));
        json.put(GATEWAY_MAC, state.gatewayMac().toString());
        json.set(SERVICES, context.codec(Service.class).encode(state.services(), context));
        json.set(TENANTS, context.codec(Tenant.class).encode(state.tenants(), context));
        if (!state.links().isEmpty()) {
            json.set(LINKS, context.codec(FabricLink.class).encode(state.links(), context));
        }
        return json;
    }

    @Override
    DesiredState decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        List<Ip4Prefix> pool = r.parsedList(POOL, OPTIONAL, TextForm.PREFIX);
        MacAddress gatewayMac = r.parsed(GATEWAY_MAC, OPTIONAL, TextForm.MAC);
        List<Service> services = r.objects(SERVICES, OPTIONAL, Service.class, BY_NAME, context);
        List<Tenant> tenants = r.objects(TENANTS, OPTIONAL, Tenant.class, BY_NAME, context);
        List<FabricLink> links = r.objects(LINKS, OPTIONAL, FabricLink.class, BY_INDEX, context);
        r.throwIfAny();
        return new DesiredState(pool == null ? ImmutableList.of(DesiredState.DEFAULT_POOL) : pool,
                                gatewayMac == null ? DesiredState.EMPTY.gatewayMac() : gatewayMac,
                                services == null ? ImmutableList.of() : services,
                                tenants == null ? ImmutableList.of() : tenants,
                                links == null ? ImmutableList.of() : links);
    }
}
