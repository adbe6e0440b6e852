package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.tenantnat.api.model.Tenant;

/**
 * Replaces the tenant of the same name with the one described by a JSON file ({@code PUT /tenants/{name}}).
 */
@Service
@Command(scope = "onos", name = "tenantnat-tenant-replace",
        description = "Replaces the tenant of the same name with the one described by a JSON file")
public class TenantReplaceCommand extends TenantNatCommand {

    @Argument(name = "file", description = "Tenant JSON, with the name of an existing tenant", required = true)
    @Completion(FileCompleter.class)
    String file = null;

    @Override
    protected void run() {
        Tenant tenant = nat().replaceTenant(origin(), decodeFile(file, Tenant.class));
        print("Tenant %s replaced", tenant.name());
    }
}
