package org.tenantnat.web;

import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessRequest;
import org.tenantnat.api.UnknownItemException;

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
import java.util.Comparator;

/**
 * Access intents: a tenant may reach a service at a VIP in its own address space. Each intent's state is what
 * the switches confirmed: INSTALLING, INSTALLED, FAILED (with the reason) or WITHDRAWN (deleted, rules still
 * being removed).
 */
@Path("intents")
public class IntentsWebResource extends TenantNatWebResource {

    private static final String SERVICE = "service";

    /**
     * Lists the access intents with their state. Answers 200 with the intents, sorted by tenant then service;
     * withdrawn ones stay listed until the switches confirmed their rules gone.
     *
     * @return 200 OK with {"intents": [...]}
     * @onos.rsModel Intents
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getIntents() {
        return ok(encodeArray(AccessIntent.class, "intents", nat().intents())).build();
    }

    /**
     * Creates an access intent: adds the access to the tenant. Answers 201 with its Location and its state
     * (normally INSTALLING); 400 naming every offending field (e.g. a VIP inside the tenant's prefixes or used
     * twice); 404 for an unknown tenant or service; 409 when the tenant already has access to the service;
     * 413; 415.
     *
     * @param stream the intent: {"tenant", "service", "vip"}
     * @return 201 Created with the intent and its state
     * @onos.rsModel IntentRequest
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createIntent(InputStream stream) {
        AccessRequest request = decodeBody(stream, AccessRequest.class);
        AccessIntent intent = nat().grantAccess(origin(), request.tenant(), request.access());
        return created(encode(intent, AccessIntent.class), "intents", request.tenant(), request.access().service());
    }

    /**
     * Gets one access intent with its state. Answers 200; 404 when the tenant has no access to the service and
     * none is being withdrawn.
     *
     * @param tenant  tenant name
     * @param service service name
     * @return 200 OK with the intent
     * @onos.rsModel Intent
     */
    @GET
    @Path("{tenant}/{service}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getIntent(@PathParam("tenant") String tenant, @PathParam("service") String service) {
        return ok(encode(current(tenant, service), AccessIntent.class)).build();
    }

    /**
     * Deletes an access intent: removes the access from the tenant. Answers 204, after which the intent is
     * listed as WITHDRAWN until the switches confirmed its rules gone; 404 for an unknown tenant or when the
     * tenant has no access to the service.
     *
     * @param tenant  tenant name
     * @param service service name
     * @return 204 No Content
     */
    @DELETE
    @Path("{tenant}/{service}")
    public Response deleteIntent(@PathParam("tenant") String tenant, @PathParam("service") String service) {
        nat().revokeAccess(origin(), tenant, service);
        return Response.noContent().build();
    }

    // The live intent of a tenant and service, else the one being withdrawn.
    private AccessIntent current(String tenant, String service) {
        return nat().intents().stream()
                .filter(i -> i.tenant().equals(tenant) && i.service().equals(service))
                .min(Comparator.comparing(i -> i.state() == AccessIntent.State.WITHDRAWN))
                .orElseThrow(() -> new UnknownItemException(SERVICE,
                        "tenant %s has no access to service %s", tenant, service));
    }
}
