package org.tenantnat.web;

import org.tenantnat.api.BindingService;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.BindingRecord;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.Values;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;

/**
 * Bindings of dynamic and pat tenants: those in force, and the audit trail of every binding, port block and static
 * block over a time window.
 */
@Path("bindings")
public class BindingsWebResource extends TenantNatWebResource {

    private static final String TENANT = "tenant";
    private static final String FROM = "from";
    private static final String TO = "to";

    /**
     * Lists the bindings in force. Answers 200 with every tenant's, or one tenant's with ?tenant=; 400 for an empty
     * tenant parameter; 404 for an unknown tenant.
     *
     * @param tenant optional tenant name
     * @return 200 OK with {"bindings": [{"tenant", "original", "translated", "ports", "from"}]}
     * @onos.rsModel Bindings
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getBindings(@QueryParam(TENANT) String tenant) {
        return ok(encodeArray(Binding.class, "bindings", bindings().bindings(tenant(tenant)))).build();
    }

    /**
     * Lists the audit trail: every binding, port block and static block that held during a time window, ended or
     * not. Answers 200; 400 for a malformed time, an empty tenant, or a window that ends before it starts; 404 for
     * an unknown tenant.
     *
     * @param tenant optional tenant name
     * @param from   window start, ISO-8601 with an offset; default 24 hours before {@code to}
     * @param to     window end; default now
     * @return 200 OK with {"records": [{"tenant", "original", "translated", "ports", "from", "to"}]}
     * @onos.rsModel BindingHistory
     */
    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getHistory(@QueryParam(TENANT) String tenant, @QueryParam(FROM) String from,
                               @QueryParam(TO) String to) {
        Instant end = to == null ? Instant.now() : instant(TO, to);
        Instant start = from == null ? end.minusSeconds(24 * 3600) : instant(FROM, from);
        if (end.isBefore(start)) {
            throw new InvalidConfigException(TO, String.format("%s is before from (%s)", end, start));
        }
        return ok(encodeArray(BindingRecord.class, "records", bindings().history(tenant(tenant), start, end)))
                .build();
    }

    private BindingService bindings() {
        return get(BindingService.class);
    }

    private Optional<String> tenant(String tenant) {
        if (tenant == null) {
            return Optional.empty();
        }
        if (tenant.isEmpty()) {
            throw new InvalidConfigException(TENANT, "empty; give a tenant name or leave the parameter out");
        }
        if (nat().desiredState().tenant(tenant).isEmpty()) {
            throw new UnknownItemException(TENANT, "no tenant named %s", tenant);
        }
        return Optional.of(tenant);
    }

    /**
     * Reads a time parameter.
     *
     * @param field parameter name
     * @param text  its value
     * @return the moment
     * @throws InvalidConfigException naming the parameter when it is not ISO-8601 with an offset
     */
    static Instant instant(String field, String text) {
        Instant at = Values.instant(text);
        if (at == null) {
            throw new InvalidConfigException(field, Values.instantProblem(text));
        }
        return at;
    }
}
