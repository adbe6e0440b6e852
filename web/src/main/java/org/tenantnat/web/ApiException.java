package org.tenantnat.web;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response.Status;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A request the API refuses for a reason tied to one field of the request, e.g. an unknown tenant name in the
 * path (404) or a tenant that already exists (409). Bodies that fail to decode or validate are reported with
 * {@link org.tenantnat.config.InvalidConfigException} instead.
 */
public class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param status HTTP status to answer with
     * @param field  the offending field of the request, e.g. {@code name} or {@code service}
     * @param detail what is wrong, in the operator's words
     */
    public ApiException(Status status, String field, String detail) {
        super(field + ": " + detail, status);
        this.field = checkNotNull(field, "field");
        this.detail = checkNotNull(detail, "detail");
    }

    /**
     * Returns a 404 for a name that refers to nothing.
     *
     * @param field  offending field
     * @param format what is wrong, a {@link String#format} pattern
     * @param args   format arguments
     * @return exception to throw
     */
    public static ApiException notFound(String field, String format, Object... args) {
        return new ApiException(Status.NOT_FOUND, field, String.format(format, args));
    }

    /**
     * Returns a 409 for a request that contradicts what is stored.
     *
     * @param field  offending field
     * @param format what is wrong, a {@link String#format} pattern
     * @param args   format arguments
     * @return exception to throw
     */
    public static ApiException conflict(String field, String format, Object... args) {
        return new ApiException(Status.CONFLICT, field, String.format(format, args));
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
