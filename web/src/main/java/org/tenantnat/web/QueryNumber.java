package org.tenantnat.web;

import org.tenantnat.config.InvalidConfigException;

/**
 * Reads a whole-number query parameter, refusing one out of range with an error naming the parameter.
 */
final class QueryNumber {

    private QueryNumber() {
    }

    /**
     * Reads a query parameter as a whole number.
     *
     * @param name   parameter name, for the error
     * @param text   its value, null when absent
     * @param absent value when the parameter is absent
     * @param min    least value accepted
     * @param max    greatest value accepted; {@link Long#MAX_VALUE} for no bound
     * @return the number
     * @throws InvalidConfigException naming the parameter when it is not a number in range
     */
    static long parse(String name, String text, long absent, long min, long max) {
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below, with the range.
        }
        throw new InvalidConfigException(name, "expected a whole number "
                + (max == Long.MAX_VALUE ? "of at least " + min : min + ".." + max) + ", got '" + text + "'");
    }
}
