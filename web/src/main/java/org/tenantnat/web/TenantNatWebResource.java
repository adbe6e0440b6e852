package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.rest.AbstractWebResource;
import org.tenantnat.api.Origin;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.config.DesiredStateCodec;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.security.Principal;

/**
 * What every tenantnat resource shares: the service it speaks for, the engine's JSON codec and the reading of
 * request bodies. Resources stay thin: decode, ask the service, encode.
 */
public abstract class TenantNatWebResource extends AbstractWebResource {

    /** The engine's codec: REST, network config and the standalone config file share one JSON shape. */
    protected static final DesiredStateCodec CODEC = new DesiredStateCodec();

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
     * Parses a request body as JSON.
     *
     * @param body request body
     * @return JSON tree
     * @throws org.tenantnat.config.InvalidConfigException when the body is empty or malformed
     */
    protected static JsonNode readBody(InputStream body) {
        return CODEC.readJson(body);
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

    /**
     * Wraps a list of items in an object, as ONOS's REST API does: {@code {"tenants": [...]}}.
     *
     * @param key   list name
     * @param items items
     * @return object holding the list
     */
    protected ObjectNode list(String key, Iterable<? extends JsonNode> items) {
        ObjectNode json = mapper().createObjectNode();
        items.forEach(json.putArray(key)::add);
        return json;
    }
}
