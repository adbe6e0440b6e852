package org.tenantnat.api;

import com.google.common.collect.ImmutableList;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One accepted change of the desired state in the history of changes: the revision it was committed as, when,
 * who made it through which front end, and what it changed, in the operator's words (e.g. {@code tenant acme
 * added}, {@code access acme/backup revoked}). Immutable.
 */
public final class ChangeRecord {

    private final long revision;
    private final Instant time;
    private final Origin origin;
    private final List<String> summary;

    /**
     * Creates a record.
     *
     * @param revision revision the change was committed as
     * @param time     when it was recorded; kept to the millisecond
     * @param origin   who made it, and through which front end
     * @param summary  what it changed, one line per item
     */
    public ChangeRecord(long revision, Instant time, Origin origin, List<String> summary) {
        checkArgument(revision > 0, "revision %s", revision);
        this.revision = revision;
        this.time = checkNotNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
        this.origin = checkNotNull(origin, "origin");
        this.summary = ImmutableList.copyOf(summary);
    }

    /**
     * Tells whether a change belongs in the history: one made by an operator (not tenantnat itself, such as a MAC
     * learned by ARP) that changed the desired state.
     *
     * @param origin  who made the change
     * @param summary what it changed
     * @return true when it is recorded
     */
    public static boolean isRecorded(Origin origin, List<String> summary) {
        return origin.channel() != Origin.Channel.SYSTEM && !summary.isEmpty();
    }

    /**
     * Returns the record of an applied change, if it belongs in the history.
     *
     * @param event the change as the service announced it
     * @param time  when it is recorded
     * @return record, empty for a change that is not recorded (see {@link #isRecorded})
     */
    public static Optional<ChangeRecord> of(TenantNatEvent event, Instant time) {
        Origin origin = event.subject().origin();
        return isRecorded(origin, event.summary())
                ? Optional.of(new ChangeRecord(event.revision(), time, origin, event.summary())) : Optional.empty();
    }

    /**
     * Returns the revision the change was committed as.
     *
     * @return revision
     */
    public long revision() {
        return revision;
    }

    /**
     * Returns when the change was recorded.
     *
     * @return time
     */
    public Instant time() {
        return time;
    }

    /**
     * Returns who made the change, and through which front end.
     *
     * @return origin
     */
    public Origin origin() {
        return origin;
    }

    /**
     * Returns what the change did, one item per line.
     *
     * @return summary
     */
    public List<String> summary() {
        return summary;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChangeRecord)) {
            return false;
        }
        ChangeRecord that = (ChangeRecord) o;
        return revision == that.revision && time.equals(that.time) && origin.equals(that.origin)
                && summary.equals(that.summary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(revision, time, origin, summary);
    }

    @Override
    public String toString() {
        return "revision " + revision + " at " + time + " by " + origin + ": " + String.join("; ", summary);
    }
}
