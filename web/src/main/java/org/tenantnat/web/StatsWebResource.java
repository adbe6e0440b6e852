package org.tenantnat.web;

import org.tenantnat.api.TenantStats;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Per-tenant traffic, summed from the counters of each tenant's translation rules.
 */
@Path("stats")
public class StatsWebResource extends TenantNatWebResource {

    /**
     * Gets per-tenant traffic. Answers 200 with, for every tenant, the packets and bytes translated on the way
     * to a service (fromTenant) and back (toTenant).
     *
     * @return 200 OK with {"stats": [...]}
     * @onos.rsModel Stats
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getStats() {
        return ok(encodeArray(TenantStats.class, "stats", nat().stats().values())).build();
    }
}
