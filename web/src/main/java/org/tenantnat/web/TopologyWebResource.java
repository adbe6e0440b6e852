package org.tenantnat.web;

import org.tenantnat.api.FabricView;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The switches and the links between them, as tenantnat routes over them.
 */
@Path("topology")
public class TopologyWebResource extends TenantNatWebResource {

    /**
     * Gets the fabric. Answers 200 with every switch tenantnat knows (connected or not, with how many tenants and
     * services attach to it) and every link between switches, discovered (LLDP in the standalone host, ONOS's
     * topology in ONOS) or declared in the desired state: UP when paths use it, else DOWN or IGNORED with the
     * reason.
     *
     * @return 200 OK with {"switches": [...], "links": [...]}
     * @onos.rsModel Topology
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTopology() {
        return ok(encode(nat().topology(), FabricView.class)).build();
    }
}
