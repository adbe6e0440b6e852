package org.tenantnat.web;

import com.google.common.collect.ImmutableList;
import org.tenantnat.api.RefusedRequestException;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.config.ValidationError;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Answers a request refused because of what is stored: 404 for a name that refers to nothing, 409 for a
 * change that contradicts what exists, with the field named.
 */
@Provider
public class RefusedRequestExceptionMapper implements ExceptionMapper<RefusedRequestException> {

    @Override
    public Response toResponse(RefusedRequestException e) {
        Response.Status status = e instanceof UnknownItemException
                ? Response.Status.NOT_FOUND : Response.Status.CONFLICT;
        return ErrorJson.response(status.getStatusCode(), ErrorJson.of(e.getMessage(),
                ImmutableList.of(new ValidationError(e.field(), e.detail())))).build();
    }
}
