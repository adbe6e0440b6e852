package org.tenantnat.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StorageFullException;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Answers a change the host's store could not keep: 507 Insufficient Storage when its disk is full, 503 Service
 * Unavailable for any other storage failure, with the store's own words on what failed. Either way nothing was
 * committed and the state in force is unchanged, so the client may send the same change again later.
 */
@Provider
public class StateStoreExceptionMapper implements ExceptionMapper<StateStoreException> {

    /** 507 Insufficient Storage (RFC 4918), which JAX-RS does not name. */
    static final int INSUFFICIENT_STORAGE = 507;

    private static final Logger log = LoggerFactory.getLogger(StateStoreExceptionMapper.class);

    @Override
    public Response toResponse(StateStoreException e) {
        log.warn("change refused, not stored: {}", e.getMessage());
        int status = e instanceof StorageFullException ? INSUFFICIENT_STORAGE
                : Response.Status.SERVICE_UNAVAILABLE.getStatusCode();
        return ErrorJson.response(status, ErrorJson.of(e.getMessage())).build();
    }
}
