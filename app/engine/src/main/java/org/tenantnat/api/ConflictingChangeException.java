package org.tenantnat.api;

/**
 * A verb contradicts what is stored: the item already exists, or something still uses what it would remove (REST
 * answers 409).
 */
public class ConflictingChangeException extends RefusedRequestException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param field  the offending field
     * @param format what is wrong, a {@link String#format} pattern
     * @param args   format arguments
     */
    public ConflictingChangeException(String field, String format, Object... args) {
        super(field, String.format(format, args));
    }
}
