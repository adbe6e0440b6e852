package org.tenantnat.api;

import java.util.List;

/**
 * The history of changes: every accepted change of the desired state, whichever front end made it (REST, CLI,
 * network config, the standalone host's config file), with when, who and what, kept across restarts for the
 * host's retention setting.
 */
public interface ChangeHistoryService {

    /** The most changes one query returns. */
    int MAX_LIMIT = 1000;

    /**
     * Returns recorded changes, newest first.
     *
     * @param since  only changes with a revision above this one (0 for every change)
     * @param before only changes with a revision below this one ({@link Long#MAX_VALUE} for every change)
     * @param limit  at most this many, 1..{@link #MAX_LIMIT}: the newest of those in range
     * @return changes, newest first
     * @throws IllegalArgumentException for a negative since or a limit out of range
     */
    List<ChangeRecord> changes(long since, long before, int limit);
}
