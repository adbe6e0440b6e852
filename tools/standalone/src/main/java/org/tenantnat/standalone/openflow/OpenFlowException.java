package org.tenantnat.standalone.openflow;

/**
 * Why a request to a switch failed: the switch answered with an error, did not answer in time, or disconnected.
 */
public class OpenFlowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, naming the switch
     */
    public OpenFlowException(String message) {
        super(message);
    }
}
