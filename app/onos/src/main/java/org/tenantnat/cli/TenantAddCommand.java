package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.tenantnat.api.model.Tenant;

/**
 * Adds a tenant described by a JSON file (the body of {@code POST /tenants}).
 */
@Service
@Command(scope = "onos", name = "tenantnat-tenant-add",
        description = "Adds the tenant described by a JSON file; prints its translated blocks")
public class TenantAddCommand extends TenantNatCommand {

    @Argument(name = "file", description = "Tenant JSON", required = true)
    @Completion(FileCompleter.class)
    String file = null;

    @Override
    protected void run() {
        Tenant tenant = nat().addTenant(origin(), decodeFile(file, Tenant.class));
        print("Tenant %s added", tenant.name());
        TranslationListFormatter.lines(nat().allocation().blocks(tenant.name())).forEach(l -> print("    %s", l));
    }
}
