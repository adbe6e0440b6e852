package org.tenantnat.web;

import org.tenantnat.api.PoolUsage;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * How full the translation pool is.
 */
@Path("pool")
public class PoolWebResource extends TenantNatWebResource {

    /**
     * Gets the pool usage. Answers 200 with the pool prefixes and, in addresses, its size, how many translated
     * blocks hold, how many are free and how many each tenant holds.
     *
     * @return 200 OK with {"prefixes", "size", "allocated", "free", "perTenant"}
     * @onos.rsModel Pool
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPool() {
        return ok(encode(nat().poolUsage(), PoolUsage.class)).build();
    }
}
