package org.tenantnat.web;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Binding;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.Values;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Reverse lookup of a translated address: which tenant's host the service saw.
 */
@Path("lookup")
public class LookupWebResource extends TenantNatWebResource {

    private static final String IP = "ip";

    /**
     * Looks up a translated address. Answers 200 with the tenant and the customer's original address; 404 when
     * no tenant holds the address (free, or outside the pool); 400 when it is not an IPv4 address.
     *
     * @param ip translated address, e.g. 100.64.0.10
     * @return 200 OK with {"tenant", "original", "translated"}
     * @onos.rsModel Binding
     */
    @GET
    @Path("{ip}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response lookup(@PathParam(IP) String ip) {
        Ip4Address address = Values.address(ip);
        if (address == null) {
            throw new InvalidConfigException(IP, Values.addressProblem(ip));
        }
        return nat().lookup(address)
                .map(b -> ok(encode(b, Binding.class)).build())
                .orElseThrow(() -> {
                    boolean inPool = nat().desiredState().pool().stream().anyMatch(p -> p.contains(address));
                    return new UnknownItemException(IP, inPool ? "%s is free: no tenant holds it"
                            : "%s is outside the translation pool", address);
                });
    }
}
