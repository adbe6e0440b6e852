package org.tenantnat.config;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One problem in a desired-state document: where it is and what is wrong.
 */
public final class ValidationError {

    private final String field;
    private final String message;

    /**
     * Creates an error.
     *
     * @param field   path of the offending field in the users' words, e.g. {@code tenants[acme].prefixes[1]}
     * @param message what is wrong, e.g. {@code host bits set in 10.1.1.1/24}
     */
    public ValidationError(String field, String message) {
        this.field = checkNotNull(field, "field");
        this.message = checkNotNull(message, "message");
    }

    /**
     * Returns the path of the offending field.
     *
     * @return field path
     */
    public String field() {
        return field;
    }

    /**
     * Returns what is wrong.
     *
     * @return message
     */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ValidationError)) {
            return false;
        }
        ValidationError that = (ValidationError) o;
        return field.equals(that.field) && message.equals(that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
