package org.tenantnat.config;

import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a desired-state document is rejected; carries every error found, not just the first.
 */
public class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ValidationError> errors;

    /**
     * Creates the exception.
     *
     * @param errors all errors of the document, at least one
     */
    public InvalidConfigException(List<ValidationError> errors) {
        super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")));
        this.errors = ImmutableList.copyOf(errors);
    }

    /**
     * Creates the exception for a single error.
     *
     * @param field   offending field
     * @param message what is wrong
     */
    public InvalidConfigException(String field, String message) {
        this(ImmutableList.of(new ValidationError(field, message)));
    }

    /**
     * Returns every error found.
     *
     * @return errors
     */
    public List<ValidationError> errors() {
        return errors;
    }
}
