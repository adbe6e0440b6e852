package org.tenantnat.web;

import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Service;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.InputStream;

/**
 * Provider services offered to tenants.
 */
@Path("services")
public class ServicesWebResource extends TenantNatWebResource {

    private static final String NAME = "name";

    /**
     * Lists the services. Answers 200 with every service, by name.
     *
     * @return 200 OK with {"services": [...]}
     * @onos.rsModel Services
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getServices() {
        return ok(encodeArray(Service.class, "services", nat().desiredState().services())).build();
    }

    /**
     * Creates a service. Answers 201 with its Location; 400 naming every offending field (e.g. a pool that
     * would overlap the service); 409 when a service of that name exists; 413; 415.
     *
     * @param stream the service
     * @return 201 Created with the service
     * @onos.rsModel Service
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createService(InputStream stream) {
        Service stored = nat().addService(origin(), decodeBody(stream, Service.class));
        return created(encode(stored, Service.class), "services", stored.name());
    }

    /**
     * Gets a service. Answers 200; 404 when no service has that name.
     *
     * @param name service name
     * @return 200 OK with the service
     * @onos.rsModel Service
     */
    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getService(@PathParam("name") String name) {
        return ok(encode(nat().desiredState().service(name)
                .orElseThrow(() -> new UnknownItemException(NAME, "no service named %s", name)), Service.class))
                .build();
    }

    /**
     * Deletes a service. Answers 204; 404 when no service has that name; 409 naming the tenants whose access
     * still uses it (delete those intents first).
     *
     * @param name service name
     * @return 204 No Content
     */
    @DELETE
    @Path("{name}")
    public Response deleteService(@PathParam("name") String name) {
        nat().removeService(origin(), name);
        return Response.noContent().build();
    }
}
