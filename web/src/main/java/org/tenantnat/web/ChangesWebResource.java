package org.tenantnat.web;

import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The history of changes: every accepted change of the desired state with its revision, time, user, source (REST,
 * CLI, network config, config file) and what it changed.
 */
@Path("changes")
public class ChangesWebResource extends TenantNatWebResource {

    /** How many changes are listed when no limit is given. */
    static final int DEFAULT_LIMIT = 100;

    private static final String LIMIT = "limit";
    private static final String SINCE = "since";
    private static final String BEFORE = "before";

    /**
     * Lists recorded changes, newest first. Answers 200 with at most {@code limit} changes (default 100, at most
     * 1000), only those with a revision above {@code since} and below {@code before} when given: {@code since}
     * the newest revision already seen asks for what is new, {@code before} the oldest one of a page asks for the
     * page before it. 400 naming the parameter when one is not a number in range.
     *
     * @param limit  how many changes at most
     * @param since  only changes with a revision above this one
     * @param before only changes with a revision below this one
     * @return 200 OK with {"changes": [...]}
     * @onos.rsModel Changes
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getChanges(@QueryParam(LIMIT) String limit, @QueryParam(SINCE) String since,
                               @QueryParam(BEFORE) String before) {
        int max = (int) QueryNumber.parse(LIMIT, limit, DEFAULT_LIMIT, 1, ChangeHistoryService.MAX_LIMIT);
        long after = QueryNumber.parse(SINCE, since, 0, 0, Long.MAX_VALUE);
        long below = QueryNumber.parse(BEFORE, before, Long.MAX_VALUE, 1, Long.MAX_VALUE);
        return ok(encodeArray(ChangeRecord.class, "changes",
                              get(ChangeHistoryService.class).changes(after, below, max))).build();
    }
}
