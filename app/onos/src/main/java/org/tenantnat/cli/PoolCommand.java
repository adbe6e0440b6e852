package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatService;

/**
 * Shows how full the translation pool is, in total and per tenant; {@code -j} prints what {@code GET /pool}
 * answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-pool",
        description = "Shows translation pool size, allocated and free addresses, and addresses per tenant")
public class PoolCommand extends TenantNatCommand {

    @Override
    protected void run() {
        TenantNatService service = nat();
        if (outputJson()) {
            printJson(encode(service.poolUsage(), PoolUsage.class));
        } else {
            PoolFormatter.lines(service.desiredState().pool(), service.poolUsage()).forEach(line -> print("%s", line));
        }
    }
}
