package org.tenantnat.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.config.InvalidConfigException;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.InputStream;

/**
 * Tenants: the customers, their attachments, prefixes and service access.
 */
@Path("tenants")
public class TenantsWebResource extends TenantNatWebResource {

    private static final String NAME = "name";

    /**
     * Lists the tenants. Answers 200 with every tenant, by name.
     *
     * @return 200 OK with {"tenants": [...]}
     * @onos.rsModel Tenants
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTenants() {
        return ok(encodeArray(Tenant.class, "tenants", nat().desiredState().tenants())).build();
    }

    /**
     * Creates a tenant. Answers 201 with its Location; 400 naming every offending field (including conflicts
     * with other tenants such as a duplicate id, a shared attachment or overlapping pins); 409 when a tenant of
     * that name exists; 413; 415.
     *
     * @param stream the tenant
     * @return 201 Created with the tenant
     * @onos.rsModel Tenant
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTenant(InputStream stream) {
        Tenant stored = nat().addTenant(origin(), decodeBody(stream, Tenant.class));
        return created(encode(stored, Tenant.class), "tenants", stored.name());
    }

    /**
     * Gets a tenant. Answers 200; 404 when no tenant has that name.
     *
     * @param name tenant name
     * @return 200 OK with the tenant
     * @onos.rsModel Tenant
     */
    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTenant(@PathParam("name") String name) {
        return ok(encode(nat().desiredState().tenant(name)
                .orElseThrow(() -> new UnknownItemException(NAME, "no tenant named %s", name)), Tenant.class)).build();
    }

    /**
     * Replaces a tenant. The body's name may be left out; when given it must match the path (a tenant cannot be
     * renamed). Answers 200 with the tenant now stored; 400 naming every offending field; 404 when no tenant
     * has that name; 413; 415.
     *
     * @param name   tenant name
     * @param stream the tenant
     * @return 200 OK with the tenant
     * @onos.rsModel Tenant
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response replaceTenant(@PathParam("name") String name, InputStream stream) {
        ObjectNode json = JsonDocument.object(parseBody(stream));
        if (!json.has(NAME)) {
            json.put(NAME, name);
        }
        Tenant tenant = decode(json, Tenant.class);
        if (!tenant.name().equals(name)) {
            throw new InvalidConfigException(NAME, "'" + tenant.name() + "' differs from the tenant in the path '"
                    + name + "'; a tenant cannot be renamed (create the new one, then delete the old one)");
        }
        return ok(encode(nat().replaceTenant(origin(), tenant), Tenant.class)).build();
    }

    /**
     * Deletes a tenant, its translated blocks and its access. Answers 204; 404 when no tenant has that name.
     *
     * @param name tenant name
     * @return 204 No Content
     */
    @DELETE
    @Path("{name}")
    public Response deleteTenant(@PathParam("name") String name) {
        nat().removeTenant(origin(), name);
        return Response.noContent().build();
    }
}
