package org.tenantnat.codec;

import org.junit.jupiter.api.Test;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A change of the history is written as GET /changes lists it and read back identical from what the hosts keep;
 * a damaged record is refused naming each field.
 */
class ChangeRecordCodecTest {

    private final LocalCodecContext context = LocalCodecContext.withTenantNatCodecs();

    @Test
    void aRecordIsWrittenWithItsSourceAndReadBackIdentical() {
        ChangeRecord record = new ChangeRecord(42, Instant.parse("2026-11-25T10:15:30.123Z"),
                                               new Origin(Origin.Channel.CONFIG_FILE, "/etc/tenantnat/state.json"),
                                               List.of("tenant acme added", "access globex/backup revoked"));

        String json = context.encode(record, ChangeRecord.class).toString();

        assertEquals("{\"revision\":42,\"time\":\"2026-11-25T10:15:30.123Z\",\"user\":\"/etc/tenantnat/state.json\","
                             + "\"source\":\"config-file\",\"summary\":[\"tenant acme added\","
                             + "\"access globex/backup revoked\"]}", json);
        assertEquals(record, context.decode(JsonDocument.parseObject(json), ChangeRecord.class));
    }

    @Test
    void everySourceReadsBack() {
        for (Origin.Channel channel : Origin.Channel.values()) {
            ChangeRecord record = new ChangeRecord(1, Instant.EPOCH, new Origin(channel, "u"), List.of("x"));
            assertEquals(record, context.decode(context.encode(record, ChangeRecord.class), ChangeRecord.class));
        }
    }

    @Test
    void aRevisionMustBeAnIntegerThatFitsALong() {
        String fraction = "{\"revision\": 1.5, \"time\": \"2026-11-25T10:15:30Z\", \"user\": \"u\", "
                + "\"source\": \"rest\", \"summary\": []}";
        String huge = fraction.replace("1.5", "9223372036854775808");

        List<ValidationError> notInteger = assertThrows(InvalidConfigException.class,
                () -> context.decode(JsonDocument.parseObject(fraction), ChangeRecord.class)).errors();
        List<ValidationError> tooLarge = assertThrows(InvalidConfigException.class,
                () -> context.decode(JsonDocument.parseObject(huge), ChangeRecord.class)).errors();

        assertEquals(List.of(new ValidationError("revision", "expected an integer, got number 1.5")), notInteger);
        assertEquals(List.of(new ValidationError("revision", "9223372036854775808 is too large")), tooLarge);
    }

    @Test
    void aDamagedRecordIsRefusedNamingEachField() {
        String damaged = "{\"revision\": 0, \"time\": \"yesterday\", \"source\": \"telnet\", \"summary\": [3],"
                + " \"colour\": \"red\"}";

        List<ValidationError> errors = assertThrows(InvalidConfigException.class,
                () -> context.decode(JsonDocument.parseObject(damaged), ChangeRecord.class)).errors();

        assertEquals(List.of("colour", "time", "user", "source", "summary[0]", "revision"),
                     errors.stream().map(ValidationError::field).collect(java.util.stream.Collectors.toList()));
        assertEquals("expected one of rest, cli, netcfg, config-file, system, got 'telnet'", errors.get(3).message());
    }
}
