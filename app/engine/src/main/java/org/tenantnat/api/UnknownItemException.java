package org.tenantnat.api;

/**
 * A verb named a tenant, service or access that does not exist (REST answers 404).
 */
public class UnknownItemException extends RefusedRequestException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param field  the field holding the unknown name
     * @param format what is wrong, a {@link String#format} pattern
     * @param args   format arguments
     */
    public UnknownItemException(String field, String format, Object... args) {
        super(field, String.format(format, args));
    }
}
