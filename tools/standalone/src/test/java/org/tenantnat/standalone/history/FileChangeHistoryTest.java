package org.tenantnat.standalone.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;
import org.tenantnat.history.Retention;
import org.tenantnat.store.StateStoreException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history log of the state directory: what is confirmed is listed and read back after a restart, what is
 * retracted or torn or ahead of the state is gone, and retention drops the oldest records from the list and from
 * the file.
 */
class FileChangeHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final List<FileChangeHistory> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(FileChangeHistory::close);
    }

    private FileChangeHistory open(Retention retention, Instant now) {
        FileChangeHistory history = FileChangeHistory.open(dir, retention, Clock.fixed(now, ZoneOffset.UTC));
        opened.add(history);
        return history;
    }

    private FileChangeHistory open() {
        return open(Retention.DEFAULT, T0);
    }

    private static ChangeRecord record(long revision, Instant time) {
        return new ChangeRecord(revision, time, Origin.rest("alice"), List.of("tenant t" + revision + " added"));
    }

    private static void add(FileChangeHistory history, ChangeRecord record) {
        history.prepare(record);
        history.confirm(record);
    }

    private static List<Long> revisions(FileChangeHistory history) {
        return history.changes(0, Long.MAX_VALUE, 1000).stream().map(ChangeRecord::revision)
                .collect(Collectors.toList());
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(dir.resolve(FileChangeHistory.FILE), StandardCharsets.UTF_8);
    }

    @Test
    void confirmedRecordsAreListedAndReadBackIdenticalAfterARestart() {
        FileChangeHistory history = open();
        add(history, record(1, T0));
        add(history, new ChangeRecord(3, T0.plusMillis(1500), new Origin(Origin.Channel.CLI, "karaf"),
                                      List.of("access acme/backup revoked", "service archive removed")));
        List<ChangeRecord> before = history.changes(0, Long.MAX_VALUE, 10);
        history.close();

        assertEquals(before, open().changes(0, Long.MAX_VALUE, 10));
        assertEquals(List.of(3L, 1L), revisions(open()));
    }

    @Test
    void aPreparedRecordIsListedOnlyOnceConfirmedAndARetractedOneLeavesNothing() throws IOException {
        FileChangeHistory history = open();
        add(history, record(1, T0));
        history.prepare(record(2, T0));

        assertEquals(List.of(1L), revisions(history), "not committed yet");
        assertEquals(2, lines().size(), "but already on disk");

        history.retract();
        assertEquals(1, lines().size());
        add(history, record(2, T0));
        assertEquals(List.of(2L, 1L), revisions(history));
    }

    @Test
    void aRecordAheadOfTheStateIsDroppedByRecovery() throws IOException {
        FileChangeHistory history = open();
        add(history, record(1, T0));
        history.prepare(record(2, T0));
        // Killed here: the change of revision 2 was never committed.
        history.close();

        FileChangeHistory again = open();
        again.recover(1);

        assertEquals(List.of(1L), revisions(again));
        assertEquals(1, lines().size());
    }

    @Test
    void aTornLastLineIsDropped() throws IOException {
        add(open(), record(1, T0));
        Files.writeString(dir.resolve(FileChangeHistory.FILE), "{\"revision\":2,\"ti", StandardOpenOption.APPEND);

        FileChangeHistory again = open();

        assertEquals(List.of(1L), revisions(again));
        add(again, record(2, T0));
        assertEquals(2, lines().size(), "the next record starts on a line of its own");
        assertEquals(List.of(2L, 1L), revisions(open()));
    }

    @Test
    void aDamagedLineRefusesToOpenNamingIt() throws IOException {
        add(open(), record(1, T0));
        Files.writeString(dir.resolve(FileChangeHistory.FILE), "{\"revision\": \"two\"}\n", StandardOpenOption.APPEND);

        StateStoreException e = assertThrows(StateStoreException.class, this::open);

        assertTrue(e.getMessage().contains("history.log line 2 is damaged"), e::getMessage);
        assertTrue(e.getMessage().contains("revision"), e::getMessage);
        assertTrue(e.getMessage().endsWith("move the file aside to start without the history"), e::getMessage);
    }

    @Test
    void aCountRetentionDropsTheOldestFromTheListAndFromTheFile() throws IOException {
        FileChangeHistory history = open(Retention.parse("3"), T0);
        for (long r = 1; r <= 5; r++) {
            add(history, record(r, T0));
        }
        assertEquals(List.of(5L, 4L, 3L), revisions(history));
        history.close();

        assertEquals(List.of(5L, 4L, 3L), revisions(open(Retention.parse("3"), T0)));
        assertEquals(3, lines().size(), "the file was rewritten at the restart");
    }

    @Test
    void manyDroppedRecordsRewriteTheFileWithoutARestart() throws IOException {
        FileChangeHistory history = open(Retention.parse("10"), T0);
        for (long r = 1; r <= 200; r++) {
            add(history, record(r, T0));
        }

        assertEquals(10, revisions(history).size());
        assertTrue(lines().size() < 100, lines().size() + " lines for 10 records");
        assertEquals(revisions(history), revisions(open(Retention.parse("10"), T0)));
    }

    @Test
    void anAgeRetentionDropsWhatIsOlderFromTheListAtOnceAndFromTheFileAtTheNextStart() {
        MovingClock clock = new MovingClock(T0);
        FileChangeHistory history = FileChangeHistory.open(dir, Retention.parse("30d"), clock);
        opened.add(history);
        add(history, record(1, T0));
        add(history, record(2, T0.plus(Duration.ofDays(20))));

        clock.now = T0.plus(Duration.ofDays(40));
        assertEquals(List.of(2L), revisions(history));
        history.close();
        assertEquals(List.of(2L, 1L), revisions(open(Retention.parse("60d"), clock.now)),
                     "still in the file: a longer retention lists it again");

        assertEquals(List.of(2L), revisions(open(Retention.parse("30d"), clock.now)));
        assertEquals(List.of(2L), revisions(open(Retention.parse("60d"), clock.now)), "and gone from the file");
    }

    /** A clock a test moves. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
