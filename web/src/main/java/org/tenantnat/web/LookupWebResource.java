package org.tenantnat.web;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Binding;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.Values;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Reverse lookup of a translated address: which tenant's host the service saw.
 */
@Path("lookup")
public class LookupWebResource extends TenantNatWebResource {

    private static final String IP = "ip";
    private static final String PORT = "port";
    private static final String AT = "at";
    private static final String NOBODY = "nobody";
    /** The one value of {@value #NOBODY}: answer an empty list, not 404, when nobody held the address. */
    private static final String EMPTY = "empty";

    /**
     * Looks up a translated address. Without {@code port} or {@code at}: who holds it now, from the translations in
     * force (static blocks and bindings): 200 with the tenant and the customer's original address, 404 when no
     * tenant holds it (free, or outside the pool). With either: who held it at that time (default now), from the
     * audit trail, so also after the binding ended: 200 with every record that held it then (one per port block of
     * a pat address when no port is given), 404 when none did, or with {@code nobody=empty} 200 with an empty list
     * (a browser logs every 404 as an error, and "nobody held it" is an answer, not a failure, to a view). 400 when
     * the address, port, time or {@code nobody} is malformed.
     *
     * @param ip     translated address, e.g. 100.64.0.10
     * @param port   optional transport port of a pat port block
     * @param at     optional time, ISO-8601 with an offset, e.g. 2026-11-24T14:02:00Z
     * @param nobody optional, {@code empty}: asks the audit trail and answers an empty list when nobody held it
     * @return 200 OK with {"tenant", "original", "translated"}, or with ?port, ?at or ?nobody {"bindings":
     *         [{"tenant", "original", "translated", "ports", "from", "to"}]}
     * @onos.rsModel Binding
     */
    @GET
    @Path("{ip}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response lookup(@PathParam(IP) String ip, @QueryParam(PORT) String port, @QueryParam(AT) String at,
                           @QueryParam(NOBODY) String nobody) {
        Ip4Address address = Values.address(ip);
        if (address == null) {
            throw new InvalidConfigException(IP, Values.addressProblem(ip));
        }
        if (nobody != null && !EMPTY.equals(nobody)) {
            throw new InvalidConfigException(NOBODY, String.format("'%s' is not '%s'; leave it out for 404 when "
                                                                   + "nobody held the address", nobody, EMPTY));
        }
        if (port != null || at != null || nobody != null) {
            return lookupAt(address, port, at, nobody != null);
        }
        return nat().lookup(address)
                .map(b -> ok(encode(b, Binding.class)).build())
                .orElseThrow(() -> {
                    boolean inPool = nat().desiredState().pool().stream().anyMatch(p -> p.contains(address));
                    return new UnknownItemException(IP, inPool ? "%s is free: no tenant holds it"
                            : "%s is outside the translation pool", address);
                });
    }

    private Response lookupAt(Ip4Address address, String port, String at, boolean emptyWhenNobody) {
        int p = -1;
        if (port != null) {
            p = Values.port(port);
            if (p < 0) {
                throw new InvalidConfigException(PORT, String.format("'%s' is not a port 0..65535", port));
            }
        }
        Instant when = at == null ? Instant.now() : BindingsWebResource.instant(AT, at);
        List<Binding> who = get(BindingService.class).lookup(address, p, when);
        if (who.isEmpty() && !emptyWhenNobody) {
            throw new UnknownItemException(IP, "no tenant held %s%s at %s", address,
                                           p < 0 ? "" : " port " + p, when);
        }
        return ok(encodeArray(Binding.class, "bindings", who)).build();
    }
}
