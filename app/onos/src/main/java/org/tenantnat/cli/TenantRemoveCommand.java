package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Removes a tenant, its translated blocks and its access ({@code DELETE /tenants/{name}}).
 */
@Service
@Command(scope = "onos", name = "tenantnat-tenant-remove",
        description = "Removes a tenant, its translated blocks and its access")
public class TenantRemoveCommand extends TenantNatCommand {

    @Argument(name = "tenant", description = "Tenant name", required = true)
    @Completion(TenantNameCompleter.class)
    String tenant = null;

    @Override
    protected void run() {
        nat().removeTenant(origin(), tenant);
        print("Tenant %s removed", tenant);
    }
}
