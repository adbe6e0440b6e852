package org.tenantnat.store;

/**
 * A store could not keep a change (disk full, storage unavailable): nothing was committed and the state in force
 * is unchanged.
 */
public class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   underlying error
     */
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
