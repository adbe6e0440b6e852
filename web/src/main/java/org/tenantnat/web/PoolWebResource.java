package org.tenantnat.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.PoolUsage;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * How full the translation pool is, and each dynamic or pat tenant's pool block.
 */
@Path("pool")
public class PoolWebResource extends TenantNatWebResource {

    /**
     * Gets the pool usage. Answers 200 with the pool prefixes and, in addresses, its size, how many translated
     * blocks and pool blocks hold, how many are free and how many each tenant holds; and for each dynamic or pat
     * tenant, its pool block's slots (addresses or port blocks) in use, held down and at peak, its refusals by
     * reason, and its state (OK, ALARM at the alarm threshold, FAILED with the reason after a refusal).
     *
     * @return 200 OK with {"prefixes", "size", "allocated", "free", "perTenant", "bindings": [...]}
     * @onos.rsModel Pool
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPool() {
        ObjectNode pool = encode(nat().poolUsage(), PoolUsage.class);
        ArrayNode bindings = pool.putArray("bindings");
        get(BindingService.class).usage().forEach(u -> bindings.add(encode(u, BindingUsage.class)));
        return ok(pool).build();
    }
}
