package org.tenantnat.config;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers every error of a document so that all of them are reported at once. Holds nothing until the first
 * error, so a valid document costs no list.
 */
public final class ErrorCollector {

    private List<ValidationError> errors;

    /**
     * Records an error.
     *
     * @param field   path of the offending field
     * @param message what is wrong; a {@link String#format} pattern when args are given
     * @param args    format arguments
     */
    public void add(String field, String message, Object... args) {
        if (errors == null) {
            errors = new ArrayList<>();
        }
        errors.add(new ValidationError(field, args.length == 0 ? message : String.format(message, args)));
    }

    /**
     * Returns how many errors were recorded so far; lets a reader tell whether one item added any.
     *
     * @return error count
     */
    public int count() {
        return errors == null ? 0 : errors.size();
    }

    /**
     * Returns the errors recorded.
     *
     * @return errors in the order found
     */
    public List<ValidationError> errors() {
        return errors == null ? ImmutableList.of() : ImmutableList.copyOf(errors);
    }

    /**
     * Throws when any error was recorded.
     *
     * @throws InvalidConfigException listing every error
     */
    public void throwIfAny() {
        if (errors != null) {
            throw new InvalidConfigException(errors);
        }
    }
}
