package org.tenantnat.alloc;

import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.util.List;

/**
 * Thrown when a well-formed desired state cannot be realised in the pool: the pool is exhausted, or a pin claims a
 * block another prefix already holds. Nothing is allocated when it is thrown; hosts answer it as a conflict.
 */
public class AllocationException extends InvalidConfigException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param errors every allocation error found, at least one
     */
    public AllocationException(List<ValidationError> errors) {
        super(errors);
    }

    /**
     * Creates the exception for a single error.
     *
     * @param field   offending field, e.g. {@code tenants[acme].prefixes[2]}
     * @param message what cannot be allocated and why
     */
    public AllocationException(String field, String message) {
        super(field, message);
    }
}
