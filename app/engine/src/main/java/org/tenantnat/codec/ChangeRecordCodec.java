package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;

import java.time.Instant;
import java.util.List;

import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;

/**
 * JSON of a change in the history of changes: {@code {"revision", "time", "user", "source", "summary"}}, the time
 * in ISO-8601 UTC, the source the front end ({@code rest}, {@code cli}, {@code netcfg}, {@code config-file}), the
 * summary one string per item. What {@code GET /changes} lists and what the hosts keep.
 */
public final class ChangeRecordCodec extends FieldCodec<ChangeRecord> {

    static final String REVISION = "revision";
    static final String TIME = "time";
    static final String USER = "user";
    static final String SOURCE = "source";
    static final String SUMMARY = "summary";

    private static final KnownFields FIELDS = KnownFields.of(REVISION, TIME, USER, SOURCE, SUMMARY);

    @Override
    public ObjectNode encode(ChangeRecord record, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(REVISION, record.revision())
                .put(TIME, record.time().toString())
                .put(USER, record.origin().user())
                .put(SOURCE, record.origin().channel().text());
        ArrayNode summary = json.putArray(SUMMARY);
        record.summary().forEach(summary::add);
        return json;
    }

    @Override
    ChangeRecord decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        Long revision = r.longInteger(REVISION, REQUIRED);
        Instant time = r.parsed(TIME, REQUIRED, TextForm.INSTANT);
        String user = r.text(USER, REQUIRED);
        Origin.Channel source = r.parsed(SOURCE, REQUIRED, TextForm.CHANNEL);
        List<String> summary = r.parsedList(SUMMARY, REQUIRED, TextForm.TEXT);
        if (revision != null && revision < 1) {
            r.error(REVISION, "must be at least 1, got %d", revision);
        }
        r.throwIfAny();
        return new ChangeRecord(revision, time, new Origin(source, user), summary);
    }
}
