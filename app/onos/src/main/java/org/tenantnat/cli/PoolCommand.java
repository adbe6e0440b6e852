package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractShellCommand;
import org.tenantnat.api.TenantNatService;

/**
 * Shows how full the translation pool is, in total and per tenant.
 */
@Service
@Command(scope = "onos", name = "tenantnat-pool",
        description = "Shows translation pool size, allocated and free addresses, and addresses per tenant")
public class PoolCommand extends AbstractShellCommand {

    @Override
    protected void doExecute() {
        TenantNatService service = get(TenantNatService.class);
        if (outputJson()) {
            print("%s", PoolFormatter.json(mapper(), service.desiredState().pool(), service.poolUsage()));
        } else {
            PoolFormatter.lines(service.desiredState().pool(), service.poolUsage()).forEach(line -> print("%s", line));
        }
    }
}
