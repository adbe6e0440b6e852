package org.tenantnat.web;


import javax.ws.rs.HttpMethod;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers every HTTP-level refusal (404 of an unknown path or name, 405, 406, 409, 413, 415, 403...) with the
 * API's JSON error body. Jersey's own refusals carry only "HTTP 415 Unsupported Media Type"; they are reworded
 * to say what the client should send instead.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.ResponseBuilder answer = ErrorJson.response(status, ErrorJson.of(describe(e, status, original)));
        Set<String> allowed = allowed(original);
        if (!allowed.isEmpty()) {
            answer.allow(allowed);
        }
        if (status == Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode()) {
            // The refused body was never read, so the connection cannot carry another request: the server closes
            // it, and says so, or the client would send its next request on a connection that is going away.
            answer.header("Connection", "close");
        }
        return answer.build();
    }

    // Jersey answers HEAD wherever GET is served but leaves it out of its Allow list.
    private static Set<String> allowed(Response original) {
        Set<String> allowed = new TreeSet<>(original.getAllowedMethods());
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        return allowed;
    }

    private String describe(WebApplicationException e, int status, Response original) {
        String message = e.getMessage();
        boolean generic = message == null || message.startsWith("HTTP " + status);
        if (!generic) {
            return message;
        }
        switch (status) {
            case 404:
                return "no resource at /" + uriInfo.getPath();
            case 405:
                return "method " + request.getMethod() + " is not allowed on /" + uriInfo.getPath()
                        + " (allowed: " + String.join(", ", allowed(original)) + ")";
            case 406:
                return "cannot answer in " + headers.getRequestHeader(HttpHeaders.ACCEPT)
                        + "; this API answers " + MediaType.APPLICATION_JSON;
            case 415:
                return "Content-Type: unsupported media type " + headers.getMediaType()
                        + "; send " + MediaType.APPLICATION_JSON;
            default:
                return message == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : message;
        }
    }
}
