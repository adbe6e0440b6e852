package org.tenantnat.store;

/**
 * A store has no room left for a change (the disk under it is full): nothing was committed and the state in force
 * is unchanged. Writes work again once space is freed.
 */
public class StorageFullException extends StateStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is full, and what was not kept
     * @param cause   underlying error
     */
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
