package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Revokes a tenant's access to a service ({@code DELETE /intents/{tenant}/{service}}); the intent is listed
 * WITHDRAWN until the switches removed its rules.
 */
@Service
@Command(scope = "onos", name = "tenantnat-access-revoke",
        description = "Revokes a tenant's access to a service")
public class AccessRevokeCommand extends TenantNatCommand {

    @Argument(index = 0, name = "tenant", description = "Tenant name", required = true)
    @Completion(TenantNameCompleter.class)
    String tenant = null;

    @Argument(index = 1, name = "service", description = "Service name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service = null;

    @Override
    protected void run() {
        nat().revokeAccess(origin(), tenant, service);
        print("Access of %s to %s revoked", tenant, service);
    }
}
