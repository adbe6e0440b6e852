package org.tenantnat.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Answers a failure that is no fault of the request with 500 and a JSON error body, and logs it.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

    @Override
    public Response toResponse(RuntimeException e) {
        log.warn("REST request failed", e);
        return ErrorJson.response(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(),
                                  ErrorJson.of("internal error: " + e)).build();
    }
}
