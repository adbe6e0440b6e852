package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.PortRange;

import java.time.Instant;

import static org.tenantnat.codec.AccessRequestCodec.TENANT;
import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.codec.TranslatedBlockCodec.ORIGINAL;
import static org.tenantnat.codec.TranslatedBlockCodec.TRANSLATED;

/**
 * JSON of a binding, the answer to a lookup and a record of the stores: {@code {"tenant", "original",
 * "translated"}}, addresses, and when known {@code "ports": "FIRST-LAST"} (a pat port block), {@code "from"} and
 * {@code "to"} (ISO-8601, UTC).
 */
public final class BindingCodec extends FieldCodec<Binding> {

    static final String PORTS = "ports";
    static final String FROM = "from";
    static final String TO = "to";
    private static final KnownFields FIELDS = KnownFields.of(TENANT, ORIGINAL, TRANSLATED, PORTS, FROM, TO);

    @Override
    public ObjectNode encode(Binding binding, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(TENANT, binding.tenant())
                .put(ORIGINAL, binding.original().toString())
                .put(TRANSLATED, binding.translated().toString());
        binding.ports().ifPresent(p -> json.put(PORTS, p.toString()));
        binding.from().ifPresent(t -> json.put(FROM, t.toString()));
        binding.to().ifPresent(t -> json.put(TO, t.toString()));
        return json;
    }

    @Override
    Binding decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String tenant = r.text(TENANT, REQUIRED);
        Ip4Address original = r.parsed(ORIGINAL, REQUIRED, TextForm.ADDRESS);
        Ip4Address translated = r.parsed(TRANSLATED, REQUIRED, TextForm.ADDRESS);
        PortRange ports = r.parsed(PORTS, OPTIONAL, TextForm.PORTS);
        Instant from = r.parsed(FROM, OPTIONAL, TextForm.INSTANT);
        Instant to = r.parsed(TO, OPTIONAL, TextForm.INSTANT);
        if (to != null && (from == null || to.isBefore(from))) {
            r.error(TO, "%s is before the binding began (%s)", to, from);
        }
        r.throwIfAny();
        return new Binding(tenant, original, translated, ports, from, to);
    }
}
