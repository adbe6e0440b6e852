package org.tenantnat.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
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
    private static final String LIMIT = "limit";

    /** The most bindings one answer lists when a limit is asked for. */
    static final int MAX_LIMIT = 10_000;

    /**
     * Lists the bindings in force. Answers 200 with every tenant's, or one tenant's with ?tenant=; with ?limit=N
     * only the first N of them (by tenant, host and start) and, in {@code total}, how many there are, so that a
     * view polling a host with many bindings reads a page, not all of them. 400 for an empty tenant parameter or a
     * limit that is not a number 1..{@value #MAX_LIMIT}; 404 for an unknown tenant.
     *
     * @param tenant optional tenant name
     * @param limit  optional number of bindings at most
     * @return 200 OK with {"bindings": [{"tenant", "original", "translated", "ports", "from"}]}, and "total" with
     *         ?limit
     * @onos.rsModel Bindings
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getBindings(@QueryParam(TENANT) String tenant, @QueryParam(LIMIT) String limit) {
        int max = (int) QueryNumber.parse(LIMIT, limit, 0, 1, MAX_LIMIT);
        List<Binding> inForce = bindings().bindings(tenant(tenant));
        if (limit == null) {
            return ok(encodeArray(Binding.class, "bindings", inForce)).build();
        }
        ObjectNode page = encodeArray(Binding.class, "bindings", inForce.subList(0, Math.min(max, inForce.size())));
        return ok(page.put("total", inForce.size())).build();
    }

    /**
     * Lists the audit trail: every binding, port block and static block that held during a time window, ended or
     * not, oldest first. With ?limit=N only the first N of them and, in {@code total}, how many there are, so that
     * a view asking for a busy day reads a page, not all of it. A tenant removed from the desired state is still
     * answered from the trail (an abuse report can come after the customer left). Answers 200; 400 for a malformed
     * time, an empty tenant, a window that ends before it starts, or a limit that is not a number
     * 1..{@value #MAX_LIMIT}; 404 for a tenant that is neither configured nor in the window's records.
     *
     * @param tenant optional tenant name
     * @param from   window start, ISO-8601 with an offset; default 24 hours before {@code to}
     * @param to     window end; default now
     * @param limit  optional number of records at most
     * @return 200 OK with {"records": [{"tenant", "original", "translated", "ports", "from", "to"}]}, and "total"
     *         with ?limit
     * @onos.rsModel BindingHistory
     */
    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getHistory(@QueryParam(TENANT) String tenant, @QueryParam(FROM) String from,
                               @QueryParam(TO) String to, @QueryParam(LIMIT) String limit) {
        int max = (int) QueryNumber.parse(LIMIT, limit, 0, 1, MAX_LIMIT);
        Instant end = to == null ? Instant.now() : instant(TO, to);
        Instant start = from == null ? end.minusSeconds(24 * 3600) : instant(FROM, from);
        if (end.isBefore(start)) {
            throw new InvalidConfigException(TO, String.format("%s is before from (%s)", end, start));
        }
        Optional<String> asked = named(tenant);
        List<BindingRecord> records = bindings().history(asked, start, end);
        if (records.isEmpty() && asked.isPresent() && !configured(asked.get())) {
            throw new UnknownItemException(TENANT, "no tenant named %s, and no record of one between %s and %s",
                                           tenant, start, end);
        }
        if (limit == null) {
            return ok(encodeArray(BindingRecord.class, "records", records)).build();
        }
        ObjectNode page = encodeArray(BindingRecord.class, "records",
                                      records.subList(0, Math.min(max, records.size())));
        return ok(page.put("total", records.size())).build();
    }

    private BindingService bindings() {
        return get(BindingService.class);
    }

    private Optional<String> tenant(String tenant) {
        Optional<String> asked = named(tenant);
        if (asked.isPresent() && !configured(asked.get())) {
            throw new UnknownItemException(TENANT, "no tenant named %s", tenant);
        }
        return asked;
    }

    private static Optional<String> named(String tenant) {
        if (tenant == null) {
            return Optional.empty();
        }
        if (tenant.isEmpty()) {
            throw new InvalidConfigException(TENANT, "empty; give a tenant name or leave the parameter out");
        }
        return Optional.of(tenant);
    }

    private boolean configured(String tenant) {
        return nat().desiredState().tenant(tenant).isPresent();
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
