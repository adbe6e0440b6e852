package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.model.Tenant;

/**
 * Lists tenants with their attachment, translated blocks and the state of their access intents; {@code -j} prints
 * what {@code GET /tenants} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-tenants",
        description = "Lists tenants: attachment, prefixes and translated blocks, access intents and their state")
public class TenantsCommand extends TenantNatCommand {

    @Override
    protected void run() {
        TenantNatService service = nat();
        if (outputJson()) {
            printJson(list("tenants", Tenant.class, service.desiredState().tenants()));
        } else {
            TenantListFormatter.lines(service.desiredState(), service.allocation(), service.intents())
                    .forEach(line -> print("%s", line));
        }
    }
}
