package org.tenantnat.config;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers every error of a document so that all of them are reported at once.
 */
final class ErrorCollector {

    private final List<ValidationError> errors = new ArrayList<>();

    /**
     * Records an error.
     *
     * @param field   path of the offending field
     * @param message what is wrong; a {@link String#format} pattern when args are given
     * @param args    format arguments
     */
    void add(String field, String message, Object... args) {
        errors.add(new ValidationError(field, args.length == 0 ? message : String.format(message, args)));
    }

    /**
     * Returns how many errors were recorded so far; lets a reader tell whether one item added any.
     *
     * @return error count
     */
    int count() {
        return errors.size();
    }

    /**
     * Returns the errors recorded.
     *
     * @return errors in the order found
     */
    List<ValidationError> errors() {
        return ImmutableList.copyOf(errors);
    }

    /**
     * Throws when any error was recorded.
     *
     * @throws InvalidConfigException listing every error
     */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
    }
}
