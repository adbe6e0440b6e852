package org.tenantnat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantNatService;

import java.util.List;

/**
 * Shows how full the translation pool is, in total and per tenant, and the pool block of every dynamic or pat tenant
 * (slots in use, held down, peak, refusals, state); {@code -j} prints what {@code GET /pool} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-pool",
        description = "Shows translation pool size, allocated and free addresses, addresses per tenant, and the "
                + "pool blocks of dynamic and pat tenants")
public class PoolCommand extends TenantNatCommand {

    @Override
    protected void run() {
        TenantNatService service = nat();
        List<BindingUsage> blocks = get(BindingService.class).usage();
        if (outputJson()) {
            ObjectNode pool = encode(service.poolUsage(), PoolUsage.class);
            ArrayNode bindings = pool.putArray("bindings");
            blocks.forEach(u -> bindings.add(encode(u, BindingUsage.class)));
            printJson(pool);
        } else {
            PoolFormatter.lines(service.desiredState().pool(), service.poolUsage()).forEach(line -> print("%s", line));
            PoolFormatter.poolBlocks(blocks).forEach(line -> print("%s", line));
        }
    }
}
