package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.api.model.BindingRecord;

import java.time.Instant;

import static org.tenantnat.codec.AccessRequestCodec.TENANT;
import static org.tenantnat.codec.BindingCodec.FROM;
import static org.tenantnat.codec.BindingCodec.PORTS;
import static org.tenantnat.codec.BindingCodec.TO;
import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.codec.TranslatedBlockCodec.ORIGINAL;
import static org.tenantnat.codec.TranslatedBlockCodec.TRANSLATED;

/**
 * JSON of an audit trail record: {@code {"tenant", "original", "translated", "ports", "from", "to"}}. One host
 * and one pool address are written as addresses, static blocks as prefixes; {@code ports} and {@code to} only when
 * there are any. A line of the standalone host's {@code bindings.jsonl} and an item of {@code GET /bindings/history}.
 */
public final class BindingRecordCodec extends FieldCodec<BindingRecord> {

    private static final KnownFields FIELDS = KnownFields.of(TENANT, ORIGINAL, TRANSLATED, PORTS, FROM, TO);

    @Override
    public ObjectNode encode(BindingRecord record, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(TENANT, record.tenant())
                .put(ORIGINAL, text(record.original()))
                .put(TRANSLATED, text(record.translated()));
        record.ports().ifPresent(p -> json.put(PORTS, p.toString()));
        json.put(FROM, record.from().toString());
        record.to().ifPresent(t -> json.put(TO, t.toString()));
        return json;
    }

    @Override
    BindingRecord decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String tenant = r.text(TENANT, REQUIRED);
        Ip4Prefix original = r.parsed(ORIGINAL, REQUIRED, TextForm.ADDRESS_OR_PREFIX);
        Ip4Prefix translated = r.parsed(TRANSLATED, REQUIRED, TextForm.ADDRESS_OR_PREFIX);
        PortRange ports = r.parsed(PORTS, OPTIONAL, TextForm.PORTS);
        Instant from = r.parsed(FROM, REQUIRED, TextForm.INSTANT);
        Instant to = r.parsed(TO, OPTIONAL, TextForm.INSTANT);
        if (original != null && translated != null && original.prefixLength() != translated.prefixLength()) {
            r.error(TRANSLATED, "%s must be a /%d like the original %s", translated, original.prefixLength(),
                    original);
        }
        if (from != null && to != null && to.isBefore(from)) {
            r.error(TO, "%s is before the record began (%s)", to, from);
        }
        r.throwIfAny();
        return new BindingRecord(tenant, original, translated, ports, from, to);
    }

    private static String text(Ip4Prefix prefix) {
        return prefix.prefixLength() == Ip4Prefix.MAX_MASK_LENGTH ? prefix.address().toString() : prefix.toString();
    }
}
