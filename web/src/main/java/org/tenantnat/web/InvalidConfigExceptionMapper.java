package org.tenantnat.web;

import org.tenantnat.config.InvalidConfigException;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Answers a request whose body (or path value) the engine rejected with 400 and every error it found, each
 * naming its field, e.g. {@code tenants[acme].prefixes[1]}.
 */
@Provider
public class InvalidConfigExceptionMapper implements ExceptionMapper<InvalidConfigException> {

    @Override
    public Response toResponse(InvalidConfigException e) {
        return ErrorJson.response(Response.Status.BAD_REQUEST.getStatusCode(),
                                  ErrorJson.of(e.getMessage(), e.errors())).build();
    }
}
