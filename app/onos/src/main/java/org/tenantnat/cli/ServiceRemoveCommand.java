package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Removes a service no tenant has access to ({@code DELETE /services/{name}}).
 */
@Service
@Command(scope = "onos", name = "tenantnat-service-remove",
        description = "Removes a service; refused while tenants still have access to it")
public class ServiceRemoveCommand extends TenantNatCommand {

    @Argument(name = "service", description = "Service name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service = null;

    @Override
    protected void run() {
        nat().removeService(origin(), service);
        print("Service %s removed", service);
    }
}
