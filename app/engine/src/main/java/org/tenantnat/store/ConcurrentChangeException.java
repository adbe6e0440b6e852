package org.tenantnat.store;

/**
 * Another writer committed first: the change was computed on a revision that is no longer the latest, and was not
 * committed. The writer catches up to {@link #latest()} and computes its change again.
 */
public class ConcurrentChangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long latest;

    /**
     * Creates the exception.
     *
     * @param base   revision the change was computed on
     * @param latest the latest committed revision
     */
    public ConcurrentChangeException(long base, long latest) {
        super("change computed on revision " + base + " but revision " + latest + " is committed");
        this.latest = latest;
    }

    /**
     * Returns the latest committed revision.
     *
     * @return revision
     */
    public long latest() {
        return latest;
    }
}
