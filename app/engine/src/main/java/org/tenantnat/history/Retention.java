package org.tenantnat.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the history of changes is kept: for a number of days, for a number of changes, or both (whichever
 * drops a record first). Written {@code 365d}, {@code 10000} or {@code 365d,10000}.
 */
public final class Retention {

    /** The longest age accepted, in days (a century). */
    static final int MAX_DAYS = 36_500;

    private static final Pattern DAYS = Pattern.compile("([0-9]{1,9})d");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,9}");
    private static final String FORM = "expected DAYSd, COUNT or both, e.g. 365d,10000";

    /** The default: a year, and at most 10,000 changes. Declared after what parsing needs. */
    public static final Retention DEFAULT = parse("365d,10000");

    private final Integer days;
    private final Integer count;

    private Retention(Integer days, Integer count) {
        this.days = days;
        this.count = count;
    }

    /**
     * Reads a retention setting.
     *
     * @param text e.g. {@code 90d}, {@code 5000} or {@code 90d,5000}
     * @return retention
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Retention parse(String text) {
        Integer days = null;
        Integer count = null;
        String[] parts = text.trim().split(",", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(FORM + ", got '" + text + "'");
        }
        for (String part : parts) {
            String p = part.trim();
            Matcher d = DAYS.matcher(p);
            if (d.matches() && days == null) {
                days = Integer.parseInt(d.group(1));
                if (days < 1 || days > MAX_DAYS) {
                    throw new IllegalArgumentException("days must be 1.." + MAX_DAYS + ", got '" + text + "'");
                }
            } else if (COUNT.matcher(p).matches() && count == null) {
                count = Integer.parseInt(p);
                if (count < 1) {
                    throw new IllegalArgumentException("the count of changes must be at least 1, got '" + text
                                                               + "'");
                }
            } else {
                throw new IllegalArgumentException(FORM + ", got '" + text + "'");
            }
        }
        return new Retention(days, count);
    }

    /**
     * Returns how long a change is kept.
     *
     * @return maximum age, empty when age does not matter
     */
    public Optional<Duration> maxAge() {
        return days == null ? Optional.empty() : Optional.of(Duration.ofDays(days));
    }

    /**
     * Returns how many changes are kept.
     *
     * @return maximum count, empty when the count does not matter
     */
    public OptionalInt maxCount() {
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    /**
     * Tells whether a record is dropped.
     *
     * @param time  when the change was recorded
     * @param newer how many records are newer than it
     * @param now   the time now
     * @return true when it is too old, or too many newer ones are kept
     */
    boolean drops(Instant time, int newer, Instant now) {
        return (count != null && newer >= count) || (days != null && time.isBefore(now.minus(Duration.ofDays(days))));
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Retention && Objects.equals(days, ((Retention) o).days)
                && Objects.equals(count, ((Retention) o).count));
    }

    @Override
    public int hashCode() {
        return Objects.hash(days, count);
    }

    /**
     * Returns the setting as it is written.
     *
     * @return e.g. {@code 365d,10000}
     */
    @Override
    public String toString() {
        return days == null ? String.valueOf(count) : count == null ? days + "d" : days + "d," + count;
    }
}
