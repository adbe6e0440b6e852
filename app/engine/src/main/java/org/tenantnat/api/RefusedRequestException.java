package org.tenantnat.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A request refused because of what is stored, tied to one field of the request: a name that refers to nothing,
 * or a change that contradicts what exists. Nothing changed. A body that fails to decode or validate is reported
 * with {@link org.tenantnat.config.InvalidConfigException} instead.
 */
public abstract class RefusedRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param field  the offending field of the request, e.g. {@code name} or {@code service}
     * @param detail what is wrong, in the operator's words
     */
    protected RefusedRequestException(String field, String detail) {
        super(checkNotNull(field, "field") + ": " + checkNotNull(detail, "detail"));
        this.field = field;
        this.detail = detail;
    }

    /**
     * Returns the offending field.
     *
     * @return field name or path
     */
    public String field() {
        return field;
    }

    /**
     * Returns what is wrong, without the field.
     *
     * @return detail
     */
    public String detail() {
        return detail;
    }
}
