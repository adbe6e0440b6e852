package org.tenantnat.history;

import org.junit.jupiter.api.Test;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.Origin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Queries answer the newest changes first within a revision range, and retention drops the oldest records by count
 * and by age.
 */
class ChangeLogTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static ChangeRecord record(long revision, Instant time) {
        return new ChangeRecord(revision, time, Origin.rest("alice"), List.of("tenant t" + revision + " added"));
    }

    /** Records of revisions 2, 4, ... 20 (odd revisions were tenantnat's own), one a day from T0. */
    private static ChangeLog twentyRevisions() {
        ChangeLog log = new ChangeLog();
        LongStream.rangeClosed(1, 10).forEach(i -> log.put(record(2 * i, T0.plus(Duration.ofDays(i)))));
        return log;
    }

    private static List<Long> revisions(List<ChangeRecord> records) {
        return records.stream().map(ChangeRecord::revision).collect(Collectors.toList());
    }

    @Test
    void theNewestComeFirstUpToTheLimit() {
        assertEquals(List.of(20L, 18L, 16L), revisions(twentyRevisions().changes(0, Long.MAX_VALUE, 3)));
    }

    @Test
    void sinceAndBeforeBoundTheRevisionsExclusively() {
        ChangeLog log = twentyRevisions();

        assertEquals(List.of(20L, 18L), revisions(log.changes(16, Long.MAX_VALUE, 100)), "newer than 16");
        assertEquals(List.of(6L, 4L, 2L), revisions(log.changes(0, 8, 100)), "older than 8");
        assertEquals(List.of(12L, 10L), revisions(log.changes(8, 14, 100)));
        assertEquals(List.of(), log.changes(8, 9, 100));
        assertEquals(List.of(), log.changes(20, 10, 100));
    }

    @Test
    void pagingBackwardsWithBeforeVisitsEveryRecordOnce() {
        ChangeLog log = twentyRevisions();
        List<Long> seen = new java.util.ArrayList<>();
        long before = Long.MAX_VALUE;
        for (List<ChangeRecord> page = log.changes(0, before, 4); !page.isEmpty(); page = log.changes(0, before, 4)) {
            seen.addAll(revisions(page));
            before = page.get(page.size() - 1).revision();
        }
        assertEquals(List.of(20L, 18L, 16L, 14L, 12L, 10L, 8L, 6L, 4L, 2L), seen);
    }

    @Test
    void aLimitOutOfRangeOrANegativeSinceIsRefused() {
        ChangeLog log = twentyRevisions();
        assertThrows(IllegalArgumentException.class, () -> log.changes(0, Long.MAX_VALUE, 0));
        assertThrows(IllegalArgumentException.class,
                     () -> log.changes(0, Long.MAX_VALUE, ChangeHistoryService.MAX_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> log.changes(-1, Long.MAX_VALUE, 10));
    }

    @Test
    void aCountRetentionDropsTheOldestBeyondIt() {
        ChangeLog log = twentyRevisions();

        List<ChangeRecord> dropped = log.prune(Retention.parse("3"), T0);

        assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L, 14L), revisions(dropped));
        assertEquals(List.of(16L, 18L, 20L), revisions(log.all()));
    }

    @Test
    void anAgeRetentionDropsWhatIsOlder() {
        ChangeLog log = twentyRevisions();

        // Day 10 is now; kept for 3 days: days 7 to 10.
        log.prune(Retention.parse("3d"), T0.plus(Duration.ofDays(10)));

        assertEquals(List.of(14L, 16L, 18L, 20L), revisions(log.all()));
    }

    @Test
    void bothDropWhicheverDropsMore() {
        ChangeLog byAge = twentyRevisions();
        byAge.prune(Retention.parse("3d,5"), T0.plus(Duration.ofDays(10)));
        ChangeLog byCount = twentyRevisions();
        byCount.prune(Retention.parse("8d,2"), T0.plus(Duration.ofDays(10)));

        assertEquals(List.of(14L, 16L, 18L, 20L), revisions(byAge.all()));
        assertEquals(List.of(18L, 20L), revisions(byCount.all()));
    }

    @Test
    void withinRetentionNothingIsDropped() {
        ChangeLog log = twentyRevisions();

        assertEquals(List.of(), log.prune(Retention.DEFAULT, T0.plus(Duration.ofDays(10))));
        assertEquals(10, log.size());
    }
}
