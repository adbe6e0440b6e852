package org.tenantnat.web;

import org.tenantnat.api.model.DesiredState;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The whole desired state: pool, gateway MAC, services and tenants.
 */
@Path("config")
public class ConfigWebResource extends TenantNatWebResource {

    /**
     * Gets the whole desired state. Answers 200 with the document in force.
     *
     * @return 200 OK with the desired-state document
     * @onos.rsModel DesiredState
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getConfig() {
        return ok(encode(nat().desiredState(), DesiredState.class)).build();
    }

    /**
     * Replaces the whole desired state atomically. The document is decoded, validated and allocated as a
     * whole; on any error nothing changes. Answers 200 with the document now in force; 400 listing every
     * offending field; 413 above 1 MiB; 415 unless the body is application/json.
     *
     * @param stream the new desired-state document
     * @return 200 OK with the desired-state document now in force
     * @onos.rsModel DesiredState
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response setConfig(InputStream stream) {
        DesiredState next = decodeBody(stream, DesiredState.class);
        return ok(encode(nat().replaceState(origin(), next), DesiredState.class)).build();
    }
}
