package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.config.InvalidConfigException;

import java.util.List;

/**
 * Lists the history of changes, newest first: revision, time, user and source of each change, then what it changed;
 * {@code -j} prints what {@code GET /changes?limit=N} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-changes",
        description = "Lists the history of changes, newest first: when, who, through what, and what changed")
public class ChangesCommand extends TenantNatCommand {

    /** How many changes are listed when no limit is given: as many as GET /changes lists. */
    static final int DEFAULT_LIMIT = 100;

    @Option(name = "-n", aliases = "--limit", description = "How many changes at most (1..1000, default 100)")
    int limit = DEFAULT_LIMIT;

    @Override
    protected void run() {
        if (limit < 1 || limit > ChangeHistoryService.MAX_LIMIT) {
            throw new InvalidConfigException("limit", "expected a whole number 1.." + ChangeHistoryService.MAX_LIMIT
                    + ", got '" + limit + "'");
        }
        List<ChangeRecord> changes = get(ChangeHistoryService.class).changes(0, Long.MAX_VALUE, limit);
        if (outputJson()) {
            printJson(list("changes", ChangeRecord.class, changes));
        } else if (changes.isEmpty()) {
            print("No changes recorded");
        } else {
            for (ChangeRecord c : changes) {
                print("revision=%d, time=%s, user=%s, source=%s", c.revision(), c.time(), c.origin().user(),
                      c.origin().channel().text());
                c.summary().forEach(line -> print("    %s", line));
            }
        }
    }
}
