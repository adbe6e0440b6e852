package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractShellCommand;
import org.tenantnat.api.TenantNatService;

/**
 * Lists tenants with their attachment, translated blocks and the state of their access intents.
 */
@Service
@Command(scope = "onos", name = "tenantnat-tenants",
        description = "Lists tenants: attachment, prefixes and translated blocks, access intents and their state")
public class TenantsCommand extends AbstractShellCommand {

    @Override
    protected void doExecute() {
        TenantNatService service = get(TenantNatService.class);
        if (outputJson()) {
            print("%s", TenantListFormatter.json(mapper(), service.desiredState(), service.allocation(),
                                                 service.intents()));
        } else {
            TenantListFormatter.lines(service.desiredState(), service.allocation(), service.intents())
                    .forEach(line -> print("%s", line));
        }
    }
}
