package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.rest.AbstractWebResource;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.config.FieldPath;
import org.tenantnat.config.InvalidConfigException;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.function.Function;

/**
 * What every tenantnat resource shares: the service it speaks for and the reading of request bodies. Resources
 * stay thin: decode the body with the codec of its type ({@code decodeBody(stream, Tenant.class)}: the codec ONOS
 * resources would use, reading the text streamed rather than a tree), ask the service, encode with the codec.
 */
public abstract class TenantNatWebResource extends AbstractWebResource {

    @Context
    private UriInfo uriInfo;

    @Context
    private SecurityContext security;

    /**
     * Returns the tenantnat service of the host serving this request.
     *
     * @return service
     */
    protected TenantNatService nat() {
        return get(TenantNatService.class);
    }

    /**
     * Returns who is making this request, for the history of changes: the user the host authenticated.
     *
     * @return origin of a change made by this request
     */
    protected Origin origin() {
        Principal user = security == null ? null : security.getUserPrincipal();
        return Origin.rest(user == null ? "anonymous" : user.getName());
    }

    /**
     * Decodes a request body with the codec of its type; tenantnat's codecs read the text streamed, without
     * building a tree first. A body refused as malformed or wrong is read to its end first (see
     * {@link #parseBody}).
     *
     * @param body request body
     * @param type what the body holds
     * @param <T>  body type
     * @return the decoded body
     * @throws org.tenantnat.config.InvalidConfigException naming every offending field, or {@code (document)}
     *                                                     when the body is empty, malformed or not an object
     */
    protected <T> T decodeBody(InputStream body, Class<T> type) {
        return readBody(body, in -> JsonDocument.decode(in, codec(type), this));
    }

    /**
     * Parses a request body as JSON; a body refused as malformed is read to its end first. Refused half-way (a
     * nesting or number limit, a syntax error) and closed at once, the connection would be reset under a client still
     * sending, and the client would see no answer at all instead of the 400. (Reading on past the size limit
     * turns the refusal into a 413.)
     *
     * @param body request body
     * @return the document
     * @throws org.tenantnat.config.InvalidConfigException naming {@code (document)} when the body is empty,
     *                                                     malformed or cut short
     */
    protected JsonNode parseBody(InputStream body) {
        return readBody(body, JsonDocument::parse);
    }

    private static <T> T readBody(InputStream body, Function<InputStream, T> reader) {
        try {
            return reader.apply(new FilterInputStream(body) {
                @Override
                public void close() {
                    // Left open for the drain below.
                }
            });
        } catch (InvalidConfigException e) {
            try {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (IOException gone) {
                // The client went away: nobody is waiting for the answer.
            }
            throw e;
        } catch (UncheckedIOException e) {
            // The body ended before its framing said it would (a malformed chunk, a client cut off): the request's
            // fault, not the server's.
            throw new InvalidConfigException(FieldPath.DOCUMENT, "the request body could not be read to its end: "
                    + e.getCause().getMessage());
        }
    }

    /**
     * Answers 201 Created for a new item.
     *
     * @param entity the item as stored
     * @param path   its path below the API root, one segment per element, e.g. {@code "tenants", "acme"}
     * @return response
     */
    protected Response created(ObjectNode entity, String... path) {
        UriBuilder location = uriInfo.getBaseUriBuilder();
        for (String segment : path) {
            location.segment(segment);
        }
        return Response.created(location.build()).entity(entity).build();
    }
}
